using Probabilistic.Distributions.Discrete;
using Probabilistic.Numerics;

namespace Probabilistic.Distributions;

/// <summary>
/// Poisson(λ) with rate λ &gt; 0 (Stan's <c>poisson(lambda)</c>, PyTorch's <c>Poisson(rate)</c>).
/// Mass P(k) = λᵏe^(−λ)/k! for k = 0, 1, 2, ….
/// </summary>
/// <remarks>
/// Sampling: inversion for λ &lt; 10, otherwise Hörmann's PTRS (1993); see <c>PoissonVariate</c>.
/// The log mass is one tape node with ∂/∂λ = k/λ − 1.
/// </remarks>
public sealed class Poisson : IDiscreteDistribution
{
    /// <summary>Creates Poisson(λ); λ must be positive and finite.</summary>
    /// <exception cref="ArgumentException">λ is NaN, not positive, or infinite.</exception>
    public Poisson(Real lambda)
    {
        Parameters.Positive(nameof(Poisson), "lambda", lambda.Value);
        Lambda = lambda;
    }

    /// <summary>The rate λ.</summary>
    public Real Lambda { get; }

    /// <inheritdoc />
    public string Name => $"Poisson(lambda={Lambda})";

    /// <summary>The integers 0, 1, 2, ….</summary>
    public Support Support => Support.NonNegativeInteger;

    /// <summary>The mean λ.</summary>
    public double Mean => Lambda.Value;

    /// <summary>The variance λ.</summary>
    public double Variance => Lambda.Value;

    /// <inheritdoc />
    /// <exception cref="OverflowException">The draw exceeds int.MaxValue (only for λ near 2³¹ or above).</exception>
    public int Sample(Rng rng) => CountDraw.ToInt(PoissonVariate.Sample(rng, Lambda.Value), this);

    /// <summary>k log λ − λ − log k!; −∞ for k &lt; 0.</summary>
    public Real LogProb(int value)
    {
        int k = value;
        if (k < 0) return double.NegativeInfinity;
        double logFactorial = SpecialFunctions.LogGamma(k + 1.0);
        if (Lambda.IsConstant)
        {
            double lambda = Lambda.Value;
            return (k == 0 ? 0.0 : k * Math.Log(lambda)) - lambda - logFactorial;
        }
        // Operations with replay code, so that a density recording them compiles (TapeProgram).
        return (k == 0 ? -Lambda : k * RealMath.Log(Lambda) - Lambda) - logFactorial;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
