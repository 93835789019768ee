using System.Buffers;
using Probabilistic.Distributions.Discrete;
using Probabilistic.Numerics;

namespace Probabilistic.Distributions;

/// <summary>
/// LKJCholesky(K, η): the LKJ distribution over K×K correlation matrices, p(Ω) ∝ det(Ω)^(η−1)
/// (D. Lewandowski, D. Kurowicka &amp; H. Joe, "Generating random correlation matrices based on vines
/// and extended onion method", J. Multivariate Analysis 100, 2009), stated on the lower Cholesky
/// factor L of Ω = L·Lᵀ as Stan's <c>lkj_corr_cholesky(eta)</c>. A value is L flattened row-major into
/// K·K reals (entries above the diagonal 0, positive diagonal, each row of unit length).
/// </summary>
/// <remarks>
/// <para>
/// Density, with respect to Lebesgue measure on the strictly lower entries of L:
/// log p(L) = Σᵢ₌₁^{K−1} (K − i − 1 + 2η − 2)·log Lᵢᵢ − log c_K(η) (rows from 0), which is
/// det(Ω)^(η−1) times the Jacobian ∏ᵢ Lᵢᵢ^(K−i−1) of L ↦ Ω. The normalizing constant is that of LKJ
/// (2009, §3.2): log c_K(η) = Σₘ₌₁^{K−1} [(2η − 2 + K − m)(K − m) log 2 + (K − m) log B(βₘ, βₘ)] with
/// βₘ = η + (K − m − 1)/2. The log density is one tape node with ∂/∂Lᵢᵢ = (K − i − 1 + 2η − 2)/Lᵢᵢ and
/// ∂/∂η = 2 Σᵢ log Lᵢᵢ − ∂ log c_K/∂η.
/// </para>
/// <para>
/// Sampling by the onion method (LKJ 2009, §3.2) on the Cholesky factor: row i ≥ 1 is
/// (√y·u, √(1 − y), 0, …) with y ~ Beta(i/2, η + (K − 1 − i)/2) and u uniform on the unit sphere in ℝⁱ
/// (normalized standard normals). The Beta variate is drawn as a ratio of gammas in logs, so √(1 − y)
/// keeps its accuracy for small η.
/// </para>
/// </remarks>
public sealed class LKJCholesky : IVectorDistribution
{
    private const double Ln2 = 0.69314718055994530942;
    private readonly double _logNormalizer, _logNormalizerDerivative;
    private readonly Support _support;

    /// <summary>Creates LKJCholesky(K, η) for K ≥ 1 and shape η &gt; 0 (η = 1 is uniform over correlation matrices; larger η concentrates at the identity).</summary>
    /// <exception cref="ArgumentException">K &lt; 1, or η is not positive and finite.</exception>
    public LKJCholesky(int k, Real eta)
    {
        if (k < 1) throw new ArgumentException($"{nameof(LKJCholesky)}: k (the matrix size K) must be at least 1, but is {k}.", nameof(k));
        Parameters.Positive(nameof(LKJCholesky), "eta", eta.Value);
        K = k;
        Eta = eta;
        (_logNormalizer, _logNormalizerDerivative) = LogNormalizer(k, eta.Value);
        _support = Support.CholeskyCorrelation(k);
    }

    /// <summary>log c_K(η) and its derivative in η.</summary>
    private static (double Value, double Derivative) LogNormalizer(int k, double eta)
    {
        double v = 0, d = 0;
        for (int m = 1; m < k; m++)
        {
            int r = k - m;
            double beta = eta + (r - 1) / 2.0;
            v += (2 * eta - 2 + r) * r * Ln2 + r * SpecialFunctions.LogBeta(beta, beta);
            d += 2 * r * Ln2 + 2 * r * (SpecialFunctions.Digamma(beta) - SpecialFunctions.Digamma(2 * beta));
        }
        return (v, d);
    }

    /// <summary>The matrix size K.</summary>
    public int K { get; }

    /// <summary>The shape η.</summary>
    public Real Eta { get; }

    /// <summary>The length of a value, K·K.</summary>
    public int Dimension => K * K;

    /// <inheritdoc />
    public string Name => $"LKJCholesky(k={K}, eta={Eta})";

    /// <summary>The Cholesky factors of K×K correlation matrices (<see cref="Support.CholeskyCorrelation"/>).</summary>
    public Support Support => _support;

    /// <summary>
    /// E[Lᵢⱼ] by entry (row-major, a new array): 1 at (0, 0); 0 off the diagonal (the sphere direction is
    /// symmetric); E[√(1 − y)] = B(βᵢ + ½, i/2)/B(βᵢ, i/2) at (i, i), with βᵢ = η + (K − 1 − i)/2.
    /// </summary>
    public double[] Mean
    {
        get
        {
            var m = new double[K * K];
            m[0] = 1;
            for (int i = 1; i < K; i++)
            {
                double b = RowBeta(i);
                m[i * K + i] = Math.Exp(SpecialFunctions.LogBeta(b + 0.5, i / 2.0) - SpecialFunctions.LogBeta(b, i / 2.0));
            }
            return m;
        }
    }

