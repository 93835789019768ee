using Probabilistic.Numerics;

namespace Probabilistic.Distributions.Discrete;

/// <summary>
/// Standard gamma variates, Gamma(shape, 1), for the samplers of this folder (the Gamma–Poisson
/// mixture of the negative binomial, and Beta variates for LKJ): G. Marsaglia &amp; W. W. Tsang,
/// "A simple method for generating gamma variables", ACM TOMS 26(3), 2000. For shape &lt; 1 the
/// boost of §6 there: G(a) = G(a + 1)·U^(1/a), taken in logs so that tiny shapes do not underflow.
/// </summary>
internal static class GammaVariate
{
    /// <summary>log G with G ~ Gamma(shape, 1), shape &gt; 0. Allocates nothing.</summary>
    public static double SampleLog(Rng rng, double shape)
    {
        if (shape < 1)
            return Math.Log(MarsagliaTsang(rng, shape + 1)) + Math.Log(rng.NextOpenDouble()) / shape;
        return Math.Log(MarsagliaTsang(rng, shape));
    }

    /// <summary>G ~ Gamma(shape, 1), shape &gt; 0 (0 when a tiny shape underflows).</summary>
    public static double Sample(Rng rng, double shape) =>
        shape < 1 ? MarsagliaTsang(rng, shape + 1) * Math.Pow(rng.NextOpenDouble(), 1 / shape) : MarsagliaTsang(rng, shape);

    /// <summary>Marsaglia–Tsang rejection from a transformed normal, for shape ≥ 1 (acceptance ≥ 95%).</summary>
    private static double MarsagliaTsang(Rng rng, double shape)
    {
        double d = shape - 1.0 / 3.0, c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x = rng.NextGaussian();
            double v = 1.0 + c * x;
            if (v <= 0) continue;
            v = v * v * v;
            double u = rng.NextOpenDouble();
            double x2 = x * x;
            if (u < 1.0 - 0.0331 * x2 * x2) return d * v; // the squeeze
            if (Math.Log(u) < 0.5 * x2 + d * (1.0 - v + Math.Log(v))) return d * v;
        }
    }

    /// <summary>(log B, log(1 − B)) for B ~ Beta(a, b), as log G_a − log(G_a + G_b) and log G_b − log(G_a + G_b), accurate near 0 and 1.</summary>
    public static (double LogB, double LogOneMinusB) SampleLogBeta(Rng rng, double a, double b)
    {
        double la = SampleLog(rng, a), lb = SampleLog(rng, b);
        double m = Math.Max(la, lb);
        double lsum = m + Math.Log(Math.Exp(la - m) + Math.Exp(lb - m));
        return (la - lsum, lb - lsum);
    }
}
