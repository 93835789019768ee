namespace Probabilistic;

/// <summary>
/// A constraint on a learnable parameter's values (positive, unit interval, simplex, …); the distributions
/// library's <c>Support</c> implements it, and a parameter store maps the parameter through the support's bijector.
/// </summary>
public interface IParameterConstraint
{
    /// <summary>A short name, e.g. <c>positive</c>.</summary>
    string Name { get; }
}

/// <summary>
/// Where a run's learnable parameters (<see cref="Model.Param(Address, Real, IParameterConstraint?)"/>) take their
/// values: a parameter store during variational inference (values on a gradient tape), or fixed values afterwards.
/// Without a source a parameter is its initial value.
/// </summary>
public interface IParameterSource
{
    /// <summary>The value of the scalar parameter at <paramref name="address"/> (created from <paramref name="init"/> on first use).</summary>
    Real Scalar(Address address, Real init, IParameterConstraint? constraint);

    /// <summary>The value of the vector parameter at <paramref name="address"/> (created from <paramref name="init"/> on first use).</summary>
    Real[] Vector(Address address, Real[] init, IParameterConstraint? constraint);
}
