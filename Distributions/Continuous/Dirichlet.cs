using Probabilistic.Numerics;

namespace Probabilistic.Distributions;

/// <summary>
/// Dirichlet(alpha): concentrations α₁, …, α_K &gt; 0, K ≥ 2 (Stan's <c>dirichlet(alpha)</c>), over the open
/// unit K-simplex, density p(x) = Γ(α₀)/Πₖ Γ(αₖ) · Πₖ xₖ^(αₖ − 1) with α₀ = Σₖ αₖ.
/// </summary>
public sealed class Dirichlet : IVectorDistribution, IReparameterized<Real[]>
{
    // Vectors up to this length use stack buffers in LogProb and Rsample.
    private const int StackLimit = 256;

    private readonly Real[] _alpha;
    private readonly double[] _a;
    private readonly double _alpha0, _logNormalizer;
    private readonly GammaVariate[] _variates;

    /// <summary>Creates Dirichlet(alpha).</summary>
    /// <exception cref="ArgumentException">alpha has fewer than 2 entries (ParamName "alpha"), or an entry is not positive and finite (ParamName "alpha[k]").</exception>
    public Dirichlet(params Real[] alpha)
    {
        ArgumentNullException.ThrowIfNull(alpha);
        if (alpha.Length < 2)
            throw new ArgumentException($"Dirichlet: alpha must have at least 2 entries, but has {alpha.Length}.", nameof(alpha));
        _alpha = (Real[])alpha.Clone();
        _a = new double[alpha.Length];
        _variates = new GammaVariate[alpha.Length];
        double logGammas = 0;
        for (int k = 0; k < alpha.Length; k++)
        {
            Parameters.Positive(nameof(Dirichlet), $"alpha[{k}]", alpha[k].Value);
            _a[k] = alpha[k].Value;
            _alpha0 += _a[k];
            logGammas += SpecialFunctions.LogGamma(_a[k]);
            _variates[k] = new GammaVariate(_a[k]);
        }
        _logNormalizer = SpecialFunctions.LogGamma(_alpha0) - logGammas;
        Support = Support.Simplex(alpha.Length);
    }

    /// <summary>Creates Dirichlet(alpha) from constant concentrations.</summary>
    public Dirichlet(params double[] alpha) : this(ToReal(alpha)) { }

    private static Real[] ToReal(double[] alpha)
    {
        ArgumentNullException.ThrowIfNull(alpha);
        return Array.ConvertAll(alpha, a => new Real(a));
    }

    /// <summary>The concentrations α.</summary>
    public IReadOnlyList<Real> Alpha => _alpha;

    /// <summary>K, the number of coordinates.</summary>
    public int Dimension => _alpha.Length;

    /// <inheritdoc />
    public string Name => $"Dirichlet(alpha=[{string.Join(", ", _alpha)}])";

    /// <summary>The open unit K-simplex (Stan's <c>simplex[K]</c>, with its stick-breaking bijector).</summary>
    public Support Support { get; }

    /// <summary>αₖ/α₀ for each k.</summary>
    public double[] Mean => Array.ConvertAll(_a, a => a / _alpha0);

    /// <summary>αₖ(α₀ − αₖ)/(α₀²(α₀ + 1)) for each k.</summary>
    public double[] Variance => Array.ConvertAll(_a, a => a * (_alpha0 - a) / (_alpha0 * _alpha0 * (_alpha0 + 1)));

    /// <summary>
    /// xₖ = Gₖ/Σⱼ Gⱼ with Gₖ ~ Gamma(αₖ, 1) (Marsaglia &amp; Tsang 2000; Devroye, <i>Non-Uniform Random
    /// Variate Generation</i>, 1986, §XI.4), normalized in log space so that small concentrations do not
    /// underflow. A coordinate below the smallest normal double is raised to it (as PyTorch's
    /// <c>clamp_probs</c>), which keeps the draw inside the open simplex; the sum moves by less than 10⁻³⁰⁰.
    /// </summary>
    public Real[] Sample(Rng rng)
    {
        int k = _a.Length;
        Span<double> logG = k <= StackLimit ? stackalloc double[k] : new double[k];
        Span<double> g = k <= StackLimit ? stackalloc double[k] : new double[k];
        var x = new Real[k];
        Draw(rng, logG, g, out double logSum);
        for (int i = 0; i < k; i++) x[i] = new Real(Coordinate(logG[i], logSum));
        return x;
    }

