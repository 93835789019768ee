using Probabilistic.Interpretation;

namespace Probabilistic.Syntax;

/// <summary>
/// The untyped view of a node of a model program, as the interpreter steps it. Users build nodes
/// only through <see cref="Model"/>'s primitives and LINQ; this type has no public members.
/// </summary>
public abstract class ModelNode
{
    private protected ModelNode() { }

    /// <summary>One small step of the machine: either sets the machine's next node, returns a value to its top frame, or suspends it.</summary>
    internal abstract void Run(Machine m);
}
