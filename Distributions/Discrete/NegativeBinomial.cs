using Probabilistic.Distributions.Discrete;
using Probabilistic.Numerics;

namespace Probabilistic.Distributions;

/// <summary>
/// NegativeBinomial(r, p): for integer r, the number of failures before the r-th success in trials
/// that each succeed with probability p; r may be any positive real. Mass
/// P(k) = Γ(k + r)/(Γ(r) k!)·pʳ(1 − p)ᵏ for k = 0, 1, 2, …, mean r(1 − p)/p. NegativeBinomial(1, p) is
/// <see cref="Geometric"/>(p).
/// </summary>
/// <remarks>
/// <para>
/// This is Stan's <c>neg_binomial(alpha, beta)</c> with alpha = r and beta = p/(1 − p), and PyTorch's
/// <c>NegativeBinomial(total_count = r, probs = 1 − p)</c> (PyTorch's probs is the probability of the
/// counted event); MathNet's and SciPy's <c>nbinom(n = r, p)</c> use this (r, p) form.
/// For the mean–dispersion form see <see cref="NegativeBinomial2"/>.
/// </para>
/// <para>
/// Sampling by the Gamma–Poisson mixture: λ ~ Gamma(r, rate p/(1 − p)), K ~ Poisson(λ)
/// (L. Devroye, <i>Non-Uniform Random Variate Generation</i>, 1986, §X.4.7). The log mass is one tape
/// node with ∂/∂r = ψ(k + r) − ψ(r) + log p and ∂/∂p = r/p − k/(1 − p).
/// </para>
/// </remarks>
public sealed class NegativeBinomial : IDiscreteDistribution
{
    private readonly double _log1mP, _scale;

    /// <summary>Creates NegativeBinomial(r, p): r &gt; 0 finite, p ∈ (0, 1].</summary>
    /// <exception cref="ArgumentException">r is not positive and finite, or p is NaN or outside (0, 1].</exception>
    public NegativeBinomial(Real r, Real p)
    {
        Parameters.Positive(nameof(NegativeBinomial), "r", r.Value);
        Parameters.SuccessProbability(nameof(NegativeBinomial), "p", p.Value);
        R = r;
        P = p;
        _log1mP = SpecialFunctions.Log1p(-p.Value);
        _scale = (1 - p.Value) / p.Value;
    }

    /// <summary>The number of successes r (any positive real).</summary>
    public Real R { get; }

    /// <summary>The success probability p.</summary>
    public Real P { get; }

    /// <inheritdoc />
    public string Name => $"NegativeBinomial(r={R}, p={P})";

    /// <summary>The integers 0, 1, 2, ….</summary>
    public Support Support => Support.NonNegativeInteger;

    /// <summary>The mean r(1 − p)/p.</summary>
    public double Mean => R.Value * _scale;

    /// <summary>The variance r(1 − p)/p².</summary>
    public double Variance => R.Value * _scale / P.Value;

    /// <inheritdoc />
    /// <exception cref="OverflowException">The draw exceeds int.MaxValue.</exception>
    public int Sample(Rng rng)
    {
        if (P.Value == 1) return 0;
        double lambda = new GammaVariate(R.Value).Sample(rng) * _scale;
        return CountDraw.ToInt(PoissonVariate.Sample(rng, lambda), this);
    }

    /// <summary>log Γ(k + r) − log Γ(r) − log k! + r log p + k log(1 − p); −∞ for k &lt; 0 (and for k &gt; 0 when p = 1).</summary>
    public Real LogProb(int value)
    {
        int k = value;
        if (k < 0) return double.NegativeInfinity;
        if (P.Value == 1 && k > 0) return double.NegativeInfinity;
        double v = Density.Value(R.Value, P.Value, _log1mP, k, out double dr, out double dp);
        return TapeNode.Replayable(Tape.Record(v, R, dr, P, dp), Density.Instance, [R, P], [k]);
    }

    // The log mass and its partials given log(1 − p); replays the node: operands (r, p), constant k.
    private sealed class Density : BinaryReplayKernel
    {
        public static readonly Density Instance = new();

        public static double Value(double r, double p, double log1mP, int k, out double dr, out double dp)
        {
            dr = LogRisingFactorial.Derivative(r, k) + Math.Log(p);
            dp = r / p - (k == 0 ? 0.0 : k / (1 - p));
            return LogRisingFactorial.Value(r, k) - SpecialFunctions.LogFactorial(k) + r * Math.Log(p) + (k == 0 ? 0.0 : k * log1mP);
        }

        public override double Evaluate(double r, double p, ReadOnlySpan<double> constants, out double dr, out double dp)
        {
            int k = (int)constants[0];
            if (p == 1 && k > 0)
            {
                dr = dp = 0;
                return double.NegativeInfinity;
            }
            return Value(r, p, SpecialFunctions.Log1p(-p), k, out dr, out dp);
        }
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
