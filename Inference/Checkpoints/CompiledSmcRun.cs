using Probabilistic.Compilation;
using Probabilistic.Inference.Compiled;
using Probabilistic.Inference.Particles;

namespace Probabilistic.Inference;

/// <summary>
/// The compiled bootstrap filter (<see cref="CompiledSmc{T}"/>'s loop) a step at a time: steps 1…Steps advance every
/// particle through its next score and resample when degenerate, step Steps + 1 runs them to their end. A checkpoint
/// writes the state structs field by field (<see cref="StateLayout{TState}"/>).
/// </summary>
internal sealed class CompiledSmcRun<TState, TProgram, T> : SmcRun<T>
    where TState : struct
    where TProgram : struct, IParticleProgram<TState, T>
{
    private readonly TProgram _program;
    private readonly SmcOptions _options;
    private readonly string _name;
    private CompiledPopulation<TState, TProgram, T> _population;
    private T[]? _values;

    private CompiledSmcRun(TProgram program, SmcOptions options, string name, CompiledPopulation<TState, TProgram, T> population)
    {
        _program = program;
        _options = options;
        _name = name;
        _population = population;
    }

    /// <summary>The program's identity in a checkpoint: the twin's name, the state type and its layout.</summary>
    public static string ProgramName(string twinName) => $"{twinName}|{typeof(TState).FullName}|{StateLayout<TState>.Description}";

    public static CompiledSmcRun<TState, TProgram, T> Start(TProgram program, SmcOptions options, ulong seed, string twinName) =>
        new(program, options, twinName, new CompiledPopulation<TState, TProgram, T>(program, options.Particles, seed, options.MaxDegreeOfParallelism));

    public static CompiledSmcRun<TState, TProgram, T> Resume(TProgram program, SmcOptions options, SmcCheckpoint checkpoint, ulong seed, string twinName)
    {
        var (bytes, programSteps, finished) = checkpoint.CompiledStates!.Value;
        if (programSteps != program.Steps)
            throw new ArgumentException($"SmcCheckpoint: the checkpoint's program makes {programSteps} scores, but the model's makes {program.Steps}; the checkpoint is from other data.", nameof(checkpoint));
        var p = checkpoint.Particles;
        var population = new CompiledPopulation<TState, TProgram, T>(program, options.Particles, seed, options.MaxDegreeOfParallelism);
        var (r, _) = CheckpointReader.Open(bytes, "PPLSTATE", 1, nameof(SmcCheckpoint));
        var states = population.States;
        for (int i = 0; i < states.Length; i++) states[i] = StateLayout<TState>.Read(r);
        r.End();
        population.Restore(p.Step, p.Resamplings, p.OtherResamplings, p.PushedLogEvidence, p.EffectiveSampleSizeBeforeResampling, p.LogWeights, p.Eves);
        var run = new CompiledSmcRun<TState, TProgram, T>(program, options, twinName, population);
        if (finished) run._values = run.Values();
        return run;
    }

    public override int Step => _population.Step;

    public override bool Finished => _values is not null;

    public override double LogEvidence => _population.LogEvidence;

    public override double[] LogWeights() => (double[])_population.LogWeights.Clone();

    public override void Advance(IProgress<SmcProgress>? progress)
    {
        if (_values is not null) throw new InvalidOperationException("SmcSampler: every particle has finished the model; there is no step left.");
        if (_population.Step == _program.Steps) _values = _population.FinishStep(_options, _name, progress);
        else _population.FilterStep(_options, _name, progress);
    }

    public override WeightedSample<T> Result() =>
        _population.Result(_values ?? throw new InvalidOperationException(
            $"SmcSampler: the particles have taken {_population.Step} of the model's {_program.Steps + 1} steps; run them to the end first."));

    public override SmcCheckpoint Checkpoint()
    {
        var population = _population;
        var w = new CheckpointWriter();
        foreach (ref readonly var s in population.States) StateLayout<TState>.Write(w, s);
        var snapshot = new ParticleSnapshot(population.Step, population.Resamplings, population.OtherResamplings, population.PushedLogEvidence,
            population.EffectiveSampleSizeBeforeResampling, (double[])population.LogWeights.Clone(), [], population.Eves.ToArray(), [], new ChoiceGraph([], [], [], [], []));
        return new SmcCheckpoint(ProgramName(_name), population.Seed, _options.Resampler.Name, _options.EssThreshold, snapshot)
        {
            CompiledStates = (w.ToBytes("PPLSTATE", 1), _program.Steps, _values is not null),
        };
    }

    public override SmcRun<T> Clone(ulong seed) =>
        new CompiledSmcRun<TState, TProgram, T>(_program, _options, _name, _population.Clone(seed, _options.MaxDegreeOfParallelism)) { _values = _values };

    public override void Reseed(ulong seed)
    {
        var old = _population;
        _population = old.Clone(seed, _options.MaxDegreeOfParallelism);
        old.Dispose();
    }

    /// <summary>The return values of finished states (Result reads the stored result of a finished particle and draws nothing).</summary>
    private T[] Values()
    {
        var states = _population.States;
        var values = new T[states.Length];
        var rng = new Rng(0);
        for (int i = 0; i < values.Length; i++) values[i] = _program.Result(ref states[i], rng);
        return values;
    }
}
