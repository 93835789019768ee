namespace Probabilistic.Numerics;

/// <summary>
/// The replay code of one kind of tape node, supplied by the code that records the node (a
/// distribution's log density, a fused likelihood): given the values of the node's operands and its
/// constants, the node's value and the partial derivative of the value in each operand. A
/// <see cref="TapeProgram"/> calls it to recompute the node on new inputs, so an operation whose
/// record site describes its node with a kernel (<see cref="Tape.Describe(Real, IReplayKernel, ReadOnlySpan{Real}, ReadOnlySpan{double})"/>)
/// stays on the compiled path without a case in Core's closed list of operations.
/// </summary>
/// <remarks>
/// <para>
/// A kernel must compute exactly what its record site computed (ideally: the site calls the same
/// code), because a program's results are checked against a fresh tape's. Compiled programs share
/// kernels across threads and clones: a kernel must be immutable (data it needs, such as a design
/// matrix, are read-only fields; per-node numbers are the constants).
/// </para>
/// <para>
/// Outside the support a kernel returns −∞ with zero partials, as the record sites return a
/// constant −∞ there; where the recorded site would have thrown (a parameter out of range), the
/// replayed value is NaN or ±∞ (see <see cref="TapeProgram"/>).
/// </para>
/// </remarks>
public interface IReplayKernel
{
    /// <summary>
    /// The node's value at <paramref name="operands"/>; writes ∂value/∂operandᵢ into
    /// <paramref name="partials"/>[i] (every entry: the span is reused between evaluations).
    /// </summary>
    /// <param name="operands">The operands' values, in the order the site described them.</param>
    /// <param name="constants">The node's constants, as the site described them.</param>
    /// <param name="partials">As long as <paramref name="operands"/>.</param>
    double Evaluate(ReadOnlySpan<double> operands, ReadOnlySpan<double> constants, Span<double> partials);
}
