using Probabilistic.Interpretation;

namespace Probabilistic.Syntax;

/// <summary><c>Call(address, model)</c>: runs a sub-model with every address under <c>address</c>.</summary>
internal sealed class CallNode<T>(Address local, Model<T> inner) : Model<T>
{
    internal override void Run(Machine m)
    {
        m.Push(new RestorePrefixFrame<T>(m.Prefix, m.Stack));
        m.Prefix = m.Resolve(local);
        m.Node = inner;
    }
}
