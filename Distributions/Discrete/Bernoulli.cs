namespace Probabilistic.Distributions;

/// <summary>Bernoulli(p): true with probability p. Log mass log p or log(1 − p).</summary>
public sealed class Bernoulli : IFiniteDistribution<bool>, IMoments, IHasSupport
{
    private static readonly IReadOnlyList<bool> Both = [false, true];

    /// <summary>Creates Bernoulli(p); p must lie in [0, 1].</summary>
    public Bernoulli(Real p)
    {
        Parameters.Probability(nameof(Bernoulli), "p", p.Value);
        P = p;
    }

    /// <summary>The probability of true.</summary>
    public Real P { get; }

    /// <inheritdoc />
    public string Name => $"Bernoulli(p={P})";

    /// <inheritdoc />
    public Support Support => Support.Boolean;

    /// <summary>The mean, p.</summary>
    public double Mean => P.Value;

    /// <summary>The variance, p(1 − p).</summary>
    public double Variance => P.Value * (1 - P.Value);

    /// <inheritdoc />
    public bool Sample(Rng rng) => rng.NextDouble() < P.Value;

    /// <inheritdoc />
    public Real LogProb(bool value) => value ? RealMath.Log(P) : RealMath.Log(1.0 - P);

    /// <inheritdoc />
    public IReadOnlyList<bool> EnumerateSupport() =>
        P.Value == 0 ? [false] : P.Value == 1 ? [true] : Both;

    /// <inheritdoc />
    public override string ToString() => Name;
}
