using Probabilistic.Numerics;

namespace Probabilistic.Inference.Variational;

/// <summary>
/// The Laplace approximation on the unconstrained space (Pyro's <c>AutoLaplaceApproximation</c>; Laplace 1774; MacKay,
/// <i>Information Theory, Inference, and Learning Algorithms</i>, 2003, ch. 27): the latent continuous choices'
/// unconstrained coordinates θ (laid out as <see cref="ModelDensity{T}"/> does) are approximated by
/// N(θ̂, H⁻¹), θ̂ the mode of the unconstrained log density log p(x, T(θ)) + log |det J_T(θ)| — the density NUTS samples,
/// Jacobian included, as Pyro's AutoContinuous guides optimize it — and H the Hessian of its negative at θ̂.
/// <see cref="Fit{T}"/> finds θ̂ by <see cref="ModifiedNewton"/> and H by central differences of the exact gradient.
/// </summary>
/// <remarks>
/// As a <see cref="Guide"/> it has no parameters: it draws θ = θ̂ + L⁻ᵀε with H = L Lᵀ and ε ~ N(0, I) (covariance
/// L⁻ᵀL⁻¹ = H⁻¹), maps each block by its bijector, and log q = Σ log N(εᵢ; 0, 1) + Σ log Lᵢᵢ − Σ_blocks log |det J_T|.
/// So <see cref="Sample"/> gives posterior draws, and <see cref="Infer.Svi{T}"/> with it estimates its ELBO (with nothing
/// to optimize). The approximation is exact when the unconstrained posterior is Gaussian.
/// </remarks>
public sealed class AutoLaplace : Guide
{
    private readonly IReadOnlyList<ParameterBlock> _blocks;
    private readonly double[] _mode;
    private readonly double[,] _hessian;
    private readonly double[,] _hessianFactor; // L with H = L Lᵀ

    private AutoLaplace(IReadOnlyList<ParameterBlock> blocks, double[] mode, double[,] hessian, double[,] hessianFactor, int iterations, double logDensity)
    {
        _blocks = blocks;
        _mode = mode;
        _hessian = hessian;
        _hessianFactor = hessianFactor;
        Iterations = iterations;
        LogDensityAtMode = logDensity;
    }

    /// <summary>The latent continuous choices, whose <see cref="ParameterBlock.Offset"/>s index θ.</summary>
    public IReadOnlyList<ParameterBlock> Blocks => _blocks;

    /// <summary>d, the number of unconstrained coordinates.</summary>
    public int Dimension => _mode.Length;

    /// <summary>θ̂, the mode of the unconstrained log density (a copy).</summary>
    public double[] Mode => (double[])_mode.Clone();

    /// <summary>H, the Hessian of the negative unconstrained log density at θ̂ (a copy).</summary>
    public double[,] Hessian => (double[,])_hessian.Clone();

    /// <summary>The Newton iterations the search for the mode took.</summary>
    public int Iterations { get; }

    /// <summary>The unconstrained log density at θ̂ (up to the model's normalizing constant).</summary>
    public double LogDensityAtMode { get; }

    /// <summary>The covariance H⁻¹ of the approximation on the unconstrained space.</summary>
    public double[,] Covariance()
    {
        int d = Dimension;
        var c = new double[d, d];
        var column = new double[d];
        for (int j = 0; j < d; j++)
        {
            Array.Clear(column);
            column[j] = 1;
            var x = CholeskyFactor.Solve(_hessianFactor, column);
            for (int i = 0; i < d; i++) c[i, j] = x[i];
        }
        for (int i = 0; i < d; i++)
            for (int j = 0; j < i; j++) c[i, j] = c[j, i] = 0.5 * (c[i, j] + c[j, i]);
        return c;
    }

    /// <summary>T(θ̂): each choice's value at the mode, a <see cref="double"/> for a scalar choice and a <see cref="double"/>[]
    /// for a vector. (Not the constrained MAP, which <see cref="AutoDelta"/> finds: see its remarks.)</summary>
    public ChoiceMap ConstrainedMode()
    {
        var values = new List<(Address, object)>(_blocks.Count);
        foreach (var b in _blocks)
        {
            var u = new Real[b.UnconstrainedLength];
            for (int i = 0; i < u.Length; i++) u[i] = _mode[b.Offset + i];
            var x = new Real[b.ConstrainedLength];
            b.Support.Bijector.Forward(u, x);
            values.Add((b.Address, b.IsVector ? Array.ConvertAll(x, r => r.Value) : x[0].Value));
        }
        return ChoiceMap.Of([.. values]);
    }

    /// <summary><paramref name="draws"/> independent posterior draws from the approximation, as <see cref="VariationalFit.Sample"/> gives them.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="draws"/> is not positive.</exception>
    public Posterior Sample(int draws, ulong seed = 1) => new VariationalFit(this, new ParameterStore(), "Laplace", [], new VariationalDiagnostics([], Checked: false)).Sample(draws, seed);