    /// <summary>
    /// Var[Lᵢⱼ] by entry (row-major, a new array): 1/(2η + K − 1) for j &lt; i (as for the correlations
    /// themselves); E[1 − y] − E[√(1 − y)]² = βᵢ/(βᵢ + i/2) − E[Lᵢᵢ]² on the diagonal; 0 elsewhere.
    /// </summary>
    public double[] Variance
    {
        get
        {
            var mean = Mean;
            var v = new double[K * K];
            double offDiagonal = 1.0 / (2 * Eta.Value + K - 1);
            for (int i = 1; i < K; i++)
            {
                for (int j = 0; j < i; j++) v[i * K + j] = offDiagonal;
                double b = RowBeta(i), d = mean[i * K + i];
                v[i * K + i] = b / (b + i / 2.0) - d * d;
            }
            return v;
        }
    }

    private double RowBeta(int i) => Eta.Value + (K - 1 - i) / 2.0;

    /// <inheritdoc />
    public Real[] Sample(Rng rng)
    {
        int k = K;
        var l = new Real[k * k];
        l[0] = 1.0;
        double[]? rented = null;
        Span<double> g = k <= 1024 ? stackalloc double[k] : (rented = ArrayPool<double>.Shared.Rent(k)).AsSpan(0, k);
        for (int i = 1; i < k; i++)
        {
            var (logY, logOneMinusY) = GammaVariate.SampleLogBeta(rng, i / 2.0, RowBeta(i));
            double norm2 = 0;
            for (int j = 0; j < i; j++)
            {
                g[j] = rng.NextGaussian();
                norm2 += g[j] * g[j];
            }
            double scale = Math.Exp(0.5 * logY) / Math.Sqrt(norm2);
            for (int j = 0; j < i; j++) l[i * k + j] = g[j] * scale;
            l[i * k + i] = Math.Exp(0.5 * logOneMinusY);
        }
        if (rented is not null) ArrayPool<double>.Shared.Return(rented);
        return l;
    }

    /// <summary>
    /// Σᵢ₌₁^{K−1} (K − i − 1 + 2η − 2) log Lᵢᵢ − log c_K(η); −∞ unless L is lower triangular with a
    /// positive diagonal and rows of unit length (to <see cref="Support.ConstraintTolerance"/>, Stan's 1e−8), as <see cref="Support.CholeskyCorrelation"/> requires.
    /// </summary>
    /// <exception cref="ArgumentException">The value's length is not K·K.</exception>
    public Real LogProb(Real[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int k = K;
        if (value.Length != k * k)
            throw new ArgumentException($"{Name}: a value must have length K·K = {k * k}, but has length {value.Length}.", nameof(value));
        if (!InSupport(value)) return double.NegativeInfinity;
        double eta = Eta.Value, v = -_logNormalizer, sumLog = 0;
        bool onTape = !Eta.IsConstant;
        for (int i = 1; i < k; i++)
        {
            double logD = Math.Log(value[i * k + i].Value);
            v += (k - i - 1 + 2 * eta - 2) * logD;
            sumLog += logD;
            onTape |= !value[i * k + i].IsConstant;
        }
        if (!onTape) return v;
        var parents = ArrayPool<Real>.Shared.Rent(k);
        double[]? rented = null;
        Span<double> partials = k <= 1024 ? stackalloc double[k] : (rented = ArrayPool<double>.Shared.Rent(k)).AsSpan(0, k);
        parents[0] = Eta;
        partials[0] = 2 * sumLog - _logNormalizerDerivative;
        for (int i = 1; i < k; i++)
        {
            parents[i] = value[i * k + i];
            partials[i] = (k - i - 1 + 2 * eta - 2) / value[i * k + i].Value;
        }
        var result = Tape.Record(v, parents.AsSpan(0, k), partials);
        if (result.Tape is { IsRecording: true }) Tape.Describe(result, Density.Instance, parents.AsSpan(0, k), [k]);
        ArrayPool<Real>.Shared.Return(parents, clearArray: true);
        if (rented is not null) ArrayPool<double>.Shared.Return(rented);
        return result;
    }

    // Replays the log density: operands (η, L₁₁, …, L_K−1,K−1), the diagonal that the density depends on; constant K. The
    // rows' unit length is not re-checked (the Cholesky-correlation bijector guarantees it); a diagonal entry ≤ 0 gives −∞.
    private sealed class Density : IReplayKernel
    {
        public static readonly Density Instance = new();

        public double Evaluate(ReadOnlySpan<double> operands, ReadOnlySpan<double> constants, Span<double> partials)
        {
            int k = (int)constants[0];
            double eta = operands[0];
            var (logNormalizer, derivative) = LogNormalizer(k, eta);
            double v = -logNormalizer, sumLog = 0;
            for (int i = 1; i < k; i++)
            {
                double d = operands[i];
                if (!(d > 0)) return TapeNode.OutsideSupport(partials);
                double logD = Math.Log(d);
                v += (k - i - 1 + 2 * eta - 2) * logD;
                sumLog += logD;
                partials[i] = (k - i - 1 + 2 * eta - 2) / d;
            }
            partials[0] = 2 * sumLog - derivative;
            return v;
        }
    }

    /// <summary>The support's own check (<see cref="Support.CholeskyCorrelation"/>) on the values, copied to a stack or pooled buffer.</summary>
    private bool InSupport(Real[] l)
    {
        double[]? rented = l.Length > 256 ? ArrayPool<double>.Shared.Rent(l.Length) : null;
        Span<double> values = rented is null ? stackalloc double[l.Length] : rented.AsSpan(0, l.Length);
        for (int i = 0; i < l.Length; i++) values[i] = l[i].Value;
        bool inside = _support.Contains(values);
        if (rented is not null) ArrayPool<double>.Shared.Return(rented);
        return inside;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
