using Probabilistic.Interpretation;

namespace Probabilistic.Inference.Particles;

public sealed partial class Population<T>
{
    /// <summary>
    /// The move of resample-move SMC (Gilks &amp; Berzuini, JRSS B 2001; monad-bayes' <c>rmsmc</c>): gives each
    /// particle <paramref name="steps"/> single-site Metropolis–Hastings steps with prior proposals (Wingate et
    /// al., AISTATS 2011, §3) that leave the current target invariant, so the weights do not change.
    /// <para>
    /// The target after s steps is the partial program: the model run up to its s-th score (or its end),
    /// γ_s(x) = Π p(choices made before that point) · Π_{j ≤ s} (scores). A particle's partial trace is its
    /// recorded history of choices plus its log likelihood so far. One MH step picks a choice of the history
    /// uniformly, re-runs the model from its start with every other previous choice kept and that one redrawn
    /// from the prior (new choices also from the prior), suspending right after the s-th score, and accepts with
    /// log α = Σ_kept [log p'(x) − log p(x)] + (log L' − log L) + log |x| − log |x'|, the <c>Regenerate</c>
    /// weight with the single-site correction. An accepted run's suspended program (a cursor) replaces the
    /// particle's, so it continues from its new partial trace; a run that ends before the s-th score finishes it.
    /// </para>
    /// Needs a recording bootstrap stepper (<c>Stepper.Bootstrap.Recording()</c>): the other steppers' targets are not
    /// the prior partial program, and scripted randomness cannot drive the moves.
    /// </summary>
    public Population<T> Rejuvenate(int steps)
    {
        if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps), steps, "Rejuvenate: the number of MH steps must be non-negative.");
        CheckMovable();
        int n = Count;
        ulong streamsPerStep = (ulong)n + 1;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, MaxDegreeOfParallelism) };
        // Streams of a second seed (the advance and resampling streams use _seed itself), one per particle and step.
        ulong moveSeed = _seed ^ 0x6A09E667F3BCC909UL;
        ParallelRun.Invoke(() => Parallel.For(0, n, options, i => Move(i, steps, new Rng(moveSeed, (ulong)_step * streamsPerStep + (ulong)i))));
        return this;
    }

    private void CheckMovable()
    {
        if (_histories is null) throw new InvalidOperationException("Population.Rejuvenate: the particles do not record their choices; spawn them with a recording stepper (Stepper.Bootstrap.Recording()).");
        if (!_stepper.TargetsPrior) throw new InvalidOperationException("Population.Rejuvenate: only bootstrap populations can be rejuvenated (constrained, conditional and guided steppers target other distributions than the partial program).");
        if (_stepper.Randomness is not null) throw new InvalidOperationException("Population.Rejuvenate: the moves draw from the seed's streams, so they cannot be used with finite randomness.");
    }

    private void Move(int i, int steps, Rng rng)
    {
        for (int k = 0; k < steps; k++)
        {
            var previous = ChoiceHistory.ToTable(_histories![i], out int count);
            if (count == 0) return;
            var site = previous.Ordered[rng.NextInt(count)].Address;
            var handler = new ReplayHandler(previous, site, _step, rng);
            var machine = new Machine(handler);
            machine.Start(_model);
            machine.Run();
            if (handler.Count == 0) continue;
            double logAlpha = handler.KeptDelta + handler.LogLikelihood - _logLikelihoods[i] + Math.Log(count) - Math.Log(handler.Count);
            if (!Traced.MarkovChain.Accept(logAlpha, rng, "Population.Rejuvenate", "a partial trace of probability 0?")) continue;
            _histories[i] = handler.History;
            _logLikelihoods[i] = handler.LogLikelihood;
            _finished[i] = machine.Finished;
            _values[i] = machine.Finished ? machine.Result<T>() : default!;
            _cursors[i] = machine.Finished ? default : machine.Save();
        }
    }
}