    /// <summary>
    /// The draw of <see cref="Sample"/>, with gradients by implicit reparameterization through the Gammas
    /// (Figurnov, Mohamed &amp; Mnih, NeurIPS 2018, §3): with ℓⱼ = d log Gⱼ/dαⱼ
    /// (<see cref="RegularizedGamma.LogQuantileDerivativeA"/>), ∂xᵢ/∂αⱼ = xᵢ(δᵢⱼ − xⱼ)ℓⱼ; each xᵢ is one
    /// node with the K concentrations as parents.
    /// </summary>
    public Real[] Rsample(Rng rng)
    {
        int k = _a.Length;
        Span<double> logG = k <= StackLimit ? stackalloc double[k] : new double[k];
        Span<double> g = k <= StackLimit ? stackalloc double[k] : new double[k];
        Draw(rng, logG, g, out double logSum);
        var x = new Real[k];
        if (Tape.Common(_alpha) is null)
        {
            for (int i = 0; i < k; i++) x[i] = new Real(Coordinate(logG[i], logSum));
            return x;
        }
        Span<double> values = k <= StackLimit ? stackalloc double[k] : new double[k];
        Span<double> weights = k <= StackLimit ? stackalloc double[k] : new double[k]; // xⱼℓⱼ
        Span<double> partials = k <= StackLimit ? stackalloc double[k] : new double[k];
        for (int j = 0; j < k; j++)
        {
            values[j] = Coordinate(logG[j], logSum);
            weights[j] = _alpha[j].Tape is null ? 0 : values[j] * RegularizedGamma.LogQuantileDerivativeA(_a[j], g[j], logG[j]);
        }
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < k; j++) partials[j] = -values[i] * weights[j];
            partials[i] += weights[i];
            x[i] = Tape.Record(values[i], _alpha, partials);
        }
        return x;
    }

    private void Draw(Rng rng, Span<double> logG, Span<double> g, out double logSum)
    {
        double max = double.NegativeInfinity;
        for (int i = 0; i < logG.Length; i++)
        {
            g[i] = _variates[i].Sample(rng, out logG[i]);
            if (logG[i] > max) max = logG[i];
        }
        double sum = 0;
        foreach (double l in logG) sum += Math.Exp(l - max);
        logSum = max + Math.Log(sum);
    }

    private static double Coordinate(double logG, double logSum) => Math.Max(Math.Exp(logG - logSum), GammaVariate.Smallest);

    /// <summary>
    /// log p(x) = log Γ(α₀) − Σₖ log Γ(αₖ) + Σₖ (αₖ − 1) log xₖ for x in the simplex (to
    /// <see cref="Support.ConstraintTolerance"/> in the sum, as Stan checks it), −∞ otherwise or when x has
    /// the wrong length. Partials ∂/∂xₖ = (αₖ − 1)/xₖ (as a function on ℝᴷ; only the components along the
    /// simplex are meaningful) and ∂/∂αₖ = log xₖ + ψ(α₀) − ψ(αₖ), recorded as one node with x and α as parents.
    /// </summary>
    public Real LogProb(Real[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        int k = _a.Length;
        if (x.Length != k) return double.NegativeInfinity;
        Span<double> values = k <= StackLimit ? stackalloc double[k] : new double[k];
        for (int i = 0; i < k; i++) values[i] = x[i].Value;
        if (!Support.Contains(values)) return double.NegativeInfinity;
        double v = _logNormalizer;
        for (int i = 0; i < k; i++) v += (_a[i] - 1) * Math.Log(values[i]);
        var tape = Tape.Common(x, Tape.Common(_alpha));
        if (tape is null) return new Real(v);
        int start = tape.BeginWide();
        for (int i = 0; i < k; i++) tape.AddWide(x[i], (_a[i] - 1) / values[i]);
        double psi0 = SpecialFunctions.Digamma(_alpha0);
        bool shapes = false;
        for (int i = 0; i < k; i++)
            if (_alpha[i].Tape is not null)
            {
                shapes = true;
                tape.AddWide(_alpha[i], Math.Log(values[i]) + psi0 - SpecialFunctions.Digamma(_a[i]));
            }
        var result = tape.EndWide(v, start);
        if (tape.IsRecording) Tape.Describe(result, new Density(Support), [.. x, .. _alpha], [shapes ? 1 : 0]);
        return result;
    }

    // Replays the log density: operands (x₀ … x_K−1, α₀ … α_K−1), constant: whether some α is on the tape (∂/∂α needs
    // digamma). Holds the support, whose check a replay repeats (−∞ off the simplex, as the record site).
    private sealed class Density(Support support) : IReplayKernel
    {
        public double Evaluate(ReadOnlySpan<double> operands, ReadOnlySpan<double> constants, Span<double> partials)
        {
            int k = operands.Length / 2;
            var x = operands[..k];
            var alpha = operands[k..];
            if (!support.Contains(x)) return TapeNode.OutsideSupport(partials);
            // As the constructor and LogProb, in the same order.
            double alpha0 = 0, logGammas = 0;
            for (int i = 0; i < k; i++)
            {
                alpha0 += alpha[i];
                logGammas += SpecialFunctions.LogGamma(alpha[i]);
            }
            double v = SpecialFunctions.LogGamma(alpha0) - logGammas;
            for (int i = 0; i < k; i++) v += (alpha[i] - 1) * Math.Log(x[i]);
            for (int i = 0; i < k; i++) partials[i] = (alpha[i] - 1) / x[i];
            bool shapes = constants[0] != 0;
            double psi0 = shapes ? SpecialFunctions.Digamma(alpha0) : 0;
            for (int i = 0; i < k; i++) partials[k + i] = shapes ? Math.Log(x[i]) + psi0 - SpecialFunctions.Digamma(alpha[i]) : 0;
            return v;
        }
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
