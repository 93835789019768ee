using System.Buffers;
using Probabilistic.Distributions.Multivariate;
using Probabilistic.Numerics;

namespace Probabilistic.Distributions;

/// <summary>
/// MultivariateNormal(μ, Σ) over ℝᴷ, parameterized by the lower Cholesky factor L of the covariance
/// Σ = L·Lᵀ (Stan's <c>multi_normal_cholesky(mu, L)</c>, PyTorch's <c>scale_tril</c>); also from the
/// covariance itself (<see cref="FromCovariance"/>, Stan's <c>multi_normal(mu, Sigma)</c>) or from
/// the precision Ω = Σ⁻¹ (<see cref="FromPrecision"/>, Stan's <c>multi_normal_prec(mu, Omega)</c>).
/// Density log p(x) = −½|z|² − Σᵢ log Lᵢᵢ − (K/2) log 2π with z = L⁻¹(x − μ).
/// </summary>
/// <remarks>
/// <para>
/// The log density solves one triangular system (forward substitution; no matrix inverse) and
/// records the whole density as one tape node for μ and L and one for x, with the analytic partials
/// ∂/∂x = −w, ∂/∂μ = w, ∂/∂Lᵢⱼ = wᵢzⱼ − δᵢⱼ/Lᵢᵢ (i ≥ j) where w = L⁻ᵀz = Σ⁻¹(x − μ)
/// (M. B. Giles, "An extended collection of matrix derivative results for forward and reverse mode
/// AD", 2008, §2.3.1). A covariance or precision parameter is factored on the tape at construction.
/// </para>
/// <para>
/// Sampling is reparameterized: x = μ + L·ε with ε ~ N(0, I) (standard normals from the
/// <see cref="Rng"/>), one tape node per coordinate for L·ε plus one for + μ.
/// </para>
/// </remarks>
public sealed class MultivariateNormal : IVectorDistribution, IReparameterized<Real[]>
{
    private const int StackLimit = 1024;
    private readonly Real[] _mu;
    private readonly Real[] _scaleTril; // K·K row-major, zero above the diagonal
    private readonly double[] _l;
    private readonly double _logNormalizer; // Σ log Lᵢᵢ + (K/2) log 2π
    private readonly Real[]? _parameters; // μ then the lower triangle of L by rows, when any is on a tape
    private readonly Support _support;

    /// <summary>Creates MultivariateNormal(μ, L·Lᵀ) from the mean and the lower Cholesky factor L of the covariance.</summary>
    /// <param name="mu">The mean, K finite entries.</param>
    /// <param name="scaleTril">L: K×K, lower triangular (entries above the diagonal exactly 0), positive diagonal, finite.</param>
    /// <exception cref="ArgumentException">A parameter breaks these conditions (ParamName <c>mu[i]</c> for a bad mean entry, <c>L</c> for the factor).</exception>
    public MultivariateNormal(Real[] mu, Real[,] scaleTril)
        : this(CheckMean(mu), FlattenCholesky(scaleTril, mu.Length))
    {
    }

    private MultivariateNormal(Real[] mu, Real[] scaleTril)
    {
        int k = mu.Length;
        _mu = (Real[])mu.Clone();
        _scaleTril = scaleTril;
        _l = new double[k * k];
        bool onTape = false;
        for (int i = 0; i < _l.Length; i++)
        {
            _l[i] = scaleTril[i].Value;
            onTape |= !scaleTril[i].IsConstant;
        }
        double logDet = 0;
        for (int i = 0; i < k; i++)
        {
            logDet += Math.Log(_l[i * k + i]);
            onTape |= !mu[i].IsConstant;
        }
        _logNormalizer = logDet + k * Probabilistic.Numerics.SpecialFunctions.HalfLogTwoPi;
        if (onTape)
        {
            _parameters = new Real[k + k * (k + 1) / 2];
            mu.CopyTo(_parameters, 0);
            int n = k;
            for (int i = 0; i < k; i++)
                for (int j = 0; j <= i; j++) _parameters[n++] = scaleTril[i * k + j];
        }
        _support = Support.RealVector(k);
    }

