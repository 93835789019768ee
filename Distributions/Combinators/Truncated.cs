using static Probabilistic.RealMath;

namespace Probabilistic.Distributions;

/// <summary>
/// A continuous distribution truncated to [lower, upper]: p(x) = p₀(x) / (F₀(upper) − F₀(lower)) on the
/// interval, 0 outside (Stan's <c>T[lower, upper]</c>). The normalizer is computed in log space from the
/// base's log CDF or, where the interval lies in the upper tail, its log survival function, so deep
/// tails keep their precision; gradients flow to the base's tape parameters through both. Sampling
/// inverts the CDF: x = F₀⁻¹(F₀(lower) + U·(F₀(upper) − F₀(lower))).
/// </summary>
public sealed class Truncated : IUnivariateCdf
{
    private readonly IUnivariateCdf _base;
    private readonly double _lower, _upper, _cdfLower, _cdfUpper;
    private readonly Lazy<double> _mean, _variance;

    // log(F₀(upper) − F₀(lower)), computed once: a tape node when the base's parameters are on a tape.
    private readonly Real _logNormalizer;

    /// <summary>Truncates <paramref name="baseDistribution"/> to [lower, upper] (either bound may be infinite).</summary>
    public Truncated(IUnivariateCdf baseDistribution, double lower, double upper)
    {
        ArgumentNullException.ThrowIfNull(baseDistribution);
        if (double.IsNaN(lower)) throw new ArgumentException("Truncated: lower is NaN.", nameof(lower));
        if (double.IsNaN(upper)) throw new ArgumentException("Truncated: upper is NaN.", nameof(upper));
        if (!(lower < upper)) throw new ArgumentException($"Truncated: lower ({lower}) must be below upper ({upper}).", nameof(lower));
        _base = baseDistribution;
        _lower = Math.Max(lower, baseDistribution.Support.Lower);
        _upper = Math.Min(upper, baseDistribution.Support.Upper);
        if (!(_lower < _upper))
            throw new ArgumentException($"Truncated: [{lower}, {upper}] does not meet the support {baseDistribution.Support.Name} of {baseDistribution.Name}.", nameof(lower));
        _cdfLower = double.IsNegativeInfinity(_lower) ? 0 : Math.Exp(baseDistribution.LogCdf(_lower).Value);
        _cdfUpper = double.IsPositiveInfinity(_upper) ? 1 : Math.Exp(baseDistribution.LogCdf(_upper).Value);
        _logNormalizer = LogNormalizer();
        if (!(_logNormalizer.Value > double.NegativeInfinity))
            throw new ArgumentException($"Truncated: {baseDistribution.Name} has no mass in [{lower}, {upper}].", nameof(lower));
        Support = Support.ClosedInterval(_lower, _upper);
        _mean = new Lazy<double>(() => Integrate(x => x));
        _variance = new Lazy<double>(() => Integrate(x => (x - Mean) * (x - Mean)));
    }

    /// <summary>The distribution before truncation.</summary>
    public IUnivariateCdf Base => _base;

    /// <inheritdoc />
    public string Name => $"Truncated({_base.Name}, {_lower}, {_upper})";

    /// <inheritdoc />
    public Support Support { get; }

    /// <summary>log(F₀(upper) − F₀(lower)), in whichever tail keeps precision.</summary>
    private Real LogNormalizer()
    {
        bool lowerInf = double.IsNegativeInfinity(_lower), upperInf = double.IsPositiveInfinity(_upper);
        if (lowerInf && upperInf) return 0.0;
        if (lowerInf) return _base.LogCdf(_upper);
        if (upperInf) return _base.LogSurvival(_lower);
        // Upper tail (both CDF values above ½): S(lower) − S(upper); else F(upper) − F(lower).
        return _cdfLower > 0.5
            ? LogDiffExp(_base.LogSurvival(_lower), _base.LogSurvival(_upper))
            : LogDiffExp(_base.LogCdf(_upper), _base.LogCdf(_lower));
    }

    /// <summary>log(eᵃ − eᵇ) for a ≥ b, as a + log1p(−e^{b−a}).</summary>
    private static Real LogDiffExp(Real a, Real b) => a + Log1p(-Exp(b - a));

    /// <inheritdoc />
    public Real LogProb(Real x)
    {
        double v = x.Value;
        if (!(v >= _lower && v <= _upper)) return double.NegativeInfinity;
        return _base.LogProb(x) - _logNormalizer;
    }

    /// <inheritdoc />
    public Real LogCdf(Real x)
    {
        double v = x.Value;
        if (v <= _lower) return double.NegativeInfinity;
        if (v >= _upper) return 0.0;
        var a = double.IsNegativeInfinity(_lower) ? _base.LogCdf(x) : LogDiffExp(_base.LogCdf(x), _base.LogCdf(_lower));
        return a - _logNormalizer;
    }

    /// <inheritdoc />
    public Real LogSurvival(Real x)
    {
        double v = x.Value;
        if (v <= _lower) return 0.0;
        if (v >= _upper) return double.NegativeInfinity;
        var a = double.IsPositiveInfinity(_upper) ? _base.LogSurvival(x) : LogDiffExp(_base.LogSurvival(x), _base.LogSurvival(_upper));
        return a - _logNormalizer;
    }

    /// <inheritdoc />
    public double InverseCdf(double p)
    {
        if (!(p > 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "Truncated.InverseCdf: p must be in (0, 1).");
        double x = _base.InverseCdf(_cdfLower + p * (_cdfUpper - _cdfLower));
        return Math.Clamp(x, _lower, _upper);
    }

    /// <inheritdoc />
    public Real Sample(Rng rng) => InverseCdf(rng.NextOpenDouble());

    /// <summary>E[X], by adaptive Gauss–Kronrod quadrature of x·p(x) over the interval (computed once).</summary>
    public double Mean => _mean.Value;

    /// <summary>Var[X], by quadrature of (x − E[X])²·p(x) (computed once).</summary>
    public double Variance => _variance.Value;

    private double Integrate(Func<double, double> f) =>
        MathNet.Numerics.Integration.GaussKronrodRule.Integrate(
            x => { double lp = LogProb(x).Value; return double.IsNegativeInfinity(lp) ? 0 : f(x) * Math.Exp(lp); },
            _lower, _upper, out _, out _, 1e-12, 15, 30);

    /// <inheritdoc />
    public override string ToString() => Name;
}
