namespace Probabilistic.Distributions;

/// <summary>
/// Categorical(probs): the integer i ∈ {0, …, K−1} with probability probs[i] (Stan's
/// <c>categorical(theta)</c>, PyTorch's <c>Categorical(probs)</c>; Stan indexes from 1, this from 0).
/// Log mass log probs[i]. <see cref="FromLogits"/> gives the softmax form probs = softmax(logits)
/// (Stan's <c>categorical_logit(beta)</c>), log mass logits[i] − log Σⱼ exp(logits[j]).
/// </summary>
/// <remarks>
/// Sampling by inversion of the cumulative probabilities (sequential search). The log mass is one
/// tape node: ∂/∂probs[i] = 1/probs[i]; in the logit form, log Σ exp is one node recorded at
/// construction and each log mass one more (∂/∂logits[j] = δᵢⱼ − softmax(logits)[j]).
/// </remarks>
public sealed class Categorical : IFiniteDistribution<int>, IDiscreteDistribution, IMeasureValued
{
    private readonly Real[] _parameters; // probs, or logits in the logit form
    private readonly bool _fromLogits;
    private readonly Real _logNormalizer; // log Σ exp(logits) in the logit form
    private readonly double[] _p;
    private readonly double[] _cumulative;
    private readonly Support _support;
    private Real[]? _probs;

    /// <summary>Creates Categorical(probs): each probability in [0, 1], summing to 1 (to 1e-9).</summary>
    /// <exception cref="ArgumentException">probs is empty, has an entry outside [0, 1] or NaN, or does not sum to 1.</exception>
    public Categorical(params Real[] probs)
    {
        ArgumentNullException.ThrowIfNull(probs);
        Parameters.ProbabilityVector(nameof(Categorical), "probs", probs);
        _parameters = (Real[])probs.Clone();
        _probs = _parameters;
        _p = new double[probs.Length];
        for (int i = 0; i < _p.Length; i++) _p[i] = probs[i].Value;
        _cumulative = Cumulative(_p);
        _support = Support.IntegerInterval(0, probs.Length - 1);
    }

    /// <summary>Creates Categorical from real probabilities.</summary>
    /// <exception cref="ArgumentException">As for <see cref="Categorical(Real[])"/>.</exception>
    public Categorical(params double[] probs) : this(ToReal(probs)) { }

    private Categorical(Real[] logits, bool fromLogits)
    {
        Parameters.FiniteVector(nameof(Categorical), "logits", logits);
        _parameters = (Real[])logits.Clone();
        _fromLogits = fromLogits;
        _logNormalizer = RealMath.LogSumExp(_parameters);
        _p = new double[logits.Length];
        for (int i = 0; i < _p.Length; i++) _p[i] = Math.Exp(logits[i].Value - _logNormalizer.Value);
        _cumulative = Cumulative(_p);
        _support = Support.IntegerInterval(0, logits.Length - 1);
    }

    /// <summary>Categorical with probs = softmax(logits): probs[i] = exp(logits[i]) / Σⱼ exp(logits[j]), for finite logits.</summary>
    /// <exception cref="ArgumentException">logits is empty or has a NaN or infinite entry.</exception>
    public static Categorical FromLogits(params Real[] logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        return new Categorical(logits, fromLogits: true);
    }

    private static Real[] ToReal(double[] probs)
    {
        ArgumentNullException.ThrowIfNull(probs);
        var r = new Real[probs.Length];
        for (int i = 0; i < r.Length; i++) r[i] = probs[i];
        return r;
    }

    private static double[] Cumulative(double[] p)
    {
        var c = new double[p.Length];
        double sum = 0;
        for (int i = 0; i < p.Length; i++) c[i] = sum += p[i];
        return c;
    }

    /// <summary>The probabilities (in the logit form, softmax(logits), computed on first use and recorded on the logits' tape).</summary>
    public IReadOnlyList<Real> Probs => _probs ??= Softmax();

    private Real[] Softmax()
    {
        var probs = new Real[_parameters.Length];
        for (int i = 0; i < probs.Length; i++) probs[i] = RealMath.Exp(_parameters[i] - _logNormalizer);
        return probs;
    }

