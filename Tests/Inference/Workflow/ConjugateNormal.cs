using MathNet.Numerics.Distributions;
using Probabilistic.Inference;

namespace Probabilistic.Tests.Inference.Workflow;

/// <summary>
/// μ ~ N(0, τ = 2), yᵢ ~ N(μ, 1) for the four observations at y/0 … y/3: posterior N(m, v) with v = 1/(1/τ² + n),
/// m = v·Σy; posterior predictive of a new yᵢ: N(m, √(1 + v)); prior predictive N(0, √(1 + τ²)).
/// </summary>
internal static class ConjugateNormal
{
    public static readonly double[] Y = [1.2, 0.4, 2.1, 1.6];
    public const double Tau = 2;
    public static double V => 1 / (1 / (Tau * Tau) + Y.Length);
    public static double M => V * Y.Sum();

    /// <summary>Exact posterior draws of μ as a one-chain posterior (column mu).</summary>
    public static Posterior ExactPosterior(int draws, ulong seed)
    {
        var rng = new Rng(seed);
        var rows = Enumerable.Range(0, draws).Select(_ => new[] { M + Math.Sqrt(V) * rng.NextGaussian() }).ToArray();
        return new Posterior([PosteriorColumn.Scalar("mu")], [rows], sampler: "exact");
    }

    /// <summary>
    /// The Kolmogorov–Smirnov distance between a sample and a normal distribution. Under H0 √n·D is asymptotically
    /// Kolmogorov-distributed; its 0.999 quantile is 1.949, so the tests reject at D &gt; 1.949/√n (α = 0.001). With
    /// n = 4000 that is D &gt; 0.031: a mean off by 0.1 of the predictive sd (D ≈ 0.04) is detected with power ≈ 0.9.
    /// </summary>
    public static double KsDistance(double[] sample, double mean, double sd)
    {
        var sorted = sample.OrderBy(x => x).ToArray();
        int n = sorted.Length;
        double d = 0;
        for (int i = 0; i < n; i++)
        {
            double f = Normal.CDF(mean, sd, sorted[i]);
            d = Math.Max(d, Math.Max((i + 1.0) / n - f, f - (double)i / n));
        }
        return d;
    }

    public static double KsCritical(int n) => 1.949 / Math.Sqrt(n);
}
