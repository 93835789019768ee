using Probabilistic.Interpretation;

namespace Probabilistic.Inference.Particles;

public sealed partial class Population<T>
{
    /// <summary>
    /// One step of <see cref="Sequentially"/>'s loop (advance, stop on weight 0 everywhere, resample when degenerate
    /// and unfinished, report): the loop run one step at a time, so that a run can stop between steps and be checkpointed.
    /// </summary>
    internal void SequentialStep(Resampler resampler, double essThreshold, IProgress<SmcProgress>? progress)
    {
        Advance();
        if (AllImpossibleNow) throw AllImpossible();
        double ess = EffectiveSampleSize;
        bool resampled = !AllFinished && Degenerate(essThreshold, ess);
        if (resampled) Resample(resampler);
        progress?.Report(new SmcProgress(Step, ess, LogEvidence, resampled));
    }

    /// <summary>
    /// Continues from the next step with the streams of <paramref name="seed"/> (an island copied by island-level
    /// resampling must not repeat its ancestor's draws).
    /// </summary>
    internal void Reseed(ulong seed) => _seed = seed;

    /// <summary>The seed whose streams the next steps draw from.</summary>
    internal ulong Seed => _seed;

    /// <summary>The population's state as plain data: what a checkpoint stores (the particles as their recorded choices).</summary>
    internal ParticleSnapshot Snapshot()
    {
        if (_histories is null) throw new InvalidOperationException("Population: only a population that records its choices (Stepper.Bootstrap.Recording()) can be checkpointed.");
        return new ParticleSnapshot(_step, _resamplings, _otherResamplings, PushedLogEvidence, EffectiveSampleSizeBeforeResampling,
            (double[])_logWeights.Clone(), (double[])_logLikelihoods.Clone(), (int[])_eves.Clone(), (bool[])_finished.Clone(),
            ChoiceGraph.Of(_histories));
    }

    /// <summary>
    /// A population in the state <paramref name="snapshot"/> describes, moved by <paramref name="stepper"/> (recording)
    /// from <paramref name="seed"/>'s streams: each particle is the model replayed with its recorded choices up to the
    /// score it stood after (<see cref="ChoiceReplayHandler"/>), or to its end when it had finished, so that its cursor
    /// continues as the original's would.
    /// </summary>
    internal static Population<T> Restore(Model<T> model, ParticleSnapshot snapshot, Stepper stepper, ulong seed, int maxDegreeOfParallelism, string algorithm)
    {
        int n = snapshot.LogWeights.Length;
        var p = new Population<T>(model, n, seed, stepper) { MaxDegreeOfParallelism = maxDegreeOfParallelism, Algorithm = algorithm };
        p._step = snapshot.Step;
        p._resamplings = snapshot.Resamplings;
        p._otherResamplings = snapshot.OtherResamplings;
        p.PushedLogEvidence = snapshot.PushedLogEvidence;
        p.EffectiveSampleSizeBeforeResampling = snapshot.EffectiveSampleSizeBeforeResampling;
        snapshot.LogWeights.CopyTo(p._logWeights, 0);
        snapshot.LogLikelihoods.CopyTo(p._logLikelihoods, 0);
        snapshot.Eves.CopyTo(p._eves, 0);
        var graph = snapshot.Choices;
        var rebuilt = new ChoiceHistory?[graph.Count];
        if (snapshot.Step == 0) return p;
        for (int i = 0; i < n; i++)
        {
            var handler = new ChoiceReplayHandler(graph, graph.Heads[i], rebuilt, snapshot.Finished[i] ? int.MaxValue : snapshot.Step, i);
            var machine = new Machine(handler);
            machine.Start(model);
            machine.Run();
            handler.CheckAllUsed();
            p._histories![i] = handler.History;
            if (machine.Finished != snapshot.Finished[i])
                throw new ArgumentException($"SmcCheckpoint: particle {i} {(snapshot.Finished[i] ? "had finished the model" : "stood after score " + snapshot.Step)}, " +
                    $"but the model replayed with its choices {(machine.Finished ? "finished" : "did not finish")}; the checkpoint is from another model or other data.", "checkpoint");
            if (machine.Finished)
            {
                p._finished[i] = true;
                p._values[i] = machine.Result<T>();
                p._cursors[i] = default;
            }
            else p._cursors[i] = machine.Save();
        }
        return p;
    }
}

/// <summary>A population between steps as plain data (<see cref="Population{T}.Snapshot"/>).</summary>
internal sealed record ParticleSnapshot(int Step, int Resamplings, int OtherResamplings, double PushedLogEvidence, double EffectiveSampleSizeBeforeResampling,
    double[] LogWeights, double[] LogLikelihoods, int[] Eves, bool[] Finished, ChoiceGraph Choices);
