using Probabilistic.Distributions;
using Probabilistic.Numerics;

namespace Probabilistic.Inference.Variational;

/// <summary>
/// The full-rank Gaussian autoguide on the unconstrained space (Pyro's <c>AutoMultivariateNormal</c>; Kucukelbir et al.
/// 2017, "Automatic differentiation variational inference", JMLR 18, its full-rank Gaussian): the unconstrained
/// coordinates of all latent continuous choices, concatenated in visiting order (as <see cref="ModelDensity{T}"/> lays
/// out θ), are u = loc + L ε with ε ~ N(0, I) and L lower triangular with a positive diagonal, so u ~ N(loc, L Lᵀ) and
/// each choice is T(u_block), T its support's bijector:
/// <code>
/// log q(x) = Σᵢ log N(εᵢ; 0, 1) − Σᵢ log Lᵢᵢ − Σ_blocks log |det J_T(u_block)|.
/// </code>
/// Parameters: <c>auto_loc/i</c> (initially 0, or given initial values), the diagonal <c>auto_scale_tril/i/i</c>
/// (positive, initially <see cref="InitialScale"/>) and the strictly lower entries <c>auto_scale_tril/i/j</c>, j &lt; i
/// (real, initially 0). Every choice is reparameterized.
/// </summary>
public sealed class AutoMultivariateNormal : Guide
{
    private static readonly Address LocRoot = Address.Root / "auto_loc";
    private static readonly Address ScaleTrilRoot = Address.Root / "auto_scale_tril";
    private readonly IReadOnlyList<ParameterBlock> _blocks;
    private readonly double[] _start;

    private AutoMultivariateNormal(IReadOnlyList<ParameterBlock> blocks, double[] start, double initialScale)
    {
        _blocks = blocks;
        _start = start;
        InitialScale = initialScale;
    }

    /// <summary>The initial diagonal of L (Pyro's <c>init_scale</c>, 0.1).</summary>
    public double InitialScale { get; }

    /// <summary>The number of unconstrained coordinates, the dimension of the Gaussian.</summary>
    public int Dimension => _start.Length;

    /// <summary>The latent continuous choices the guide covers, discovered from the model as NUTS discovers them; their
    /// <see cref="ParameterBlock.Offset"/>s index the coordinates of the Gaussian.</summary>
    public IReadOnlyList<ParameterBlock> Blocks => _blocks;

    /// <summary>An AutoMultivariateNormal guide for <paramref name="model"/> conditioned on <paramref name="observations"/>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="observations">Its observed choices; null for none.</param>
    /// <param name="initialScale">The initial diagonal of L: positive and finite.</param>
    /// <param name="initialValues">Constrained values of every latent continuous choice at which to center the guide
    /// initially; null for loc = 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="initialScale"/> is not positive and finite.</exception>
    /// <exception cref="ModelException">The model has an unobserved discrete choice, or no latent continuous choice, or
    /// an initial value names an address that is not a latent choice (named, with the nearest), or is of the wrong shape
    /// or outside its support (named). Choices without an initial value start at u = 0.</exception>
    public static AutoMultivariateNormal Create<T>(Model<T> model, ChoiceMap? observations = null, double initialScale = 0.1, ChoiceMap? initialValues = null)
    {
        if (!(initialScale > 0) || !double.IsFinite(initialScale))
            throw new ArgumentOutOfRangeException(nameof(initialScale), initialScale, "AutoMultivariateNormal: the initial scale must be positive and finite.");
        var density = ModelDensity<T>.Create(model, observations, algorithm: "AutoMultivariateNormal", compile: false);
        var start = initialValues is null ? new double[density.Dimension] : InitialPoint.Resolve(density, initialValues).Theta; // the others at u = 0
        return new AutoMultivariateNormal(density.Blocks, start, initialScale);
    }

    /// <summary>The address of the location of unconstrained coordinate <paramref name="i"/> (<c>auto_loc/i</c>).</summary>
    public static Address LocAddress(int i) => LocRoot / i;

    /// <summary>The address of entry (<paramref name="i"/>, <paramref name="j"/>), j ≤ i, of L (<c>auto_scale_tril/i/j</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">j &gt; i (L is lower triangular) or an index is negative.</exception>
    public static Address ScaleTrilAddress(int i, int j)
    {
        if (j < 0 || j > i)
            throw new ArgumentOutOfRangeException(nameof(j), j, $"AutoMultivariateNormal: L is lower triangular; entry ({i}, {j}) is not a parameter.");
        return ScaleTrilRoot / i / j;
    }

