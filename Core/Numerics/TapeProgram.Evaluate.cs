using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Probabilistic.Numerics;

// Evaluation: a forward sweep that recomputes each needed node's value and the partials of its
// operands (one switch on the operation code; the rarer operations in ReplayKernels; a fixed-arity
// kernel called with its operands as arguments, any other kernel with them gathered), the guards,
// then the backward sweep of Tape.Gradient over the program's own operand lists. Slots are in
// range by construction, so the arrays are read through references without bounds checks.
public sealed partial class TapeProgram
{
    /// <summary>
    /// Evaluates the program at <paramref name="x"/>: on success writes ∇output(x) into
    /// <paramref name="gradient"/>, sets <paramref name="value"/> to output(x) and returns true;
    /// returns false (leaving <paramref name="gradient"/> unspecified and <paramref name="value"/> NaN)
    /// when a guard — a comparison recorded with the tape — comes out differently at x, in which case
    /// the caller must re-run the code that recorded the tape. Allocates nothing.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> or <paramref name="gradient"/> is not <see cref="InputCount"/> long.</exception>
    public bool TryEvaluate(ReadOnlySpan<double> x, Span<double> gradient, out double value)
    {
        if (x.Length != _inputs.Length)
            throw new ArgumentException($"TapeProgram.TryEvaluate: {nameof(x)} has length {x.Length} but the program has {_inputs.Length} inputs.", nameof(x));
        if (gradient.Length != _inputs.Length)
            throw new ArgumentException($"TapeProgram.TryEvaluate: {nameof(gradient)} has length {gradient.Length} but the program has {_inputs.Length} inputs.", nameof(gradient));
        var values = _values;
        for (int i = 0; i < x.Length; i++) values[_inputs[i]] = x[i];
        Forward();
        if (!GuardsHold())
        {
            value = double.NaN;
            return false;
        }
        Backward();
        for (int i = 0; i < gradient.Length; i++) gradient[i] = _adjoints[_inputs[i]];
        value = values[_output];
        return true;
    }