    /// <summary>MultivariateNormal(μ, Σ) from a covariance matrix, factored here (Cholesky, on the tape when Σ is).</summary>
    /// <param name="mu">The mean, K finite entries.</param>
    /// <param name="sigma">Σ: K×K, symmetric (to 1e−8 relative; the lower triangle is used) and positive definite.</param>
    /// <exception cref="ArgumentException">Σ is not K×K, not finite, not symmetric, or not positive definite (the message names the row where the factorization fails); ParamName <c>Sigma</c>.</exception>
    public static MultivariateNormal FromCovariance(Real[] mu, Real[,] sigma)
    {
        ArgumentNullException.ThrowIfNull(sigma);
        CheckMean(mu);
        return new MultivariateNormal(mu, RealCholesky.Factor(nameof(MultivariateNormal), "Sigma", sigma, mu.Length));
    }

    /// <summary>MultivariateNormal(μ, Ω⁻¹) from a precision matrix Ω, turned into a lower scale factor here (no general inverse).</summary>
    /// <param name="mu">The mean, K finite entries.</param>
    /// <param name="omega">Ω: K×K, symmetric (to 1e−8 relative; the lower triangle is used) and positive definite.</param>
    /// <exception cref="ArgumentException">Ω is not K×K, not finite, not symmetric, or not positive definite; ParamName <c>Omega</c>.</exception>
    public static MultivariateNormal FromPrecision(Real[] mu, Real[,] omega)
    {
        ArgumentNullException.ThrowIfNull(omega);
        CheckMean(mu);
        return new MultivariateNormal(mu, RealCholesky.ScaleFromPrecision(nameof(MultivariateNormal), "Omega", omega, mu.Length));
    }

    private static Real[] CheckMean(Real[] mu)
    {
        ArgumentNullException.ThrowIfNull(mu);
        Parameters.FiniteVector(nameof(MultivariateNormal), "mu", mu);
        return mu;
    }

    private static Real[] FlattenCholesky(Real[,] l, int k)
    {
        ArgumentNullException.ThrowIfNull(l);
        const string name = nameof(MultivariateNormal), parameter = "L";
        if (l.GetLength(0) != k || l.GetLength(1) != k)
            throw new ArgumentException($"{name}: {parameter} must be {k}×{k} to match the mean, but is {l.GetLength(0)}×{l.GetLength(1)}.", parameter);
        var flat = new Real[k * k];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
            {
                double v = l[i, j].Value;
                if (j > i && v != 0)
                    throw new ArgumentException($"{name}: {parameter} must be lower triangular, but {parameter}[{i},{j}] = {v:R}.", parameter);
                if (j == i && !(v > 0 && double.IsFinite(v)))
                    throw new ArgumentException($"{name}: {parameter} must have a positive finite diagonal, but {parameter}[{i},{i}] = {v:R}.", parameter);
                if (!double.IsFinite(v))
                    throw new ArgumentException($"{name}: {parameter}[{i},{j}] must be finite, but is {v:R}.", parameter);
                flat[i * k + j] = j > i ? new Real(0.0) : l[i, j];
            }
        return flat;
    }

    /// <summary>The dimension K.</summary>
    public int Dimension => _mu.Length;

    /// <summary>The mean μ.</summary>
    public IReadOnlyList<Real> Mu => _mu;

