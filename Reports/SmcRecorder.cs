using Probabilistic.Inference;

namespace Probabilistic.Reports;

/// <summary>
/// Records what a particle algorithm reports after each step (pass it as the <c>progress</c> argument of
/// <see cref="Infer.Smc{T}(Model{T}, SmcOptions?, IProgress{SmcProgress}?, CancellationToken)"/>), for
/// <see cref="Plots.EffectiveSampleSize"/> and <see cref="Plots.LogEvidence"/>. It reports synchronously and is thread-safe;
/// <paramref name="next"/>, when given, also receives every report (a progress bar, say).
/// </summary>
public sealed class SmcRecorder(IProgress<SmcProgress>? next = null) : IProgress<SmcProgress>
{
    private readonly List<SmcProgress> _steps = [];

    /// <summary>The steps recorded so far, in order.</summary>
    public IReadOnlyList<SmcProgress> Steps
    {
        get { lock (_steps) return _steps.ToArray(); }
    }

    /// <inheritdoc />
    public void Report(SmcProgress value)
    {
        lock (_steps) _steps.Add(value);
        next?.Report(value);
    }
}
