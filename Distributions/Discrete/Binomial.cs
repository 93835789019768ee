using Probabilistic.Distributions.Discrete;
using Probabilistic.Numerics;

namespace Probabilistic.Distributions;

/// <summary>
/// Binomial(n, p): the number of successes in n independent trials that each succeed with
/// probability p (Stan's <c>binomial(N, theta)</c>, PyTorch's <c>Binomial(total_count, probs)</c>).
/// Mass P(k) = C(n, k)·pᵏ(1 − p)ⁿ⁻ᵏ for k = 0, …, n.
/// </summary>
/// <remarks>
/// Sampling: inversion for n·min(p, 1 − p) &lt; 10, otherwise Hörmann's BTRS (1993); see
/// <c>BinomialVariate</c>. The log mass is one tape node with ∂/∂p = k/p − (n − k)/(1 − p).
/// </remarks>
public sealed class Binomial : IFiniteDistribution<int>, IDiscreteDistribution
{
    private readonly double _logFactorialN;
    private readonly Support _support;

    /// <summary>Creates Binomial(n, p): n ≥ 0 trials, success probability p ∈ [0, 1].</summary>
    /// <exception cref="ArgumentException">n is negative, or p is NaN or outside [0, 1].</exception>
    public Binomial(int n, Real p)
    {
        Parameters.NonNegativeCount(nameof(Binomial), "n", n);
        Parameters.Probability(nameof(Binomial), "p", p.Value);
        N = n;
        P = p;
        _logFactorialN = SpecialFunctions.LogFactorial(n);
        _support = Support.IntegerInterval(0, n);
    }

    private Binomial(int n, Real p, Real logit)
    {
        Parameters.NonNegativeCount(nameof(Binomial), "n", n);
        N = n;
        P = p;
        _logit = logit;
        _fromLogit = true;
        _logFactorialN = SpecialFunctions.LogFactorial(n);
        _support = Support.IntegerInterval(0, n);
    }

    // The logit form (Stan's binomial_logit): α with p = σ(α).
    private readonly Real _logit;
    private readonly bool _fromLogit;

    /// <summary>
    /// Binomial(n, σ(α)) from the log-odds α (Stan's <c>binomial_logit(n, alpha)</c>): the log mass
    /// log C(n, k) + k log σ(α) + (n − k) log σ(−α) and its partial k − nσ(α) stay accurate where p rounds to 0 or 1.
    /// </summary>
    /// <exception cref="ArgumentException">n is negative, or α is not finite.</exception>
    public static Binomial FromLogit(int n, Real alpha)
    {
        Parameters.Finite(nameof(Binomial), "alpha", alpha.Value);
        return new Binomial(n, RealMath.Logistic(alpha), alpha);
    }

    /// <summary>The number of trials n.</summary>
    public int N { get; }

    /// <summary>The success probability p.</summary>
    public Real P { get; }

    /// <inheritdoc />
    public string Name => _fromLogit ? $"Binomial(n={N}, logit={_logit})" : $"Binomial(n={N}, p={P})";

    /// <summary>The integers 0, …, n.</summary>
    public Support Support => _support;

    /// <summary>The mean n·p.</summary>
    public double Mean => N * P.Value;

    /// <summary>The variance n·p·(1 − p).</summary>
    public double Variance => N * P.Value * (1 - P.Value);

    /// <inheritdoc />
    public int Sample(Rng rng) => BinomialVariate.Sample(rng, N, P.Value);

    /// <summary>log C(n, k) + k log p + (n − k) log(1 − p); −∞ for k outside 0 … n (and where p ∈ {0, 1} puts no mass).</summary>
    public Real LogProb(int value)
    {
        int k = value;
        if (k < 0 || k > N) return double.NegativeInfinity;
        if (_fromLogit)
        {
            double lv = LogitDensity.Value(_logit.Value, k, N, _logFactorialN, out double da);
            return TapeNode.Replayable(Tape.Record(lv, _logit, da), LogitDensity.Instance, [_logit], [k, N, _logFactorialN]);
        }
        double v = Density.Value(P.Value, k, N, _logFactorialN, out double d);
        if (double.IsNegativeInfinity(v)) return double.NegativeInfinity;
        return TapeNode.Replayable(Tape.Record(v, P, d), Density.Instance, [P], [k, N, _logFactorialN]);
    }

    // log C(n, k) + k log σ(α) + (n − k) log σ(−α) and ∂/∂α = k − nσ(α); replays the node: operand α, constants k, n, log n!.
    private sealed class LogitDensity : UnaryReplayKernel
    {
        public static readonly LogitDensity Instance = new();

        public static double Value(double alpha, int k, int n, double logFactorialN, out double d)
        {
            d = k - n * RealMath.Logistic(new Real(alpha)).Value;
            return logFactorialN - SpecialFunctions.LogFactorial(k) - SpecialFunctions.LogFactorial(n - k)
                   + k * RealMath.LogLogistic(new Real(alpha)).Value + (n - k) * RealMath.LogLogistic(new Real(-alpha)).Value;
        }

        public override double Evaluate(double a, ReadOnlySpan<double> constants, out double da) =>
            Value(a, (int)constants[0], (int)constants[1], constants[2], out da);
    }

    // The log mass and ∂/∂p (at p = 0 or 1 the mass is 1 at k = 0 or n, 0 elsewhere); replays the
    // node: operand p, constants k, n and log n!.
    private sealed class Density : UnaryReplayKernel
    {
        public static readonly Density Instance = new();

        public static double Value(double p, int k, int n, double logFactorialN, out double d)
        {
            d = 0;
            if (p == 0)
            {
                if (k != 0) return double.NegativeInfinity;
                d = -n;
                return 0.0;
            }
            if (p == 1)
            {
                if (k != n) return double.NegativeInfinity;
                d = n;
                return 0.0;
            }
            d = k / p - (n - k) / (1 - p);
            return logFactorialN - SpecialFunctions.LogFactorial(k) - SpecialFunctions.LogFactorial(n - k)
                   + k * Math.Log(p) + (n - k) * SpecialFunctions.Log1p(-p);
        }

        public override double Evaluate(double a, ReadOnlySpan<double> constants, out double da) =>
            Value(a, (int)constants[0], (int)constants[1], constants[2], out da);
    }

    /// <summary>0, …, n (only 0 when p = 0, only n when p = 1).</summary>
    /// <exception cref="InvalidOperationException">n = int.MaxValue: the list would not fit.</exception>
    public IReadOnlyList<int> EnumerateSupport()
    {
        // In the logit form every count has positive mass, even where σ(α) rounds to 0 or 1.
        if (!_fromLogit && P.Value == 0) return [0];
        if (!_fromLogit && P.Value == 1) return [N];
        if (N == int.MaxValue) throw new InvalidOperationException($"{Name}: the support has more than int.MaxValue values and cannot be listed.");
        return new IntegerRange(0, N + 1);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