    /// <summary>
    /// The Laplace approximation of <paramref name="model"/> conditioned on <paramref name="observations"/>: the mode of
    /// the unconstrained log density, and the Hessian there.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the exception's parameter name is the option's).</exception>
    /// <exception cref="ModelException">The model has an unobserved discrete choice or no latent continuous choice; an
    /// initial value is missing or invalid; the log density is not finite at the start; the mode was not found (the
    /// coordinate is named); or the Hessian at the mode is not positive definite (the coordinate is named).</exception>
    public static AutoLaplace Fit<T>(Model<T> model, ChoiceMap? observations = null, LaplaceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var o = options ?? new LaplaceOptions();
        o.Validate(Algorithm);
        return UnnamedModelException.In(Algorithm, () => Approximate(model, observations, o));
    }

    private const string Algorithm = "AutoLaplace";

    // The fit, its options validated; its model errors are unnamed, for Fit's entry to name.
    private static AutoLaplace Approximate<T>(Model<T> model, ChoiceMap? observations, LaplaceOptions o)
    {
        var density = ModelDensity<T>.ForEntryPoint(model, observations, o.Seed);
        var blocks = density.Blocks;
        string Describe(int coordinate)
        {
            var b = blocks.Last(b => b.Offset <= coordinate);
            return b.UnconstrainedLength == 1 ? $"'{b.Address}'" : $"'{b.Address}' (unconstrained coordinate {coordinate - b.Offset})";
        }
        var start = o.InitialValues is null ? new double[density.Dimension] : InitialPoint.Resolve(density, o.InitialValues).Theta; // the others at u = 0
        var found = ModifiedNewton.Minimize(density, start, o.MaxIterations, o.GradientTolerance, Describe);
        var hessian = FiniteDifferenceHessian.Compute(density, found.Theta, Describe);
        if (!CholeskyFactor.TryLower(hessian, out var factor, out int pivot, out double pivotValue))
            throw new UnnamedModelException($"the Hessian of −log p at the mode is not positive definite (pivot {pivot}, along {Describe(pivot)}, is {pivotValue:G4}): " +
                "the mode is not a strict maximum there (a flat or improper direction, or a saddle point), so no Gaussian approximation exists.", blocks.Last(b => b.Offset <= pivot).Address);
        double logp = density.LogDensityGradient(found.Theta, new double[density.Dimension]);
        return new AutoLaplace(blocks, found.Theta, hessian, factor, found.Iterations, logp);
    }

    internal override GuideDraw Draw(ParameterStore store, Rng rng)
    {
        int d = Dimension;
        var z = new double[d];
        double logq = 0;
        for (int i = 0; i < d; i++)
        {
            z[i] = rng.NextGaussian();
            logq += -0.5 * z[i] * z[i] - SpecialFunctions.HalfLogTwoPi + Math.Log(_hessianFactor[i, i]);
        }
        CholeskyFactor.SolveUpperTransposed(_hessianFactor, z); // z = L⁻ᵀε: θ − θ̂ has density N(ε; 0, I)·|det Lᵀ|
        var draw = new GuideDraw();
        Real logJ = 0;
        foreach (var b in _blocks)
        {
            var u = new Real[b.UnconstrainedLength];
            for (int i = 0; i < u.Length; i++) u[i] = _mode[b.Offset + i] + z[b.Offset + i];
            var x = new Real[b.ConstrainedLength];
            logJ += b.Support.Bijector.Forward(u, x);
            draw.Values[b.Address] = b.IsVector ? x : x[0];
        }
        draw.LogQ = logq - logJ;
        return draw;
    }

    /// <summary>
    /// log q(x) at given values (a constant: the approximation has no parameters): θ = T⁻¹(x), δ = θ − θ̂, and with the
    /// Hessian H = L Lᵀ, log q = −½ |Lᵀδ|² − (d/2) log 2π + Σ log Lᵢᵢ − log |det J_T(θ)|.
    /// </summary>
    internal override Real LogDensity(ParameterStore store, IReadOnlyDictionary<Address, object> values)
    {
        var (theta, logJ) = UnconstrainedValues.Of(_blocks, values, Algorithm);
        int d = Dimension;
        double logq = -logJ;
        for (int i = 0; i < d; i++)
        {
            double w = 0; // (Lᵀδ)ᵢ = Σ_{j ≥ i} L_ji δ_j
            for (int j = i; j < d; j++) w += _hessianFactor[j, i] * (theta[j] - _mode[j]);
            logq += -0.5 * w * w - SpecialFunctions.HalfLogTwoPi + Math.Log(_hessianFactor[i, i]);
        }
        return logq;
    }
}
