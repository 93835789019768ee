using Probabilistic.Numerics;

namespace Probabilistic.Distributions;

/// <summary>
/// Bernoulli(p): true with probability p, false with probability 1 − p (Stan's <c>bernoulli(theta)</c>,
/// PyTorch's <c>Bernoulli(probs)</c>). Log mass log p or log(1 − p). <see cref="FromLogit"/> gives
/// the logit form p = σ(α) (Stan's <c>bernoulli_logit(alpha)</c>), whose log mass log σ(±α) stays
/// accurate where p rounds to 0 or 1.
/// </summary>
/// <remarks>The log mass is one tape node: ∂/∂p = 1/p or −1/(1 − p); in the logit form ∂/∂α = σ(−α) or −σ(α).</remarks>
public sealed class Bernoulli : IFiniteDistribution<bool>, IMoments, IHasSupport, IMeasureValued
{
    private static readonly IReadOnlyList<bool> Both = [false, true];
    private readonly Real _logit;
    private readonly bool _fromLogit;

    /// <summary>Creates Bernoulli(p); p must lie in [0, 1].</summary>
    /// <exception cref="ArgumentException">p is NaN or outside [0, 1].</exception>
    public Bernoulli(Real p)
    {
        Parameters.Probability(nameof(Bernoulli), "p", p.Value);
        P = p;
    }

    private Bernoulli(Real logit, bool fromLogit)
    {
        Parameters.Finite(nameof(Bernoulli), "alpha", logit.Value);
        _logit = logit;
        _fromLogit = fromLogit;
        P = RealMath.Logistic(logit);
    }

    /// <summary>Bernoulli with p = σ(α) = 1/(1 + e^(−α)) for a finite log-odds α.</summary>
    /// <exception cref="ArgumentException">α is NaN or infinite.</exception>
    public static Bernoulli FromLogit(Real alpha) => new(alpha, fromLogit: true);

    /// <summary>The probability of true (σ(α) in the logit form, recorded once at construction).</summary>
    public Real P { get; }

    /// <inheritdoc />
    public string Name => _fromLogit ? $"Bernoulli(logit={_logit})" : $"Bernoulli(p={P})";

    /// <inheritdoc />
    public Support Support => Support.Boolean;

    /// <summary>The mean, p.</summary>
    public double Mean => P.Value;

    /// <summary>The variance, p(1 − p).</summary>
    public double Variance => P.Value * (1 - P.Value);

    /// <inheritdoc />
    public bool Sample(Rng rng) => rng.NextDouble() < P.Value;

    /// <summary>A draw from Bernoulli(<paramref name="p"/>) without a distribution object: the draw <see cref="Sample"/> makes (u &lt; p, u uniform). p is checked as the constructor checks it.</summary>
    /// <exception cref="ArgumentException">p is not a probability.</exception>
    public static bool Draw(Rng rng, double p)
    {
        Parameters.Probability(nameof(Bernoulli), "p", p);
        return rng.NextDouble() < p;
    }

    /// <summary>
    /// log p for true and log(1 − p) for false: the value <see cref="LogProb"/> gives (in the probability form), to the bit,
    /// without a distribution object. p is checked as the constructor checks it.
    /// </summary>
    /// <exception cref="ArgumentException">p is not a probability.</exception>
    public static double LogDensity(bool x, double p)
    {
        Parameters.Probability(nameof(Bernoulli), "p", p);
        return x ? Math.Log(p) : Failure.Value(p, out _);
    }

    /// <summary>
    /// E[g] = p·g(true) + (1 − p)·g(false), so ∂/∂p E[g] = g(true) − g(false): c = 1, p⁺ = δ_true, p⁻ = δ_false. No term at
    /// p ∈ {0, 1}, where the other value has no mass (a guide's −log q there is infinite).
    /// </summary>
    public IEnumerable<WeakDerivative> WeakDerivatives(object nominal, Rng rng)
    {
        if (P.Value is > 0 and < 1) yield return new WeakDerivative(P, 1, true, NegativePart.Value, false);
    }

    /// <summary>log p for true and log(1 − p) for false; in the logit form log σ(α) and log σ(−α).</summary>
    public Real LogProb(bool value)
    {
        if (_fromLogit)
        {
            if (value) return RealMath.LogLogistic(_logit);
            double a = _logit.Value;
            double v = FailureFromLogit.Value(a, out double da);
            return TapeNode.Replayable(Tape.Record(v, _logit, da), FailureFromLogit.Instance, [_logit]);
        }
        double p = P.Value;
        if (value) return RealMath.Log(P);
        double failure = Failure.Value(p, out double dp);
        return TapeNode.Replayable(Tape.Record(failure, P, dp), Failure.Instance, [P]);
    }

    // log(1 − p) and its derivative; replays the node: operand p.
    private sealed class Failure : IReplayKernel
    {
        public static readonly Failure Instance = new();

        public static double Value(double p, out double d)
        {
            d = -1.0 / (1.0 - p);
            return SpecialFunctions.Log1p(-p);
        }

        public double Evaluate(ReadOnlySpan<double> operands, ReadOnlySpan<double> constants, Span<double> partials) =>
            Value(operands[0], out partials[0]);
    }

    // log σ(−α) and its derivative −σ(α); replays the node: operand α.
    private sealed class FailureFromLogit : IReplayKernel
    {
        public static readonly FailureFromLogit Instance = new();

        public static double Value(double a, out double d)
        {
            d = -RealMath.Logistic(new Real(a)).Value;
            return RealMath.LogLogistic(new Real(-a)).Value;
        }

        public double Evaluate(ReadOnlySpan<double> operands, ReadOnlySpan<double> constants, Span<double> partials) =>
            Value(operands[0], out partials[0]);
    }

    /// <inheritdoc />
    /// <remarks>In the logit form both values have positive mass for every finite α, even where p rounds to 0 or 1.</remarks>
    public IReadOnlyList<bool> EnumerateSupport() =>
        _fromLogit ? Both : P.Value == 0 ? [false] : P.Value == 1 ? [true] : Both;

    /// <inheritdoc />
    public override string ToString() => Name;
}
