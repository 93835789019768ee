using Probabilistic.Compilation;
using Probabilistic.Inference.Particles;

namespace Probabilistic.Inference;

/// <summary>
/// Starts and resumes <see cref="SmcSampler{T}"/>s: the bootstrap particle filter of
/// <see cref="Infer.Smc{T}(Model{T}, SmcOptions?, IProgress{SmcProgress}?, CancellationToken)"/> held as an object that can
/// stop between observation steps and continue later, in this process or another.
/// </summary>
/// <example>
/// <code>
/// var sampler = SmcSampler.Start(model, options);
/// sampler.Run(20);                                     // the first 20 observations
/// File.WriteAllBytes("smc.ckpt", sampler.Checkpoint().ToBytes());
/// // … later, maybe in another process:
/// var resumed = SmcSampler.Resume(model, SmcCheckpoint.FromBytes(File.ReadAllBytes("smc.ckpt")), options);
/// resumed.Run(int.MaxValue);
/// WeightedSample&lt;Real&gt; result = resumed.Result(); // equals Infer.Smc(model, options)
/// </code>
/// </example>
public static class SmcSampler
{
    /// <summary>
    /// A bootstrap filter of <paramref name="options"/>' particles on <paramref name="model"/>, at its start: the compiled
    /// twin's particle program when the model has one (unless <see cref="ParticleOptions.Interpreted"/>), else the
    /// interpreted population with its particles recording their choices. Run to the end, it gives
    /// <see cref="Infer.Smc{T}(Model{T}, SmcOptions?, IProgress{SmcProgress}?, CancellationToken)"/>'s result bit for bit.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range, or <see cref="SmcOptions.Islands"/> is not 1 (an island run is <c>IslandSmc</c>).</exception>
    public static SmcSampler<T> Start<T>(Model<T> model, SmcOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var o = Checked(options);
        return new SmcSampler<T>(StartRun(model, o, o.Seed));
    }

    /// <summary>
    /// Continues the run <paramref name="checkpoint"/> was taken from on the same model (and data), from the checkpoint's
    /// seed: the same particles, weights and evidence, bit for bit, as the run that was not stopped. <paramref name="options"/>
    /// must have the checkpoint's particles, resampler, ESS threshold and program (interpreted or compiled); its
    /// <see cref="ParticleOptions.MaxDegreeOfParallelism"/> may differ and its <see cref="ParticleOptions.Seed"/> is not
    /// used. With no options, the checkpoint's settings.
    /// </summary>
    /// <exception cref="ArgumentException">The checkpoint is from another program or model (its state layout, its number of
    /// scores, or a particle's choices replayed on the model differ), or the settings differ; the message names which.</exception>
    public static SmcSampler<T> Resume<T>(Model<T> model, SmcCheckpoint checkpoint, SmcOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(checkpoint);
        return new SmcSampler<T>(ResumeRun(model, checkpoint, options, checkpoint.Seed));
    }

    /// <summary>The options, checked, with one island required.</summary>
    internal static SmcOptions Checked(SmcOptions? options)
    {
        var o = OptionRules.Checked(options);
        if (o.Islands != 1) throw new ArgumentOutOfRangeException(nameof(options), o.Islands, "SmcSampler: one population has one island; run islands with IslandSmc.");
        return o;
    }

    /// <summary>A fresh run of <paramref name="model"/> from <paramref name="seed"/>: compiled when it has a twin and <paramref name="o"/> allows.</summary>
    internal static SmcRun<T> StartRun<T>(Model<T> model, SmcOptions o, ulong seed) =>
        !o.Interpreted && CompiledModels.TryGetTwin(model, out var twin)
            ? twin.Accept(new StartVisitor<T>(o, seed, twin.Name, null))
            : InterpretedSmcRun<T>.Start(model, o, seed);

    /// <summary>The run <paramref name="checkpoint"/> holds, drawing from <paramref name="seed"/>'s streams from its next step.</summary>
    internal static SmcRun<T> ResumeRun<T>(Model<T> model, SmcCheckpoint checkpoint, SmcOptions? options, ulong seed)
    {
        var o = options is null
            ? new SmcOptions
            {
                Particles = checkpoint.Count, EssThreshold = checkpoint.EssThreshold, Seed = checkpoint.Seed,
                Resampler = ResamplerNamed(checkpoint.Resampler), Interpreted = !checkpoint.IsCompiled,
            }
            : Checked(options);
        if (!o.Interpreted && CompiledModels.TryGetTwin(model, out var twin))
            return twin.Accept(new StartVisitor<T>(o, seed, twin.Name, checkpoint));
        checkpoint.CheckResumable(o, SmcCheckpoint.InterpretedProgram);
        return InterpretedSmcRun<T>.Resume(model, checkpoint, o, seed);
    }

