using TorchSharp;
using static TorchSharp.torch;

namespace Probabilistic.Torch;

/// <summary>
/// Vectorized likelihood weighting: one run of the model with N particles as a leading batch dimension, each
/// particle's choices drawn from the prior and weighted by its likelihood. log Ẑ = logsumexp(log w) − log N; its
/// standard error by the delta method, se(log Ẑ) ≈ sd(w) / (√N · mean(w)) = √(1/ESS − 1/N) (Owen, "Monte Carlo
/// theory, methods and examples", 2013, §9.2–9.3). For models whose structure is static.
/// </summary>
public static class TensorImportance
{
    /// <summary>Runs <paramref name="particles"/> particles of <paramref name="model"/> at once (options: seed, plates, device).</summary>
    public static TensorWeightedSample Run<T>(Model<T> model, int particles, TensorRunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (particles < 2) throw new ArgumentOutOfRangeException(nameof(particles), particles, "TensorImportance: at least 2 particles are needed.");
        var o = (options ?? new TensorRunOptions()) with { Particles = particles };
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var trace = TensorRun.Simulate(model, o);
        var logW = trace.LogLikelihood;
        double max = logW.max().ToDouble();
        if (double.IsNegativeInfinity(max)) throw new InvalidOperationException("TensorImportance: every particle has weight 0 (log weight −∞).");
        double logZ = (logW.logsumexp(0) - Math.Log(particles)).ToDouble();
        double ess = 1.0 / logW.softmax(0).square().sum().ToDouble();
        double se = Math.Sqrt(Math.Max(1.0 / ess - 1.0 / particles, 0));
        var values = trace.Values.ToDictionary(kv => kv.Key, kv => kv.Value.DetachFromDisposeScope());
        return new TensorWeightedSample(values, logW.DetachFromDisposeScope(), logZ, se)
        {
            LogEvidenceStandardErrorKind = Probabilistic.Inference.Particles.LogEvidenceErrorKind.IndependentSamples,
        };
    }
}
