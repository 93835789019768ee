namespace Probabilistic.Numerics;

/// <summary>
/// What a tape node computes, as recorded while a tape is recording a program
/// (<see cref="Tape.StartRecording"/>): enough, with the operands' values and the node's constants,
/// to recompute the node's value and local partials on new inputs (<see cref="TapeProgram"/>).
/// </summary>
internal enum ReplayOp
{
    /// <summary>Recorded by a site with no replay code (e.g. the public <see cref="Tape.Record(double, Real, double)"/>): not compilable.</summary>
    Unknown = 0,
    /// <summary>A variable.</summary>
    Input,
    /// <summary>A node the compiled program does not need (neither the output nor a guard depends on it).</summary>
    Skip,
    /// <summary>a + b.</summary>
    Add,
    /// <summary>a − b.</summary>
    Subtract,
    /// <summary>a·b.</summary>
    Multiply,
    /// <summary>a/b.</summary>
    Divide,
    /// <summary>c − a for a constant c (recorded as a node with parent a; replayed as <see cref="Subtract"/>).</summary>
    ReverseSubtract,
    /// <summary>c/a for a constant c (recorded as a node with parent a; replayed as <see cref="Divide"/>).</summary>
    ReverseDivide,
    /// <summary>−a.</summary>
    Negate,
    /// <summary>eᵃ.</summary>
    Exp,
    /// <summary>log a.</summary>
    Log,
    /// <summary>log(1 + a).</summary>
    Log1p,
    /// <summary>eᵃ − 1.</summary>
    Expm1,
    /// <summary>√a.</summary>
    Sqrt,
    /// <summary>a².</summary>
    Square,
    /// <summary>aᵇ with a constant exponent b.</summary>
    PowConstant,
    /// <summary>aᵇ.</summary>
    Pow,
    /// <summary>|a|.</summary>
    Abs,
    /// <summary>σ(a).</summary>
    Logistic,
    /// <summary>log σ(a).</summary>
    LogLogistic,
    /// <summary>log(1 + eᵃ).</summary>
    Softplus,
    /// <summary>log(eᵃ + eᵇ).</summary>
    LogSumExp2,
    /// <summary>log Σ e^(operandᵢ).</summary>
    LogSumExp,
    /// <summary>log Γ(a).</summary>
    LogGamma,
    /// <summary>ψ(a).</summary>
    Digamma,
    /// <summary>log B(a, b).</summary>
    LogBeta,
    /// <summary>erf a.</summary>
    Erf,
    /// <summary>erfc a.</summary>
    Erfc,
    /// <summary>sin a.</summary>
    Sin,
    /// <summary>cos a.</summary>
    Cos,
    /// <summary>tanh a.</summary>
    Tanh,
    /// <summary>Σ operandᵢ.</summary>
    Sum,
    /// <summary>Σ operandᵢ·constantᵢ.</summary>
    Dot,
    /// <summary>Computed by the <see cref="IReplayKernel"/> its site described the node with (distributions' densities, fused likelihoods: every distribution formula lives next to the distribution, in Probabilistic.Distributions).</summary>
    Kernel,
    /// <summary>A <see cref="Kernel"/> node whose kernel is a <see cref="UnaryReplayKernel"/> (set when compiling): called without a span.</summary>
    Kernel1,
    /// <summary>A <see cref="Kernel"/> node whose kernel is a <see cref="BinaryReplayKernel"/> (set when compiling).</summary>
    Kernel2,
    /// <summary>A <see cref="Kernel"/> node whose kernel is a <see cref="TernaryReplayKernel"/> (set when compiling).</summary>
    Kernel3,
}
