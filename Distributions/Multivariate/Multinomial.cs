using System.Buffers;
using Probabilistic.Distributions.Discrete;
using Probabilistic.Distributions.Multivariate;
using Probabilistic.Numerics;

namespace Probabilistic.Distributions;

/// <summary>
/// Multinomial(n, probs): the counts x = (x₀, …, x_{K−1}) of each category in n independent draws
/// from Categorical(probs) (Stan's <c>multinomial(theta)</c>, PyTorch's
/// <c>Multinomial(total_count, probs)</c>). Mass P(x) = n!/(x₀!⋯x_{K−1}!)·∏ᵢ probsᵢ^xᵢ for
/// non-negative integer x with Σᵢ xᵢ = n.
/// </summary>
/// <remarks>
/// <para>
/// Values are <c>int[]</c> of length K. The <see cref="Support"/> is the set of non-negative integer
/// vectors of length K summing to n (named <c>count_vector(total=n, length=K)</c>, discrete). A value
/// of another length is a shape error and throws; a value of the right length outside the support
/// (a negative count, a wrong total, a count in a category of probability 0) has log mass −∞.
/// </para>
/// <para>
/// Sampling by conditional binomials: xᵢ ~ Binomial(n − Σⱼ&lt;ᵢ xⱼ, probsᵢ/Σⱼ≥ᵢ probsⱼ)
/// (L. Devroye, <i>Non-Uniform Random Variate Generation</i>, 1986, §XI.1.5), each by
/// <c>BinomialVariate</c>. The log mass is one tape node with ∂/∂probsᵢ = xᵢ/probsᵢ.
/// </para>
/// </remarks>
public sealed class Multinomial : IFiniteDistribution<int[]>, IVectorMoments, IHasSupport
{
    private const int MaxEnumerated = 10_000_000;
    private readonly Real[] _probs;
    private readonly double[] _p;
    private readonly double[] _tail; // Σⱼ≥ᵢ probsⱼ
    private readonly double _logFactorialN;
    private readonly Support _support;
    private readonly bool _onTape;

    /// <summary>Creates Multinomial(n, probs): n ≥ 0 trials; probabilities in [0, 1] summing to 1 (to 1e-9).</summary>
    /// <exception cref="ArgumentException">n is negative, or probs is empty, has an entry outside [0, 1] or NaN, or does not sum to 1.</exception>
    public Multinomial(int n, params Real[] probs)
    {
        ArgumentNullException.ThrowIfNull(probs);
        Parameters.NonNegativeCount(nameof(Multinomial), "n", n);
        Parameters.ProbabilityVector(nameof(Multinomial), "probs", probs);
        N = n;
        _probs = (Real[])probs.Clone();
        _p = new double[probs.Length];
        for (int i = 0; i < _p.Length; i++) _p[i] = probs[i].Value;
        _tail = new double[probs.Length];
        double s = 0;
        for (int i = _p.Length - 1; i >= 0; i--) _tail[i] = s += _p[i];
        _logFactorialN = SpecialFunctions.LogGamma(n + 1.0);
        _support = new CountVectorSupport(n, probs.Length);
        foreach (var p in probs) _onTape |= !p.IsConstant;
    }

    /// <summary>The number of trials n.</summary>
    public int N { get; }

    /// <summary>The category probabilities.</summary>
    public IReadOnlyList<Real> Probs => _probs;

    /// <summary>The number of categories K, the length of a value.</summary>
    public int Dimension => _probs.Length;

    /// <inheritdoc />
    public string Name => $"Multinomial(n={N}, probs=[{string.Join(", ", _probs)}])";

    /// <summary>The non-negative integer vectors of length K summing to n.</summary>
    public Support Support => _support;

    /// <summary>E[xᵢ] = n·probsᵢ (a new array).</summary>
    public double[] Mean
    {
        get
        {
            var m = new double[_p.Length];
            for (int i = 0; i < m.Length; i++) m[i] = N * _p[i];
            return m;
        }
    }

    /// <summary>Var[xᵢ] = n·probsᵢ·(1 − probsᵢ) (a new array).</summary>
    public double[] Variance
    {
        get
        {
            var v = new double[_p.Length];
            for (int i = 0; i < v.Length; i++) v[i] = N * _p[i] * (1 - _p[i]);
            return v;
        }
    }

