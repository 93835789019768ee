using Probabilistic.Interpretation;
using Probabilistic.Interpretation.Handlers;

namespace Probabilistic.Syntax;

/// <summary><c>Param(address, init, constraint)</c>: a learnable scalar, answered by the stack (a <see cref="Substitute"/>; by default its initial value).</summary>
internal sealed class ParamNode(Address local, Real init, IParameterConstraint? constraint) : Model<Real>
{
    internal override void Run(Machine m) => m.Return(m.Handler.OnParam(local, init, constraint, m));
}

/// <summary><c>Param(address, init, constraint)</c>: a learnable vector, answered by the stack (by default a copy of its initial value).</summary>
internal sealed class VectorParamNode(Address local, Real[] init, IParameterConstraint? constraint) : Model<Real[]>
{
    internal override void Run(Machine m) => m.Return(m.Handler.OnVectorParam(local, init, constraint, m));
}

/// <summary>
/// Runs <paramref name="inner"/> with <paramref name="handler"/> (a template) on top of the stack in force: the handler
/// is dynamically scoped, removed when <paramref name="inner"/> returns and kept in a suspended program's cursor
/// (<c>model.WithParameters(source)</c>, <c>model.Handle(handler)</c>).
/// </summary>
internal sealed class HandledNode<T>(Model<T> inner, ForwardingHandler handler) : Model<T>
{
    internal override void Run(Machine m) => m.Enter(handler, inner);
}
