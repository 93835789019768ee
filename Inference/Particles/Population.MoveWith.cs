using Probabilistic.Inference.Traced;
using Probabilistic.Interpretation;
using Probabilistic.Interpretation.Handlers;

namespace Probabilistic.Inference.Particles;

public sealed partial class Population<T>
{
    /// <summary>
    /// Resample-move SMC's move with a user kernel (Gilks &amp; Berzuini, JRSS B 2001; the intermediate targets of Del
    /// Moral, Doucet &amp; Jasra, JRSS B 2006, §3): applies <paramref name="kernel"/> once to each particle's partial trace
    /// <paramref name="steps"/> times as a trace of the intermediate target p_s — the model up to its s-th score, s the number of steps taken — so
    /// the weights do not change.
    /// <para>
    /// The target is a model view whose generative-function operations stop after the s-th score
    /// (<c>SuspendedModel</c>), so any <see cref="Kernel{T}"/> written on the generative function interface (an MH
    /// kernel's <c>Regenerate</c> or <c>Update</c> weight) gets the acceptance ratio for p_s. The particle's trace is
    /// the view's <c>Generate</c> under its recorded choices; when the kernel accepts, the particle's cursor is recovered by
    /// re-running the model from its start with the moved trace's choices replayed, suspending after its s-th score
    /// (or finishing, when the moved run ends before it).
    /// </para>
    /// Needs a recording bootstrap stepper (<c>Stepper.Bootstrap.Recording()</c>), as <see cref="Rejuvenate(int)"/> does.
    /// </summary>
    public Population<T> Rejuvenate(Kernel<T> kernel, int steps = 1)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps), steps, "Rejuvenate: the number of kernel steps must be non-negative.");
        CheckMovable();
        int n = Count;
        ulong streamsPerStep = (ulong)n + 1;
        var target = new SuspendedModel<T>(_model, _step);
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, MaxDegreeOfParallelism) };
        // A third seed's streams (the advance and resampling streams use _seed, the single-site moves _seed ^ 0x6A09…).
        ulong moveSeed = _seed ^ 0xBB67AE8584CAA73BUL;
        ParallelRun.Invoke(() => Parallel.For(0, n, options, i => Move(i, kernel, steps, target, new Rng(moveSeed, (ulong)_step * streamsPerStep + (ulong)i))));
        return this;
    }

    private void Move(int i, Kernel<T> kernel, int steps, SuspendedModel<T> target, Rng rng)
    {
        if (steps == 0) return;
        var (trace, _) = target.Generate(ChoiceHistory.ToChoiceMap(_histories![i]), rng);
        var moved = trace;
        for (int k = 0; k < steps; k++) moved = kernel.Apply(moved, rng).Trace;
        if (ReferenceEquals(moved, trace)) return;
        if (moved is null || !ReferenceEquals(moved.Model, target))
            throw new InvalidOperationException($"Population.Rejuvenate: the kernel {kernel.GetType().Name} returned {(moved is null ? "no trace" : "a trace of another model")} at particle {i}; a kernel must return a trace of the model it was given.");
        var replay = new ReplayHandler(moved.ChoiceTable, null, _step, rng);
        var machine = new Machine(replay);
        machine.Start(_model);
        machine.Run();
        _histories[i] = replay.History;
        _logLikelihoods[i] = replay.LogLikelihood;
        _finished[i] = machine.Finished;
        _values[i] = machine.Finished ? machine.Result<T>() : default!;
        _cursors[i] = machine.Finished ? default : machine.Save();
    }
}
