namespace Probabilistic.Inference.Variational;

/// <summary>
/// The point-mass autoguide (Pyro's <c>AutoDelta</c>): each latent continuous choice of the model is the fixed value
/// T(u), u = <c>auto_loc/&lt;address&gt;/i</c> its unconstrained location and T its support's bijector, so a draw is
/// deterministic and log q = 0. Maximizing the ELBO with it maximizes log p(x, T(u)) over u, which is maximum a
/// posteriori estimation.
/// </summary>
/// <remarks>
/// <para><b>Which MAP.</b> The objective is the model's joint density at the constrained value, with <i>no</i>
/// log-Jacobian of T: as T is a bijection, its maximizer over u is T⁻¹ of the mode of the posterior density of the
/// constrained choices, the MAP that Pyro's <c>AutoDelta</c> finds (<c>pyro.infer.autoguide.AutoDelta</c>: "This class
/// does MAP inference in constrained space"). This differs from the mode of the density of u (which includes
/// log |det J_T| and is what <see cref="AutoLaplace"/> centers on): for λ ~ Gamma(a, b) with Poisson counts, AutoDelta
/// finds the posterior mode (a + Σx − 1)/(b + n), the unconstrained mode is (a + Σx)/(b + n). The MAP is not invariant
/// to reparameterizing the model (Jermyn 2005, "Invariant Bayesian estimation on manifolds", Ann. Statist. 33);
/// it is the mode of the model as written.</para>
/// <para>The parameters are unconstrained, initially 0 (T(0): 1 for a positive choice, ½ for one on the unit
/// interval) or given initial values; optimize with <see cref="Infer.Svi{T}"/>. The gradient is exact (no sampling), so
/// several particles add nothing.</para>
/// </remarks>
public sealed class AutoDelta : Guide
{
    private readonly IReadOnlyList<ParameterBlock> _blocks;
    private readonly double[] _start;

    private AutoDelta(IReadOnlyList<ParameterBlock> blocks, double[] start)
    {
        _blocks = blocks;
        _start = start;
    }

    /// <summary>The latent continuous choices the guide covers, discovered from the model as NUTS discovers them.</summary>
    public IReadOnlyList<ParameterBlock> Blocks => _blocks;

    /// <summary>An AutoDelta guide for <paramref name="model"/> conditioned on <paramref name="observations"/>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="observations">Its observed choices; null for none.</param>
    /// <param name="initialValues">Constrained starting values of every latent continuous choice; null to start at
    /// u = 0.</param>
    /// <exception cref="ModelException">The model has an unobserved discrete choice, or no latent continuous choice, or
    /// an initial value names an address that is not a latent choice (named, with the nearest), or is of the wrong shape
    /// or outside its support (named). Choices without an initial value start at u = 0.</exception>
    public static AutoDelta Create<T>(Model<T> model, ChoiceMap? observations = null, ChoiceMap? initialValues = null)
    {
        var density = ModelDensity<T>.Create(model, observations, algorithm: "AutoDelta", compile: false);
        var start = initialValues is null ? new double[density.Dimension] : InitialPoint.Resolve(density, initialValues).Theta; // the others at u = 0
        return new AutoDelta(density.Blocks, start);
    }

    /// <summary>The address prefix of the location parameters of a choice (one per unconstrained coordinate: <c>auto_loc/&lt;address&gt;/i</c>).</summary>
    public static Address LocAddress(Address choice) => AutoNormal.LocAddress(choice);

    /// <summary>
    /// The point estimate held by <paramref name="parameters"/> (the fitted store, <see cref="VariationalFit{TParameters}.Parameters"/>):
    /// each choice's constrained value, a <see cref="double"/> for a scalar choice and a <see cref="double"/>[] for a vector.
    /// </summary>
    /// <exception cref="KeyNotFoundException">The store has no location parameter of a choice (the guide was not fitted with it).</exception>
    public ChoiceMap Estimate(ParameterStore parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var values = new List<(Address, object)>(_blocks.Count);
        foreach (var b in _blocks)
        {
            var u = new Real[b.UnconstrainedLength];
            for (int i = 0; i < u.Length; i++) u[i] = parameters.Get(LocAddress(b.Address) / i);
            var x = new Real[b.ConstrainedLength];
            b.Support.Bijector.Forward(u, x);
            values.Add((b.Address, b.IsVector ? Array.ConvertAll(x, r => r.Value) : x[0].Value));
        }
        return ChoiceMap.Of([.. values]);
    }

    internal override GuideDraw Draw(ParameterStore store, Rng rng)
    {
        var draw = new GuideDraw();
        foreach (var b in _blocks)
        {
            var u = new Real[b.UnconstrainedLength];
            for (int i = 0; i < u.Length; i++) u[i] = store.Scalar(LocAddress(b.Address) / i, _start[b.Offset + i], null);
            var x = new Real[b.ConstrainedLength];
            b.Support.Bijector.Forward(u, x); // log |det J| deliberately not used: the constrained-space MAP (see remarks)
            draw.Values[b.Address] = b.IsVector ? x : x[0];
        }
        draw.LogQ = 0;
        return draw;
    }

    /// <summary>A point mass has no density at given values: objectives that score fixed samples (WakeQ) cannot train it.</summary>
    internal override Real LogDensity(ParameterStore store, IReadOnlyDictionary<Address, object> values) =>
        throw new ModelException("AutoDelta: a point mass has no density at given values, so objectives that differentiate log q at fixed samples (WakeQ, ReweightedWakeSleep) cannot train it; use the Elbo (MAP) or another guide.");
}
