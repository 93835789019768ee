using Probabilistic.Syntax;

namespace Probabilistic;

/// <summary>
/// A probabilistic program that returns a <typeparamref name="T"/>: an immutable value, built from
/// <see cref="Model"/>'s primitives (<c>Sample</c>, <c>Observe</c>, <c>Factor</c>, <c>Condition</c>,
/// <c>Return</c>) and combinators (<c>Plate</c>, <c>Fold</c>, <c>Call</c>, <c>Sequence</c>) with LINQ
/// (<c>Select</c>, <c>SelectMany</c>). Running it is the job of an interpreter: the generative
/// function interface (<see cref="IGenerativeFunction{T}"/>, implemented here) and the inference
/// algorithms. The same value can be run any number of times, concurrently.
/// </summary>
/// <typeparam name="T">The type of the return value.</typeparam>
public abstract partial class Model<T> : ModelNode
{
    private protected Model() { }
}