    /// <inheritdoc />
    public int[] Sample(Rng rng)
    {
        var x = new int[_p.Length];
        int remaining = N;
        for (int i = 0; i < x.Length - 1 && remaining > 0; i++)
        {
            if (_p[i] == 0) continue;
            double q = Math.Min(1.0, _p[i] / _tail[i]);
            x[i] = BinomialVariate.Sample(rng, remaining, q);
            remaining -= x[i];
        }
        x[^1] += remaining;
        return x;
    }

    /// <summary>
    /// log n! − Σᵢ log xᵢ! + Σᵢ xᵢ log probsᵢ; −∞ for a negative count, counts not summing to n, or a
    /// positive count in a category of probability 0.
    /// </summary>
    /// <exception cref="ArgumentException">The value's length is not K.</exception>
    public Real LogProb(int[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int k = _p.Length;
        if (value.Length != k)
            throw new ArgumentException($"{Name}: a value must have length {k}, but has length {value.Length}.", nameof(value));
        long total = 0;
        double v = _logFactorialN;
        for (int i = 0; i < k; i++)
        {
            int c = value[i];
            if (c < 0 || (c > 0 && _p[i] == 0)) return double.NegativeInfinity;
            total += c;
            v -= SpecialFunctions.LogGamma(c + 1.0);
            if (c > 0) v += c * Math.Log(_p[i]);
        }
        if (total != N) return double.NegativeInfinity;
        if (!_onTape) return v;
        double[]? rented = null;
        Span<double> partials = k <= 256 ? stackalloc double[k] : (rented = ArrayPool<double>.Shared.Rent(k)).AsSpan(0, k);
        for (int i = 0; i < k; i++) partials[i] = value[i] == 0 ? 0.0 : value[i] / _p[i];
        var result = Tape.Record(v, _probs, partials);
        if (rented is not null) ArrayPool<double>.Shared.Return(rented);
        if (result.Tape is { IsRecording: true })
        {
            var constants = new double[k + 1];
            constants[0] = _logFactorialN;
            for (int i = 0; i < k; i++) constants[1 + i] = value[i];
            Tape.Describe(result, Density.Instance, _probs, constants);
        }
        return result;
    }

    // Replays the log mass: operands p₀ … p_K−1, constants (log n!, the counts).
    private sealed class Density : IReplayKernel
    {
        public static readonly Density Instance = new();

        public double Evaluate(ReadOnlySpan<double> operands, ReadOnlySpan<double> constants, Span<double> partials)
        {
            double v = constants[0];
            for (int i = 0; i < operands.Length; i++)
            {
                double c = constants[1 + i], p = operands[i];
                if (c > 0 && p == 0) return TapeNode.OutsideSupport(partials);
                v -= SpecialFunctions.LogGamma(c + 1.0);
                if (c > 0) v += c * Math.Log(p);
                partials[i] = c == 0 ? 0.0 : c / p;
            }
            return v;
        }
    }

    /// <summary>
    /// Every count vector of positive mass, in decreasing lexicographic order: the compositions of n into the
    /// categories of positive probability, C(n + K′ − 1, K′ − 1) of them for K′ such categories.
    /// </summary>
    /// <exception cref="InvalidOperationException">There are more than 10⁷ of them.</exception>
    public IReadOnlyList<int[]> EnumerateSupport()
    {
        var open = new List<int>();
        for (int i = 0; i < _p.Length; i++)
            if (_p[i] > 0) open.Add(i);
        double count = Math.Exp(SpecialFunctions.LogGamma((double)N + open.Count) - SpecialFunctions.LogGamma(N + 1.0) - SpecialFunctions.LogGamma(open.Count));
        if (count > MaxEnumerated)
            throw new InvalidOperationException($"{Name}: the support has about {count:G3} values, more than {MaxEnumerated} can be listed.");
        var result = new List<int[]>((int)Math.Round(count));
        Compositions(open, 0, N, new int[_p.Length], result);
        return result;
    }

    private static void Compositions(List<int> open, int position, int remaining, int[] current, List<int[]> result)
    {
        int category = open[position];
        if (position == open.Count - 1)
        {
            current[category] = remaining;
            result.Add((int[])current.Clone());
            current[category] = 0;
            return;
        }
        for (int c = remaining; c >= 0; c--)
        {
            current[category] = c;
            Compositions(open, position + 1, remaining - c, current, result);
        }
        current[category] = 0;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
