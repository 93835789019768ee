using Probabilistic.Distributions.Discrete;
using Probabilistic.Numerics;

namespace Probabilistic.Distributions;

/// <summary>
/// NegativeBinomial2(μ, φ): the negative binomial in mean–dispersion form, Stan's
/// <c>neg_binomial_2(mu, phi)</c>. Mass P(k) = C(k + φ − 1, k)·(μ/(μ + φ))ᵏ(φ/(μ + φ))^φ for
/// k = 0, 1, 2, …; mean μ, variance μ + μ²/φ. It is <see cref="NegativeBinomial"/>(r = φ, p = φ/(μ + φ)).
/// </summary>
/// <remarks>
/// Sampling by the Gamma–Poisson mixture λ ~ Gamma(φ, rate φ/μ), K ~ Poisson(λ). The log mass is one
/// tape node with ∂/∂μ = k/μ − (k + φ)/(μ + φ) and
/// ∂/∂φ = ψ(k + φ) − ψ(φ) − log(1 + μ/φ) + (μ − k)/(μ + φ).
/// </remarks>
public sealed class NegativeBinomial2 : IDiscreteDistribution
{
    /// <summary>Creates NegativeBinomial2(μ, φ): μ &gt; 0 and φ &gt; 0, both finite.</summary>
    /// <exception cref="ArgumentException">μ or φ is not positive and finite.</exception>
    public NegativeBinomial2(Real mu, Real phi)
    {
        Parameters.Positive(nameof(NegativeBinomial2), "mu", mu.Value);
        Parameters.Positive(nameof(NegativeBinomial2), "phi", phi.Value);
        Mu = mu;
        Phi = phi;
    }

    /// <summary>The mean μ.</summary>
    public Real Mu { get; }

    /// <summary>The dispersion φ (the variance is μ + μ²/φ; φ → ∞ gives the Poisson).</summary>
    public Real Phi { get; }

    /// <inheritdoc />
    public string Name => $"NegativeBinomial2(mu={Mu}, phi={Phi})";

    /// <summary>The integers 0, 1, 2, ….</summary>
    public Support Support => Support.NonNegativeInteger;

    /// <summary>The mean μ.</summary>
    public double Mean => Mu.Value;

    /// <summary>The variance μ + μ²/φ.</summary>
    public double Variance => Mu.Value + Mu.Value * Mu.Value / Phi.Value;

    /// <inheritdoc />
    /// <exception cref="OverflowException">The draw exceeds int.MaxValue.</exception>
    public int Sample(Rng rng)
    {
        double lambda = new GammaVariate(Phi.Value).Sample(rng) * (Mu.Value / Phi.Value);
        return CountDraw.ToInt(PoissonVariate.Sample(rng, lambda), this);
    }

    /// <summary>log Γ(k + φ) − log Γ(φ) − log k! + k log(μ/(μ + φ)) − φ log(1 + μ/φ); −∞ for k &lt; 0.</summary>
    public Real LogProb(int value)
    {
        int k = value;
        if (k < 0) return double.NegativeInfinity;
        double v = Density.Value(Mu.Value, Phi.Value, k, out double dmu, out double dphi);
        return TapeNode.Replayable(Tape.Record(v, Mu, dmu, Phi, dphi), Density.Instance, [Mu, Phi], [k]);
    }

    // The log mass and its partials; replays the node: operands (μ, φ), constant k.
    private sealed class Density : BinaryReplayKernel
    {
        public static readonly Density Instance = new();

        public static double Value(double mu, double phi, int k, out double dmu, out double dphi)
        {
            double sum = mu + phi;
            double log1pRatio = SpecialFunctions.Log1p(mu / phi);
            dmu = k / mu - (k + phi) / sum;
            dphi = LogRisingFactorial.Derivative(phi, k) - log1pRatio + (mu - k) / sum;
            return LogRisingFactorial.Value(phi, k) - SpecialFunctions.LogFactorial(k) - phi * log1pRatio
                   + (k == 0 ? 0.0 : k * (Math.Log(mu) - Math.Log(sum)));
        }

        public override double Evaluate(double mu, double phi, ReadOnlySpan<double> constants, out double dmu, out double dphi) =>
            Value(mu, phi, (int)constants[0], out dmu, out dphi);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