    /// <summary>The number of categories K.</summary>
    public int Count => _parameters.Length;

    /// <inheritdoc />
    public string Name => $"Categorical({(_fromLogits ? "logits" : "probs")}=[{string.Join(", ", _parameters)}])";

    /// <summary>The integers 0, …, K − 1.</summary>
    public Support Support => _support;

    /// <summary>The mean Σ i·probs[i].</summary>
    public double Mean
    {
        get
        {
            double m = 0;
            for (int i = 0; i < _p.Length; i++) m += i * _p[i];
            return m;
        }
    }

    /// <summary>The variance Σ (i − mean)²·probs[i].</summary>
    public double Variance
    {
        get
        {
            double m = Mean, v = 0;
            for (int i = 0; i < _p.Length; i++) v += (i - m) * (i - m) * _p[i];
            return v;
        }
    }

    /// <inheritdoc />
    public int Sample(Rng rng) => Invert(rng.NextDouble() * _cumulative[^1], _p, _cumulative);

    // Inversion by sequential search: the first i with u < cumulative[i] and positive mass (else the last class of positive
    // mass). With cumulative null the running sums are recomputed in the same order, so they are the same numbers.
    private static int Invert(double u, ReadOnlySpan<double> p, double[]? cumulative)
    {
        double sum = 0;
        for (int i = 0; i < p.Length - 1; i++)
        {
            double c = cumulative is null ? sum += p[i] : cumulative[i];
            if (u < c && p[i] > 0) return i;
        }
        for (int i = p.Length - 1; i > 0; i--)
            if (p[i] > 0) return i;
        return 0;
    }

    /// <summary>
    /// A draw from Categorical(<paramref name="probs"/>) without a distribution object: the draw <see cref="Sample"/> makes
    /// (one uniform, inverted through the cumulative sums), allocating nothing. The probabilities are checked as the
    /// constructor checks them.
    /// </summary>
    /// <exception cref="ArgumentException">probs is empty, an entry is not a probability, or they do not sum to 1.</exception>
    public static int Draw(Rng rng, ReadOnlySpan<double> probs)
    {
        double total = Parameters.ProbabilityVector(nameof(Categorical), "probs", probs);
        return Invert(rng.NextDouble() * total, probs, null);
    }

    /// <summary>log probs[x], −∞ outside 0 … K − 1: the value <see cref="LogProb"/> gives (in the probability form), to the bit, without a distribution object. The
    /// probabilities are checked as the constructor checks them.</summary>
    /// <exception cref="ArgumentException">probs is empty, an entry is not a probability, or they do not sum to 1.</exception>
    public static double LogDensity(int x, ReadOnlySpan<double> probs)
    {
        Parameters.ProbabilityVector(nameof(Categorical), "probs", probs);
        return x < 0 || x >= probs.Length ? double.NegativeInfinity : Math.Log(probs[x]);
    }

    /// <summary>
    /// E[g] = Σₖ πₖ g(k), so ∂/∂πₖ E[g] = g(k): one term per class with c = 1, p⁺ = δₖ and no negative part, through the
    /// probabilities as tape values (in the logit form, the softmax of the logits, whose chain rule reaches the logits).
    /// Classes of mass 0 give no term.
    /// </summary>
    public IEnumerable<WeakDerivative> WeakDerivatives(object nominal, Rng rng)
    {
        var probs = Probs;
        for (int k = 0; k < probs.Count; k++)
            if (probs[k].Value > 0) yield return new WeakDerivative(probs[k], 1, k, NegativePart.None);
    }

    /// <summary>log probs[i] (logits[i] − log Σⱼ exp(logits[j]) in the logit form); −∞ outside 0 … K − 1.</summary>
    public Real LogProb(int value)
    {
        if (value < 0 || value >= _parameters.Length) return double.NegativeInfinity;
        return _fromLogits ? _parameters[value] - _logNormalizer : RealMath.Log(_parameters[value]);
    }

    /// <summary>The categories of positive probability, in increasing order.</summary>
    public IReadOnlyList<int> EnumerateSupport()
    {
        var s = new List<int>(_p.Length);
        for (int i = 0; i < _p.Length; i++)
            if (_fromLogits || _p[i] > 0) s.Add(i);
        return s;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