    /// <summary>The lower Cholesky factor L of the covariance (a new K×K array).</summary>
    public Real[,] ScaleTril
    {
        get
        {
            int k = Dimension;
            var l = new Real[k, k];
            for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++) l[i, j] = _scaleTril[i * k + j];
            return l;
        }
    }

    /// <summary>The covariance Σ = L·Lᵀ, on values (a new K×K array).</summary>
    public double[,] Covariance
    {
        get
        {
            int k = Dimension;
            var s = new double[k, k];
            for (int i = 0; i < k; i++)
                for (int j = 0; j <= i; j++)
                {
                    double v = 0;
                    for (int m = 0; m <= j; m++) v += _l[i * k + m] * _l[j * k + m];
                    s[i, j] = s[j, i] = v;
                }
            return s;
        }
    }

    /// <inheritdoc />
    public string Name => $"MultivariateNormal(mu=[{string.Join(", ", _mu)}], L=[{string.Join("; ", Enumerable.Range(0, Dimension).Select(i => string.Join(", ", _scaleTril.Skip(i * Dimension).Take(i + 1))))}])";

    /// <summary>ℝᴷ.</summary>
    public Support Support => _support;

    /// <summary>μ, on values (a new array).</summary>
    public double[] Mean => _mu.Select(m => m.Value).ToArray();

    /// <summary>The diagonal of Σ: Σᵢᵢ = Σⱼ Lᵢⱼ² (a new array).</summary>
    public double[] Variance
    {
        get
        {
            int k = Dimension;
            var v = new double[k];
            for (int i = 0; i < k; i++)
                for (int j = 0; j <= i; j++) v[i] += _l[i * k + j] * _l[i * k + j];
            return v;
        }
    }

    /// <summary>A draw μ + L·ε, as constants.</summary>
    public Real[] Sample(Rng rng)
    {
        int k = Dimension;
        double[]? rented = null;
        Span<double> eps = k <= StackLimit ? stackalloc double[k] : (rented = ArrayPool<double>.Shared.Rent(k)).AsSpan(0, k);
        for (int i = 0; i < k; i++) eps[i] = rng.NextGaussian();
        var x = new Real[k];
        for (int i = 0; i < k; i++)
        {
            double v = _mu[i].Value;
            for (int j = 0; j <= i; j++) v += _l[i * k + j] * eps[j];
            x[i] = v;
        }
        if (rented is not null) ArrayPool<double>.Shared.Return(rented);
        return x;
    }

    /// <summary>A draw x = μ + L·ε whose coordinates carry the gradient with respect to μ and L.</summary>
    public Real[] Rsample(Rng rng)
    {
        if (_parameters is null) return Sample(rng);
        int k = Dimension;
        double[]? rented = null;
        Span<double> eps = k <= StackLimit ? stackalloc double[k] : (rented = ArrayPool<double>.Shared.Rent(k)).AsSpan(0, k);
        for (int i = 0; i < k; i++) eps[i] = rng.NextGaussian();
        var x = new Real[k];
        for (int i = 0; i < k; i++)
            x[i] = _mu[i] + RealMath.Dot(_scaleTril.AsSpan(i * k, i + 1), eps[..(i + 1)]);
        if (rented is not null) ArrayPool<double>.Shared.Return(rented);
        return x;
    }

    /// <summary>−½|L⁻¹(x − μ)|² − Σᵢ log Lᵢᵢ − (K/2) log 2π; −∞ for a non-finite coordinate.</summary>
    /// <exception cref="ArgumentException">The value's length is not K.</exception>
    public Real LogProb(Real[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int k = Dimension;
        if (value.Length != k)
            throw new ArgumentException($"{Name}: a value must have length {k}, but has length {value.Length}.", nameof(value));
        bool valueOnTape = false;
        foreach (var x in value)
        {
            if (!double.IsFinite(x.Value)) return double.NegativeInfinity;
            valueOnTape |= !x.IsConstant;
        }
        int tri = k * (k + 1) / 2;
        bool onTape = _parameters is not null || valueOnTape;
        int np = onTape ? 2 * k + tri : 0;
        int need = 4 * k + np;
        double[]? rented = null;
        Span<double> buffer = need <= StackLimit ? stackalloc double[need] : (rented = ArrayPool<double>.Shared.Rent(need)).AsSpan(0, need);
        Span<double> xs = buffer[..k], mu = buffer.Slice(k, k), work = buffer.Slice(2 * k, 2 * k), partials = buffer.Slice(4 * k, np);
        for (int i = 0; i < k; i++)
        {
            xs[i] = value[i].Value;
            mu[i] = _mu[i].Value;
        }
        double logp = Density.Value(k, xs, mu, _l, _logNormalizer, work, partials);
        Real result = logp;
        if (onTape)
        {
            // One node over the value's entries (∂/∂x = −Σ⁻¹(x − μ)), μ and the lower triangle of L.
            var t = Tape.Common(value, _parameters is null ? null : Tape.Common(_parameters))!;
            int start = t.BeginWide();
            if (valueOnTape)
                for (int i = 0; i < k; i++) t.AddWide(value[i], partials[i]);
            if (_parameters is not null)
                for (int i = 0; i < _parameters.Length; i++) t.AddWide(_parameters[i], partials[k + i]);
            result = t.EndWide(logp, start);
            if (t.IsRecording) Tape.Describe(result, Density.Instance, ReplayOperands(value), [k]);
        }
        if (rented is not null) ArrayPool<double>.Shared.Return(rented);
        return result;
    }

    // (x, μ, the lower triangle of L by rows): the operands of the log density's replay. Allocates, but only while a tape records.
    private Real[] ReplayOperands(Real[] value)
    {
        int k = Dimension;
        var operands = new Real[2 * k + k * (k + 1) / 2];
        value.CopyTo(operands, 0);
        _mu.CopyTo(operands, k);
        int n = 2 * k;
        for (int i = 0; i < k; i++)
            for (int j = 0; j <= i; j++) operands[n++] = _scaleTril[i * k + j];
        return operands;
    }

    // −½|L⁻¹(x − μ)|² − log-normalizer by forward substitution; when partials is not empty, also (by a
    // back substitution w = Σ⁻¹(x − μ)) ∂/∂x = −w, ∂/∂μ = w and ∂/∂Lᵢⱼ = wᵢzⱼ − [i = j]/Lᵢᵢ for the lower
    // triangle by rows, in that order. Replays the node: operands (x, μ, lower triangle of L), constant K.
    private sealed class Density : IReplayKernel
    {
        public static readonly Density Instance = new();

        public static double Value(int k, ReadOnlySpan<double> x, ReadOnlySpan<double> mu, ReadOnlySpan<double> l, double logNormalizer,
            Span<double> work, Span<double> partials)
        {
            Span<double> z = work[..k], w = work.Slice(k, k);
            // Forward substitution: L z = x − μ.
            double quad = 0;
            for (int i = 0; i < k; i++)
            {
                double s = x[i] - mu[i];
                for (int j = 0; j < i; j++) s -= l[i * k + j] * z[j];
                z[i] = s / l[i * k + i];
                quad += z[i] * z[i];
            }
            double logp = -0.5 * quad - logNormalizer;
            if (partials.IsEmpty) return logp;
            // Back substitution: Lᵀ w = z, so w = Σ⁻¹(x − μ).
            for (int i = k - 1; i >= 0; i--)
            {
                double s = z[i];
                for (int j = i + 1; j < k; j++) s -= l[j * k + i] * w[j];
                w[i] = s / l[i * k + i];
            }
            for (int i = 0; i < k; i++)
            {
                partials[i] = -w[i];
                partials[k + i] = w[i];
            }
            int n = 2 * k;
            for (int i = 0; i < k; i++)
                for (int j = 0; j <= i; j++)
                    partials[n++] = w[i] * z[j] - (i == j ? 1.0 / l[i * k + i] : 0.0);
            return logp;
        }

        public double Evaluate(ReadOnlySpan<double> operands, ReadOnlySpan<double> constants, Span<double> partials)
        {
            int k = (int)constants[0];
            var x = operands[..k];
            foreach (double xi in x)
                if (!double.IsFinite(xi)) return TapeNode.OutsideSupport(partials);
            int size = k * k + 2 * k;
            Span<double> l = size <= StackLimit ? stackalloc double[size] : new double[size];
            int n = 2 * k;
            double logDet = 0;
            for (int i = 0; i < k; i++)
            {
                for (int j = 0; j <= i; j++) l[i * k + j] = operands[n++];
                logDet += Math.Log(l[i * k + i]);
            }
            double logNormalizer = logDet + k * SpecialFunctions.HalfLogTwoPi;
            return Value(k, x, operands.Slice(k, k), l[..(k * k)], logNormalizer, l[(k * k)..], partials);
        }
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
