namespace Probabilistic.Distributions;

/// <summary>
/// The set a distribution's values live in (Pyro's <c>constraints</c>, Stan's constrained types).
/// A continuous support has a <see cref="Bijector"/> from ℝᵈ onto it, which HMC, NUTS and variational
/// inference use to work on an unconstrained space.
/// </summary>
public abstract partial class Support : IParameterConstraint
{
    private protected Support() { }

    /// <summary>A short name, e.g. <c>positive</c> or <c>interval(0, 1)</c>.</summary>
    public abstract string Name { get; }

    /// <summary>True for sets of integers or booleans (no bijector).</summary>
    public abstract bool IsDiscrete { get; }

    /// <summary>The number of coordinates of a value (1 for scalars; K·K for a K×K matrix).</summary>
    public virtual int Dimension => 1;

    /// <summary>True when the scalar <paramref name="x"/> lies in the support (scalar supports only).</summary>
    public virtual bool Contains(double x) => throw new NotSupportedException($"Support {Name} holds vectors; use Contains(ReadOnlySpan<double>).");

    /// <summary>True when the vector <paramref name="x"/> lies in the support.</summary>
    public virtual bool Contains(ReadOnlySpan<double> x) => x.Length == 1 && Contains(x[0]);

    /// <summary>The infimum of a scalar support (−∞ when unbounded below; NaN for vector supports).</summary>
    public virtual double Lower => double.NaN;

    /// <summary>The supremum of a scalar support (+∞ when unbounded above; NaN for vector supports).</summary>
    public virtual double Upper => double.NaN;

    /// <summary>The bijector from ℝᵈ onto this support; a discrete support has none and throws.</summary>
    public virtual Bijector Bijector => throw new NotSupportedException($"Support {Name} is discrete: it has no bijector to the reals.");

    /// <inheritdoc />
    public override string ToString() => Name;
}