    private static Resampler ResamplerNamed(string name) =>
        new[] { Resampler.Systematic, Resampler.Multinomial, Resampler.Stratified, Resampler.Residual }.FirstOrDefault(r => r.Name == name)
        ?? throw new ArgumentException($"SmcCheckpoint: the resampler '{name}' is none of this library's; pass options with the resampler it ran with.", "checkpoint");

    private sealed class StartVisitor<T>(SmcOptions o, ulong seed, string twinName, SmcCheckpoint? checkpoint) : ICompiledModelVisitor<T, SmcRun<T>>
    {
        public SmcRun<T> VisitParticleProgram<TState, TProgram>(TProgram program)
            where TState : struct
            where TProgram : struct, IParticleProgram<TState, T>
        {
            if (checkpoint is null) return CompiledSmcRun<TState, TProgram, T>.Start(program, o, seed, twinName);
            checkpoint.CheckResumable(o, CompiledSmcRun<TState, TProgram, T>.ProgramName(twinName));
            return CompiledSmcRun<TState, TProgram, T>.Resume(program, o, checkpoint, seed, twinName);
        }
    }
}

/// <summary>
/// A bootstrap SMC run held as an object (<see cref="SmcSampler.Start{T}(Model{T}, SmcOptions?)"/>): <see cref="Run"/>
/// advances it by some observation steps, <see cref="Checkpoint"/> captures the population as a value, and
/// <see cref="Result"/> gives the weighted sample once every particle has finished. A run stopped and resumed any number
/// of times, after any steps, gives the same values, weights and log-evidence, bit for bit, as the uninterrupted
/// <see cref="Infer.Smc{T}(Model{T}, SmcOptions?, IProgress{SmcProgress}?, CancellationToken)"/> with the same options.
/// </summary>
/// <remarks>Not thread-safe: call its members from one thread at a time (a step itself advances the particles in parallel).
/// If a step throws (the model threw, or every particle reached weight 0), the sampler refuses to go on: resume from a
/// checkpoint taken before.</remarks>
public sealed class SmcSampler<T>
{
    private readonly SmcRun<T> _run;
    private Exception? _fault;

    internal SmcSampler(SmcRun<T> run) => _run = run;

    /// <summary>Steps taken: observations (and factors) passed, plus one for the step in which the particles finish.</summary>
    public int Step => _run.Step;

    /// <summary>Whether every particle has finished the model (then <see cref="Result"/> is ready).</summary>
    public bool IsFinished => _run.Finished;

    /// <summary>The evidence estimate so far, log Ẑ of the observations passed.</summary>
    public double LogEvidence => _run.LogEvidence;

    /// <summary>A copy of the particles' current (unnormalized) log weights: once finished, those <see cref="Result"/> normalizes.</summary>
    public double[] LogWeights() => _run.LogWeights();

    /// <summary>
    /// Advances by up to <paramref name="steps"/> steps (fewer when the particles finish first); returns how many it took.
    /// </summary>
    /// <exception cref="ModelException">Every particle reached weight 0 (the message names the step and the observation).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the sampler stands after the last whole step and can go on.</exception>
    public int Run(int steps, IProgress<SmcProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps), steps, "SmcSampler.Run: the number of steps must be non-negative.");
        ThrowIfFaulted();
        int taken = 0;
        try
        {
            for (; taken < steps && !_run.Finished; taken++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                _run.Advance(progress);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _fault = e;
            throw;
        }
        return taken;
    }

    /// <summary>
    /// Continues from the next step with the streams of <paramref name="seed"/> instead of the run's own (an island
    /// resampled onto itself by island-level resampling); the particles do not change.
    /// </summary>
    public void Reseed(ulong seed)
    {
        ThrowIfFaulted();
        _run.Reseed(seed);
    }

    /// <summary>The population now, as a checkpoint (<see cref="SmcCheckpoint.ToBytes"/> for its binary form).</summary>
    /// <exception cref="NotSupportedException">A particle holds a choice (or a compiled state field) of a type a checkpoint cannot store; the message names it.</exception>
    public SmcCheckpoint Checkpoint()
    {
        ThrowIfFaulted();
        return _run.Checkpoint();
    }

    /// <summary>The weighted return values with log Ẑ and its standard error, as <c>Infer.Smc</c> returns them.</summary>
    /// <exception cref="InvalidOperationException">The particles have not finished (<see cref="Run"/> them to the end).</exception>
    public WeightedSample<T> Result()
    {
        ThrowIfFaulted();
        if (!_run.Finished) throw new InvalidOperationException($"SmcSampler: the particles have taken {_run.Step} steps and not finished the model; Run them to the end first.");
        return _run.Result();
    }

    private void ThrowIfFaulted()
    {
        if (_fault is not null) throw new InvalidOperationException("SmcSampler: a step failed, so the particles stand in no state of an uninterrupted run; resume from an earlier checkpoint.", _fault);
    }
}
