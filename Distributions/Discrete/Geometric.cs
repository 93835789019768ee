using Probabilistic.Distributions.Discrete;
using Probabilistic.Numerics;

namespace Probabilistic.Distributions;

/// <summary>
/// Geometric(p): the number of failures before the first success in independent trials that each
/// succeed with probability p ∈ (0, 1]; the support is {0, 1, 2, …} (PyTorch's <c>Geometric(probs)</c>;
/// MathNet's <c>Geometric</c> counts trials instead, support {1, 2, …}). Mass P(k) = p(1 − p)ᵏ.
/// </summary>
/// <remarks>
/// Sampling by inversion: K = ⌊log U / log(1 − p)⌋ with U uniform on (0, 1), since
/// P(K ≥ k) = P(U ≤ (1 − p)ᵏ) = (1 − p)ᵏ (L. Devroye, <i>Non-Uniform Random Variate Generation</i>,
/// 1986, §X.2). The log mass is one tape node with ∂/∂p = 1/p − k/(1 − p).
/// </remarks>
public sealed class Geometric : IDiscreteDistribution
{
    private readonly double _log1mP;

    /// <summary>Creates Geometric(p) with success probability p ∈ (0, 1].</summary>
    /// <exception cref="ArgumentException">p is NaN or outside (0, 1].</exception>
    public Geometric(Real p)
    {
        Parameters.SuccessProbability(nameof(Geometric), "p", p.Value);
        P = p;
        _log1mP = SpecialFunctions.Log1p(-p.Value);
    }

    /// <summary>The success probability p.</summary>
    public Real P { get; }

    /// <inheritdoc />
    public string Name => $"Geometric(p={P})";

    /// <summary>The integers 0, 1, 2, … (the number of failures).</summary>
    public Support Support => Support.NonNegativeInteger;

    /// <summary>The mean (1 − p)/p.</summary>
    public double Mean => (1 - P.Value) / P.Value;

    /// <summary>The variance (1 − p)/p².</summary>
    public double Variance => (1 - P.Value) / (P.Value * P.Value);

    /// <inheritdoc />
    /// <exception cref="OverflowException">The draw exceeds int.MaxValue (probability (1 − p)^(2³¹), which matters only for p below about 1e−8).</exception>
    public int Sample(Rng rng)
    {
        if (P.Value == 1) return 0;
        return CountDraw.ToInt(Math.Floor(Math.Log(rng.NextOpenDouble()) / _log1mP), this);
    }

    /// <summary>log p + k log(1 − p); −∞ for k &lt; 0 (and for k &gt; 0 when p = 1).</summary>
    public Real LogProb(int value)
    {
        int k = value;
        if (k < 0) return double.NegativeInfinity;
        if (P.Value == 1 && k > 0) return double.NegativeInfinity;
        double v = Density.Value(P.Value, _log1mP, k, out double d);
        return TapeNode.Replayable(Tape.Record(v, P, d), Density.Instance, [P], [k]);
    }

    // The log mass and ∂/∂p given log(1 − p) (at p = 1: mass 1 at k = 0); replays the node: operand p, constant k.
    private sealed class Density : UnaryReplayKernel
    {
        public static readonly Density Instance = new();

        public static double Value(double p, double log1mP, int k, out double d)
        {
            if (p == 1)
            {
                d = k == 0 ? 1.0 : 0.0;
                return k == 0 ? 0.0 : double.NegativeInfinity;
            }
            d = 1 / p - k / (1 - p);
            return Math.Log(p) + k * log1mP;
        }

        public override double Evaluate(double p, ReadOnlySpan<double> constants, out double dp) =>
            Value(p, SpecialFunctions.Log1p(-p), (int)constants[0], out dp);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
