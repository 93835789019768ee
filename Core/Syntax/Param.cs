using Probabilistic.Interpretation;

namespace Probabilistic.Syntax;

/// <summary><c>Param(address, init, constraint)</c>: a learnable scalar, read from the run's parameter source.</summary>
internal sealed class ParamNode(Address local, Real init, IParameterConstraint? constraint) : Model<Real>
{
    internal override void Run(Machine m) =>
        m.Return(m.Parameters is { } source ? source.Scalar(m.Resolve(local), init, constraint) : init);
}

/// <summary><c>Param(address, init, constraint)</c>: a learnable vector, read from the run's parameter source.</summary>
internal sealed class VectorParamNode(Address local, Real[] init, IParameterConstraint? constraint) : Model<Real[]>
{
    internal override void Run(Machine m) =>
        m.Return(m.Parameters is { } source ? source.Vector(m.Resolve(local), init, constraint) : (Real[])init.Clone());
}

/// <summary><c>model.WithParameters(source)</c>: runs <paramref name="inner"/> with its parameters read from <paramref name="source"/>.</summary>
internal sealed class WithParametersNode<T>(Model<T> inner, IParameterSource source) : Model<T>
{
    internal override void Run(Machine m)
    {
        m.Push(new RestoreParametersFrame<T>(m.Parameters, m.Stack));
        m.Parameters = source;
        m.Node = inner;
    }
}

/// <summary>Restores the parameter source when a sub-program bound to another source returns.</summary>
internal sealed class RestoreParametersFrame<T>(IParameterSource? previous, Frame? next) : Frame<T>(next)
{
    public override void Resume(T value, Machine m)
    {
        m.Parameters = previous;
        m.Return(value);
    }
}
