namespace Probabilistic.Interpretation.Handlers;

/// <summary>
/// Answers <c>Param</c> nodes from a parameter source (NumPyro's <c>substitute</c> with a parameter map): a parameter
/// store on the gradient tape during variational inference, fixed values afterwards. <c>model.WithParameters(source)</c>
/// installs one for its sub-program; every other effect goes on unchanged, so the bootstrap fast path is kept.
/// </summary>
internal sealed class Substitute(IParameterSource source, Handler next) : ForwardingHandler(next)
{
    /// <summary>The parameter source.</summary>
    public IParameterSource Source => source;

    /// <inheritdoc />
    public override Rng? PriorRng => Next.PriorRng;

    /// <inheritdoc />
    public override Real OnParam(Address local, Real init, IParameterConstraint? constraint, Machine m) => source.Scalar(m.Resolve(local), init, constraint);

    /// <inheritdoc />
    public override Real[] OnVectorParam(Address local, Real[] init, IParameterConstraint? constraint, Machine m) => source.Vector(m.Resolve(local), init, constraint);
}
