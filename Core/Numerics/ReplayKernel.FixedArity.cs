namespace Probabilistic.Numerics;

/// <summary>
/// An <see cref="IReplayKernel"/> of one operand that a <see cref="TapeProgram"/> calls with the
/// operand's value as an argument and the partial as an out parameter, through a class virtual
/// call: no span of operands is built and none copied, so a kernel on a hot path (a density replayed
/// many times per gradient) costs about what a case of a closed switch would.
/// </summary>
/// <remarks>
/// Describe a node with it (<see cref="Tape.Describe(Real, IReplayKernel, ReadOnlySpan{Real}, ReadOnlySpan{double})"/>)
/// with exactly one operand. The rules of <see cref="IReplayKernel"/> hold: immutable, −∞ with a zero
/// partial outside the support.
/// </remarks>
public abstract class UnaryReplayKernel : IReplayKernel
{
    /// <summary>The node's value at <paramref name="a"/>, with ∂value/∂a in <paramref name="da"/>.</summary>
    /// <param name="a">The operand's value.</param>
    /// <param name="constants">The node's constants, as the site described them.</param>
    /// <param name="da">∂value/∂a.</param>
    public abstract double Evaluate(double a, ReadOnlySpan<double> constants, out double da);

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="operands"/> or <paramref name="partials"/> is not one long.</exception>
    public double Evaluate(ReadOnlySpan<double> operands, ReadOnlySpan<double> constants, Span<double> partials)
    {
        ReplayKernelArity.Require(GetType(), 1, operands.Length, partials.Length);
        return Evaluate(operands[0], constants, out partials[0]);
    }
}

/// <summary>
/// An <see cref="IReplayKernel"/> of two operands called with their values as arguments and their
/// partials as out parameters (see <see cref="UnaryReplayKernel"/>).
/// </summary>
/// <remarks>Describe a node with it with exactly two operands.</remarks>
public abstract class BinaryReplayKernel : IReplayKernel
{
    /// <summary>The node's value at (<paramref name="a"/>, <paramref name="b"/>), with its partials.</summary>
    /// <param name="a">The first operand's value.</param>
    /// <param name="b">The second operand's value.</param>
    /// <param name="constants">The node's constants, as the site described them.</param>
    /// <param name="da">∂value/∂a.</param>
    /// <param name="db">∂value/∂b.</param>
    public abstract double Evaluate(double a, double b, ReadOnlySpan<double> constants, out double da, out double db);

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="operands"/> or <paramref name="partials"/> is not two long.</exception>
    public double Evaluate(ReadOnlySpan<double> operands, ReadOnlySpan<double> constants, Span<double> partials)
    {
        ReplayKernelArity.Require(GetType(), 2, operands.Length, partials.Length);
        return Evaluate(operands[0], operands[1], constants, out partials[0], out partials[1]);
    }
}

/// <summary>
/// An <see cref="IReplayKernel"/> of three operands called with their values as arguments and their
/// partials as out parameters (see <see cref="UnaryReplayKernel"/>).
/// </summary>
/// <remarks>Describe a node with it with exactly three operands.</remarks>
public abstract class TernaryReplayKernel : IReplayKernel
{
    /// <summary>The node's value at (<paramref name="a"/>, <paramref name="b"/>, <paramref name="c"/>), with its partials.</summary>
    /// <param name="a">The first operand's value.</param>
    /// <param name="b">The second operand's value.</param>
    /// <param name="c">The third operand's value.</param>
    /// <param name="constants">The node's constants, as the site described them.</param>
    /// <param name="da">∂value/∂a.</param>
    /// <param name="db">∂value/∂b.</param>
    /// <param name="dc">∂value/∂c.</param>
    public abstract double Evaluate(double a, double b, double c, ReadOnlySpan<double> constants, out double da, out double db, out double dc);

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="operands"/> or <paramref name="partials"/> is not three long.</exception>
    public double Evaluate(ReadOnlySpan<double> operands, ReadOnlySpan<double> constants, Span<double> partials)
    {
        ReplayKernelArity.Require(GetType(), 3, operands.Length, partials.Length);
        return Evaluate(operands[0], operands[1], operands[2], constants, out partials[0], out partials[1], out partials[2]);
    }
}

/// <summary>The number of operands a fixed-arity kernel takes, and the check that a node gives it that many.</summary>
internal static class ReplayKernelArity
{
    /// <summary>1, 2 or 3 for a fixed-arity kernel; −1 for any other (it takes a span of any length).</summary>
    public static int Of(IReplayKernel kernel) => kernel switch
    {
        UnaryReplayKernel => 1,
        BinaryReplayKernel => 2,
        TernaryReplayKernel => 3,
        _ => -1,
    };

    public static void Require(Type kernel, int arity, int operands, int partials)
    {
        if (operands != arity || partials != arity)
            throw new ArgumentException($"Replay kernel {kernel.Name} takes {arity} operand(s) and as many partials; given {operands} operand(s) and {partials} partial(s).");
    }
}