    /// <summary>The fitted location of the Gaussian on the unconstrained space.</summary>
    /// <exception cref="KeyNotFoundException">The store has no such parameters (the guide was not fitted with it).</exception>
    public double[] Location(ParameterStore parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var loc = new double[Dimension];
        for (int i = 0; i < loc.Length; i++) loc[i] = parameters.Get(LocAddress(i));
        return loc;
    }

    /// <summary>The fitted lower-triangular factor L of the covariance on the unconstrained space.</summary>
    /// <exception cref="KeyNotFoundException">The store has no such parameters (the guide was not fitted with it).</exception>
    public double[,] ScaleTril(ParameterStore parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var l = new double[Dimension, Dimension];
        for (int i = 0; i < Dimension; i++)
            for (int j = 0; j <= i; j++) l[i, j] = parameters.Get(ScaleTrilAddress(i, j));
        return l;
    }

    /// <summary>The fitted covariance L Lᵀ of the Gaussian on the unconstrained space.</summary>
    /// <exception cref="KeyNotFoundException">The store has no such parameters (the guide was not fitted with it).</exception>
    public double[,] Covariance(ParameterStore parameters)
    {
        var l = ScaleTril(parameters);
        int d = Dimension;
        var c = new double[d, d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = 0;
                for (int k = 0; k <= j; k++) s += l[i, k] * l[j, k];
                c[i, j] = c[j, i] = s;
            }
        return c;
    }

    internal override IReadOnlyList<ParameterBlock> UnconstrainedBlocks => _blocks;

    internal override GuideDraw Draw(ParameterStore store, Rng rng)
    {
        int d = Dimension;
        var eps = new double[d];
        Real logq = 0;
        for (int i = 0; i < d; i++)
        {
            eps[i] = rng.NextGaussian();
            logq += -0.5 * eps[i] * eps[i] - SpecialFunctions.HalfLogTwoPi;
        }
        var u = new Real[d];
        for (int i = 0; i < d; i++)
        {
            Real ui = store.Scalar(LocAddress(i), _start[i], null);
            for (int j = 0; j < i; j++) ui += store.Scalar(ScaleTrilAddress(i, j), 0.0, null) * eps[j];
            var lii = store.Scalar(ScaleTrilAddress(i, i), InitialScale, Support.Positive);
            u[i] = ui + lii * eps[i];
            logq -= RealMath.Log(lii); // log det L = Σ log Lᵢᵢ: the density of u = loc + Lε is N(ε; 0, I) / det L
        }
        var draw = new GuideDraw { Unconstrained = u };
        foreach (var b in _blocks)
        {
            var x = new Real[b.ConstrainedLength];
            var logJ = b.Support.Bijector.Forward(u.AsSpan(b.Offset, b.UnconstrainedLength), x);
            logq -= logJ;
            draw.LogJacobian += logJ;
            draw.Values[b.Address] = b.IsVector ? x : x[0];
        }
        draw.LogQ = logq;
        return draw;
    }

    /// <summary>
    /// log q(x) at given values: u = T⁻¹(x) held fixed, z = L⁻¹(u − loc) by forward substitution (on the tape through loc
    /// and L), log q = Σ (−zᵢ²/2 − ½ log 2π) − Σ log Lᵢᵢ − log |det J_T(u)|.
    /// </summary>
    internal override Real LogDensity(ParameterStore store, IReadOnlyDictionary<Address, object> values)
    {
        var (u, logJ) = UnconstrainedValues.Of(_blocks, values, "AutoMultivariateNormal");
        int d = Dimension;
        var z = new Real[d];
        Real logq = -logJ;
        for (int i = 0; i < d; i++)
        {
            Real r = u[i] - store.Scalar(LocAddress(i), _start[i], null);
            for (int j = 0; j < i; j++) r -= store.Scalar(ScaleTrilAddress(i, j), 0.0, null) * z[j];
            var lii = store.Scalar(ScaleTrilAddress(i, i), InitialScale, Support.Positive);
            z[i] = r / lii;
            logq += -0.5 * z[i] * z[i] - SpecialFunctions.HalfLogTwoPi - RealMath.Log(lii);
        }
        return logq;
    }
}