    private void Forward()
    {
        ref double v = ref MemoryMarshal.GetArrayDataReference(_values);
        ref double p = ref MemoryMarshal.GetArrayDataReference(_partials);
        ref int s = ref MemoryMarshal.GetArrayDataReference(_slots);
        ref Instruction first = ref MemoryMarshal.GetArrayDataReference(_instructions);
        ref double c = ref MemoryMarshal.GetArrayDataReference(_constants);
        ref IReplayKernel? kernel = ref MemoryMarshal.GetArrayDataReference(_kernels);
        foreach (int k in _order)
        {
            ref readonly var ins = ref Unsafe.Add(ref first, k);
            int o = ins.Operands;
            switch (ins.Op)
            {
                case ReplayOp.Add:
                    Unsafe.Add(ref v, k) = Unsafe.Add(ref v, Unsafe.Add(ref s, o)) + Unsafe.Add(ref v, Unsafe.Add(ref s, o + 1));
                    break;
                case ReplayOp.Subtract:
                    Unsafe.Add(ref v, k) = Unsafe.Add(ref v, Unsafe.Add(ref s, o)) - Unsafe.Add(ref v, Unsafe.Add(ref s, o + 1));
                    break;
                case ReplayOp.Multiply:
                {
                    double a = Unsafe.Add(ref v, Unsafe.Add(ref s, o)), b = Unsafe.Add(ref v, Unsafe.Add(ref s, o + 1));
                    Unsafe.Add(ref v, k) = a * b;
                    Unsafe.Add(ref p, o) = b;
                    Unsafe.Add(ref p, o + 1) = a;
                    break;
                }
                case ReplayOp.Divide:
                {
                    double a = Unsafe.Add(ref v, Unsafe.Add(ref s, o)), b = Unsafe.Add(ref v, Unsafe.Add(ref s, o + 1));
                    double q = a / b, inv = 1.0 / b;
                    Unsafe.Add(ref v, k) = q;
                    Unsafe.Add(ref p, o) = inv;
                    Unsafe.Add(ref p, o + 1) = -q * inv;
                    break;
                }
                case ReplayOp.Negate:
                    Unsafe.Add(ref v, k) = -Unsafe.Add(ref v, Unsafe.Add(ref s, o));
                    break;
                case ReplayOp.Dot:
                {
                    // Σ xⱼcⱼ with constant partials cⱼ (set at compile time): inline, as a matrix–vector
                    // product records one such node per row.
                    ref double cs = ref Unsafe.Add(ref c, ins.Constants);
                    double sum = 0;
                    for (int j = 0; j < ins.OperandCount; j++) sum += Unsafe.Add(ref v, Unsafe.Add(ref s, o + j)) * Unsafe.Add(ref cs, j);
                    Unsafe.Add(ref v, k) = sum;
                    break;
                }
                case ReplayOp.Sum:
                {
                    double sum = 0;
                    for (int j = 0; j < ins.OperandCount; j++) sum += Unsafe.Add(ref v, Unsafe.Add(ref s, o + j));
                    Unsafe.Add(ref v, k) = sum;
                    break;
                }
                case ReplayOp.Exp:
                case ReplayOp.Log:
                case ReplayOp.Log1p:
                case ReplayOp.Expm1:
                case ReplayOp.Sqrt:
                case ReplayOp.Square:
                case ReplayOp.Abs:
                case ReplayOp.Logistic:
                case ReplayOp.LogLogistic:
                case ReplayOp.Softplus:
                case ReplayOp.LogGamma:
                case ReplayOp.Digamma:
                case ReplayOp.Erf:
                case ReplayOp.Erfc:
                case ReplayOp.Sin:
                case ReplayOp.Cos:
                case ReplayOp.Tanh:
                    Unsafe.Add(ref v, k) = ReplayKernels.Unary(ins.Op, Unsafe.Add(ref v, Unsafe.Add(ref s, o)), out Unsafe.Add(ref p, o));
                    break;
                case ReplayOp.Kernel1:
                    Unsafe.Add(ref v, k) = Unsafe.As<UnaryReplayKernel>(Unsafe.Add(ref kernel, k))!.Evaluate(
                        Unsafe.Add(ref v, Unsafe.Add(ref s, o)),
                        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref c, ins.Constants), ins.ConstantCount),
                        out Unsafe.Add(ref p, o));
                    break;
                case ReplayOp.Kernel2:
                    // A fixed-arity kernel (a density of an argument and a parameter): a class virtual call
                    // with the operands' values as arguments, the partials written in place.
                    Unsafe.Add(ref v, k) = Unsafe.As<BinaryReplayKernel>(Unsafe.Add(ref kernel, k))!.Evaluate(
                        Unsafe.Add(ref v, Unsafe.Add(ref s, o)), Unsafe.Add(ref v, Unsafe.Add(ref s, o + 1)),
                        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref c, ins.Constants), ins.ConstantCount),
                        out Unsafe.Add(ref p, o), out Unsafe.Add(ref p, o + 1));
                    break;
                case ReplayOp.Kernel3:
                    Unsafe.Add(ref v, k) = Unsafe.As<TernaryReplayKernel>(Unsafe.Add(ref kernel, k))!.Evaluate(
                        Unsafe.Add(ref v, Unsafe.Add(ref s, o)), Unsafe.Add(ref v, Unsafe.Add(ref s, o + 1)), Unsafe.Add(ref v, Unsafe.Add(ref s, o + 2)),
                        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref c, ins.Constants), ins.ConstantCount),
                        out Unsafe.Add(ref p, o), out Unsafe.Add(ref p, o + 1), out Unsafe.Add(ref p, o + 2));
                    break;
                case ReplayOp.Kernel:
                {
                    // An open kernel (IReplayKernel): its operands' values are gathered into one span.
                    int count = ins.OperandCount;
                    var gathered = _gathered.AsSpan(0, count);
                    for (int j = 0; j < count; j++) gathered[j] = Unsafe.Add(ref v, Unsafe.Add(ref s, o + j));
                    Unsafe.Add(ref v, k) = _kernels[k]!.Evaluate(gathered,
                        _constants.AsSpan(ins.Constants, ins.ConstantCount), _partials.AsSpan(o, count));
                    break;
                }
                default:
                        Unsafe.Add(ref v, k) = ReplayKernels.Evaluate(ins.Op,
                            new OperandValues(_values, _slots.AsSpan(o, ins.OperandCount)),
                            _partials.AsSpan(o, ins.OperandCount),
                            _constants.AsSpan(ins.Constants, ins.ConstantCount));
                    break;
            }
        }
    }

    private bool GuardsHold()
    {
        var values = _values;
        foreach (ref readonly var g in _guards.AsSpan())
            if (Comparisons.Outcome(g.Kind, values[g.A], values[g.B]) != g.Outcome) return false;
        return true;
    }

    private void Backward()
    {
        ref double adj = ref MemoryMarshal.GetArrayDataReference(_adjoints);
        ref double p = ref MemoryMarshal.GetArrayDataReference(_partials);
        ref int s = ref MemoryMarshal.GetArrayDataReference(_slots);
        Array.Clear(_adjoints);
        Unsafe.Add(ref adj, _output) = 1.0;
        ref Instruction first = ref MemoryMarshal.GetArrayDataReference(_instructions);
        var order = _order;
        // As in Tape.Sweep, the contribution to the instruction just before (most often an operand:
        // a chain of operations) is carried in a register rather than through memory.
        double carry = 0;
        for (int i = order.Length - 1; i >= 0; i--)
        {
            int k = order[i];
            double a = Unsafe.Add(ref adj, k) + carry;
            carry = 0;
            if (a == 0) continue;
            int previous = i > 0 ? order[i - 1] : -1;
            ref readonly var ins = ref Unsafe.Add(ref first, k);
            int o = ins.Operands, end = o + ins.OperandCount;
            for (int j = o; j < end; j++)
            {
                int slot = Unsafe.Add(ref s, j);
                double d = a * Unsafe.Add(ref p, j);
                if (slot == previous) carry += d;
                else Unsafe.Add(ref adj, slot) += d;
            }
        }
    }
}

/// <summary>The values of an operation's operands, read through their slots.</summary>
internal readonly ref struct OperandValues(double[] values, ReadOnlySpan<int> slots)
{
    private readonly double[] _values = values;
    private readonly ReadOnlySpan<int> _slots = slots;

    /// <summary>The number of operands.</summary>
    public int Length => _slots.Length;

    /// <summary>The value of operand <paramref name="i"/>.</summary>
    public double this[int i] => _values[_slots[i]];
}
