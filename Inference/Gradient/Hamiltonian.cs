namespace Probabilistic.Inference;

/// <summary>
/// H(q, p) = −log p(q) + ½ pᵀ M⁻¹ p with a Euclidean metric, and the leapfrog integrator
/// (Neal 2011, "MCMC using Hamiltonian dynamics", §5.2; Stan's <c>diag_e</c>/<c>dense_e</c> metrics and
/// <c>expl_leapfrog</c>). The inverse metric M⁻¹ is what warmup estimates (a variance or covariance of θ).
/// </summary>
internal sealed class Hamiltonian
{
    private IDifferentiableDensity _density;
    private readonly double[] _inverseDiagonal;
    private double[,]? _inverseDense;
    private double[,]? _cholesky; // lower L with M⁻¹ = L Lᵀ
    private LowRankMetric? _lowRank; // MetricKind.LowRank once adapted: M⁻¹ = S (I + U (Λ − I) Uᵀ) S
    private readonly double[] _scratch;

    public Hamiltonian(IDifferentiableDensity density, MetricKind kind)
    {
        _density = density;
        Dimension = density.Dimension;
        Kind = kind;
        _inverseDiagonal = new double[Dimension];
        Array.Fill(_inverseDiagonal, 1.0);
        _scratch = new double[Dimension];
        if (kind == MetricKind.Dense) SetInverseMetric(Identity(Dimension));
    }

    public int Dimension { get; }
    public MetricKind Kind { get; }

    /// <summary>The target (Gibbs swaps it between sweeps as the conditioned values change; the dimension stays).</summary>
    public IDifferentiableDensity Density
    {
        get => _density;
        set
        {
            if (value.Dimension != Dimension)
                throw new ModelException($"The continuous choices changed dimension from {Dimension} to {value.Dimension} when other choices changed; Gibbs needs a fixed set of continuous choices.");
            _density = value;
        }
    }
    public int GradientEvaluations { get; private set; }

    /// <summary>The diagonal of M⁻¹ (diagonal and unit metrics).</summary>
    public double[] InverseDiagonal => _inverseDiagonal;

    /// <summary>M⁻¹ (dense metric), or null.</summary>
    public double[,]? InverseDense => _inverseDense;

    /// <summary>Sets a dense M⁻¹ and its Cholesky factor.</summary>
    /// <exception cref="InvalidOperationException">M⁻¹ is not positive definite.</exception>
    public void SetInverseMetric(double[,] inverse)
    {
        _inverseDense = inverse;
        _cholesky = CholeskyFactor.Lower(inverse);
    }

    /// <summary>The low-rank metric (<see cref="MetricKind.LowRank"/> once it has corrections), or null.</summary>
    public LowRankMetric? LowRank => _lowRank;

    /// <summary>
    /// Sets the diagonal scale s (M⁻¹'s diagonal part is s²) and, when there are any, the low-rank corrections
    /// (<see cref="MetricKind.FisherDiagonal"/> and <see cref="MetricKind.LowRank"/>).
    /// </summary>
    public void SetLowRank(double[] scale, double[][] vectors, double[] values)
    {
        for (int i = 0; i < Dimension; i++) _inverseDiagonal[i] = scale[i] * scale[i];
        _lowRank = vectors.Length > 0 ? new LowRankMetric(scale, vectors, values) : null;
    }

    /// <summary>Evaluates log p and its gradient at the point's position.</summary>
    public void Evaluate(PhasePoint z)
    {
        GradientEvaluations++;
        double lp = _density.LogDensityGradient(z.Q, z.Gradient);
        z.LogDensity = double.IsNaN(lp) ? double.NegativeInfinity : lp;
    }

    /// <summary>Draws p ~ N(0, M).</summary>
    public void SampleMomentum(PhasePoint z, Rng rng)
    {
        int d = Dimension;
        if (_lowRank is not null)
        {
            for (int i = 0; i < d; i++) _scratch[i] = rng.NextGaussian();
            _lowRank.MomentumFromStandard(_scratch, z.P);
            return;
        }
        if (_cholesky is null)
        {
            for (int i = 0; i < d; i++) z.P[i] = rng.NextGaussian() / Math.Sqrt(_inverseDiagonal[i]);
            return;
        }
        // p = L⁻ᵀ u has covariance (L Lᵀ)⁻¹ = M.
        var u = _scratch;
        for (int i = 0; i < d; i++) u[i] = rng.NextGaussian();
        var l = _cholesky;
        for (int i = d - 1; i >= 0; i--)
        {
            double s = u[i];
            for (int k = i + 1; k < d; k++) s -= l[k, i] * z.P[k];
            z.P[i] = s / l[i, i];
        }
    }

    /// <summary>The velocity dq/dt = M⁻¹ p (Stan's <c>dtau_dp</c>, the "sharp" momentum).</summary>
    public void Velocity(double[] p, double[] v)
    {
        int d = Dimension;
        if (_lowRank is not null)
        {
            _lowRank.Velocity(p, v);
            return;
        }
        if (_inverseDense is null)
        {
            for (int i = 0; i < d; i++) v[i] = _inverseDiagonal[i] * p[i];
            return;
        }
        var m = _inverseDense;
        for (int i = 0; i < d; i++)
        {
            double s = 0;
            for (int k = 0; k < d; k++) s += m[i, k] * p[k];
            v[i] = s;
        }
    }

    /// <summary>½ pᵀ M⁻¹ p.</summary>
    public double Kinetic(double[] p)
    {
        Velocity(p, _scratch);
        double s = 0;
        for (int i = 0; i < Dimension; i++) s += p[i] * _scratch[i];
        return 0.5 * s;
    }

    /// <summary>H = −log p(q) + ½ pᵀ M⁻¹ p; +∞ where log p is not finite.</summary>
    public double Energy(PhasePoint z)
    {
        double h = -z.LogDensity + Kinetic(z.P);
        return double.IsNaN(h) ? double.PositiveInfinity : h;
    }

    /// <summary>One leapfrog step of size <paramref name="epsilon"/> (negative to integrate backwards).</summary>
    public void Leapfrog(PhasePoint z, double epsilon)
    {
        int d = Dimension;
        double half = 0.5 * epsilon;
        for (int i = 0; i < d; i++) z.P[i] += half * z.Gradient[i];
        Velocity(z.P, _scratch);
        for (int i = 0; i < d; i++) z.Q[i] += epsilon * _scratch[i];
        Evaluate(z);
        for (int i = 0; i < d; i++) z.P[i] += half * z.Gradient[i];
    }

    private static double[,] Identity(int d)
    {
        var m = new double[d, d];
        for (int i = 0; i < d; i++) m[i, i] = 1;
        return m;
    }
}
