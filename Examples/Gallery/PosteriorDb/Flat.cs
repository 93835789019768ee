using Probabilistic.Distributions;

namespace Probabilistic.Examples.Gallery.PosteriorDb;

/// <summary>
/// The improper flat density on a scalar support: log p(x) = 0 inside, −∞ outside. This is what Stan puts on a
/// parameter that has no sampling statement (<c>real&lt;lower=0&gt; sigma;</c> with no prior): NUTS maps the
/// parameter through the support's bijector and adds only the log-Jacobian, exactly as Stan's constraint transforms do.
/// A draw (used only to discover the model's structure) is the support's image of a uniform draw on (−2, 2), Stan's
/// default initialization.
/// </summary>
/// <param name="support">The parameter's constraint (Stan's declared bounds), e.g. <see cref="Support.Positive"/>.</param>
public sealed class Flat(Support support) : IDistribution<Real>, IHasSupport
{
    /// <summary>The improper flat density on the real line (Stan's unconstrained <c>real</c> with no prior).</summary>
    public static readonly Flat RealLine = new(Support.Real);

    /// <summary>The improper flat density on (0, ∞) (Stan's <c>real&lt;lower=0&gt;</c> with no prior).</summary>
    public static readonly Flat Positive = new(Support.Positive);

    /// <summary>The improper flat density on (0, 1) (Stan's <c>real&lt;lower=0, upper=1&gt;</c> with no prior; a proper Uniform(0, 1)).</summary>
    public static readonly Flat UnitInterval = new(Support.UnitInterval);

    /// <inheritdoc />
    public Support Support { get; } = support ?? throw new ArgumentNullException(nameof(support));

    /// <inheritdoc />
    public string Name => $"Flat({Support.Name})";

    /// <inheritdoc />
    public Real Sample(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var x = new Real[1];
        Support.Bijector.Forward([new Real(4 * rng.NextDouble() - 2)], x);
        return x[0].Value;
    }

    /// <inheritdoc />
    public Real LogProb(Real value) => Support.Contains(value.Value) ? 0.0 : double.NegativeInfinity;
}

/// <summary>
/// The improper flat density on a vector support (Stan's <c>ordered[K]</c>, <c>positive_ordered[K]</c>, … with no
/// sampling statement of their own): log p(x) = 0 inside, −∞ outside; see <see cref="Flat"/>.
/// </summary>
/// <param name="support">The vector constraint, e.g. <see cref="Support.Ordered(int)"/>.</param>
public sealed class FlatVector(Support support) : IDistribution<Real[]>, IHasSupport
{
    /// <inheritdoc />
    public Support Support { get; } = support ?? throw new ArgumentNullException(nameof(support));

    /// <inheritdoc />
    public string Name => $"Flat({Support.Name})";

    /// <inheritdoc />
    public Real[] Sample(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var bijector = Support.Bijector;
        var u = new Real[bijector.UnconstrainedDimension];
        for (int i = 0; i < u.Length; i++) u[i] = 4 * rng.NextDouble() - 2;
        var x = new Real[bijector.ConstrainedDimension];
        bijector.Forward(u, x);
        return Array.ConvertAll(x, v => new Real(v.Value));
    }

    /// <inheritdoc />
    public Real LogProb(Real[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length == Support.Dimension && Support.Contains(Array.ConvertAll(value, v => v.Value)) ? 0.0 : double.NegativeInfinity;
    }
}
