namespace Probabilistic.Distributions;

/// <summary>
/// Draws from Gamma(a, 1) by Marsaglia &amp; Tsang, "A simple method for generating gamma variables",
/// ACM TOMS 26(3), 2000: for a ≥ 1, d = a − ⅓, c = 1/√(9d), x normal, v = (1 + cx)³, accept dv when
/// u &lt; 1 − 0.0331x⁴ (the squeeze) or log u &lt; x²/2 + d(1 − v + log v); for a &lt; 1, Gamma(a + 1)·U^(1/a)
/// (their §6), in log space. The constants are computed once per shape.
/// </summary>
internal readonly struct GammaVariate
{
    /// <summary>The smallest positive normal double, where a draw that underflows is placed (as PyTorch clamps to finfo.tiny).</summary>
    public const double Smallest = 2.2250738585072014e-308;

    private readonly double _d, _c, _invShape;
    private readonly bool _boosted;

    /// <summary>The sampler for shape <paramref name="shape"/> &gt; 0.</summary>
    public GammaVariate(double shape)
    {
        _boosted = shape < 1;
        _d = (_boosted ? shape + 1 : shape) - 1.0 / 3;
        _c = 1.0 / Math.Sqrt(9 * _d);
        _invShape = 1.0 / shape;
    }

    /// <summary>A draw z ~ Gamma(a, 1); a draw below the smallest normal double becomes that double, so it stays in (0, ∞).</summary>
    public double Sample(Rng rng) => _boosted ? Sample(rng, out _) : MarsagliaTsang(rng);

    /// <summary>A draw z ~ Gamma(a, 1) (as <see cref="Sample(Rng)"/>, the same value for the same stream) and <paramref name="logZ"/> = log z, exact even where z underflows.</summary>
    public double Sample(Rng rng, out double logZ)
    {
        double z = MarsagliaTsang(rng);
        if (!_boosted)
        {
            logZ = Math.Log(z);
            return z;
        }
        logZ = Math.Log(z) + Math.Log(rng.NextOpenDouble()) * _invShape;
        z = Math.Exp(logZ);
        return z < Smallest ? Smallest : z;
    }

    /// <summary>(log B, log(1 − B)) for B ~ Beta(a, b), as log G_a − log(G_a + G_b) and log G_b − log(G_a + G_b): accurate near 0 and 1.</summary>
    public static (double LogB, double LogOneMinusB) SampleLogBeta(Rng rng, double a, double b)
    {
        new GammaVariate(a).Sample(rng, out double la);
        new GammaVariate(b).Sample(rng, out double lb);
        double m = Math.Max(la, lb);
        double lsum = m + Math.Log(Math.Exp(la - m) + Math.Exp(lb - m));
        return (la - lsum, lb - lsum);
    }

    private double MarsagliaTsang(Rng rng)
    {
        double d = _d, c = _c;
        while (true)
        {
            double x, v;
            do
            {
                x = rng.NextGaussian();
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = rng.NextOpenDouble();
            double x2 = x * x;
            if (u < 1 - 0.0331 * x2 * x2) return d * v;
            if (Math.Log(u) < 0.5 * x2 + d * (1 - v + Math.Log(v))) return d * v;
        }
    }
}
