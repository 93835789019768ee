namespace Probabilistic.Numerics;

// Compiling: the nodes the output and the guards depend on are found by a backward pass over the
// recorded operands; every one of them must have replay code. Each operand becomes a slot of the
// value array: its node, or a slot after the nodes holding the constant it was recorded with.
public sealed partial class TapeProgram
{
    private static TapeProgram? Build(Tape tape, ReadOnlySpan<Real> inputs, Real output, out string? reason)
    {
        if (!tape.IsRecording)
            return Fail("the tape is not recording: call Tape.StartRecording() before computing the output", out reason);
        if (tape.NotReplayableReason is { } marked)
            return Fail($"the recording was marked not replayable: {marked}", out reason);
        if (output.Tape is null)
            return Fail("the output is a constant (it does not depend on the tape's variables)", out reason);
        if (!ReferenceEquals(output.Tape, tape))
            throw new ArgumentException("TapeProgram.Compile: the output was recorded on another tape.", nameof(output));
        if (!double.IsFinite(output.Value))
            return Fail($"the output is not finite ({output.Value}) where it was recorded: a density outside its support records a constant, not a node, so the recording would not replay elsewhere", out reason);

        var inputNodes = new int[inputs.Length];
        var inputOf = new Dictionary<int, int>();
        for (int i = 0; i < inputs.Length; i++)
        {
            var x = inputs[i];
            if (!ReferenceEquals(x.Tape, tape) || tape.DescriptionOf(x.Index).Op != ReplayOp.Input)
                throw new ArgumentException($"TapeProgram.Compile: input {i} is not a variable of this tape recorded while it was recording.", nameof(inputs));
            if (!inputOf.TryAdd(x.Index, i))
                throw new ArgumentException($"TapeProgram.Compile: input {i} is the same variable as input {inputOf[x.Index]}.", nameof(inputs));
            inputNodes[i] = x.Index;
        }

        var guards = tape.Guards;
        int last = output.Index;
        foreach (var g in guards) last = Math.Max(last, Math.Max(g.A, g.B));
        foreach (int k in inputNodes) last = Math.Max(last, k); // every input has its own value slot
        int n = last + 1;

        // Which nodes the output and the guards need, and their operations and operands.
        var needed = new bool[n];
        needed[output.Index] = true;
        foreach (var g in guards)
        {
            if (g.A >= 0) needed[g.A] = true;
            if (g.B >= 0) needed[g.B] = true;
        }
        var ops = new ReplayOp[n];
        var kernels = new IReplayKernel?[n];
        var operands = new Operand[n][];
        var constantsOf = new double[n][];
        int operandTotal = 0, constantTotal = 0, constantSlots = 0;
        for (int k = n - 1; k >= 0; k--)
        {
            if (!needed[k]) continue;
            var e = tape.DescriptionOf(k);
            if (e.Op == ReplayOp.Unknown)
                return Fail($"node {k} was recorded by an operation without replay code (such as a custom Tape.Record)", out reason);
            if (e.Op == ReplayOp.Input && !inputOf.ContainsKey(k))
                return Fail($"node {k} is a variable that is not among the inputs", out reason);
            ops[k] = Resolve(tape, k, e, out operands[k]);
            kernels[k] = e.Kernel;
            if (e.Kernel is { } kernel && ReplayKernelArity.Of(kernel) == operands[k].Length)
                ops[k] = operands[k].Length switch { 1 => ReplayOp.Kernel1, 2 => ReplayOp.Kernel2, _ => ReplayOp.Kernel3 };
            constantsOf[k] = tape.OpConstants.Slice(e.Constants, e.ConstantCount).ToArray();
            foreach (var o in operands[k])
            {
                if (o.Node >= 0) needed[o.Node] = true;
                else constantSlots++;
            }
            operandTotal += operands[k].Length;
            constantTotal += constantsOf[k].Length;
        }
        foreach (var g in guards) constantSlots += (g.A < 0 ? 1 : 0) + (g.B < 0 ? 1 : 0);

        var instructions = new Instruction[n];
        var slots = new int[operandTotal];
        var partials = new double[operandTotal];
        var constants = new double[constantTotal];
        var values = new double[n + constantSlots];
        int nextOperand = 0, nextConstant = 0, nextSlot = n;
        for (int k = 0; k < n; k++)
        {
            if (!needed[k])
            {
                instructions[k].Op = ReplayOp.Skip;
                continue;
            }
            var list = operands[k];
            var data = constantsOf[k];
            instructions[k] = new Instruction
            {
                Op = ops[k],
                Operands = nextOperand,
                OperandCount = list.Length,
                Constants = nextConstant,
                ConstantCount = data.Length,
            };
            for (int j = 0; j < list.Length; j++)
            {
                int p = list[j].Node;
                if (p < 0)
                {
                    values[nextSlot] = list[j].Value;
                    p = nextSlot++;
                }
                slots[nextOperand + j] = p;
            }
            data.CopyTo(constants.AsSpan(nextConstant));
            FixedPartials(ops[k], partials.AsSpan(nextOperand, list.Length), data);
            nextOperand += list.Length;
            nextConstant += data.Length;
        }

        var checks = new GuardCheck[guards.Length];
        for (int i = 0; i < guards.Length; i++)
        {
            var g = guards[i];
            int a = g.A, b = g.B;
            if (a < 0) { values[nextSlot] = g.AValue; a = nextSlot++; }
            if (b < 0) { values[nextSlot] = g.BValue; b = nextSlot++; }
            checks[i] = new GuardCheck { Kind = g.Kind, A = a, B = b, Outcome = g.Outcome };
        }

        reason = null;
        return new TapeProgram(instructions, kernels, slots, constants, values, partials, checks, inputNodes, output.Index);
    }

    private readonly record struct Operand(int Node, double Value);

    // A node's operation and operands: those its site described, or (for a node recorded by its
    // push alone) its parents, a constant operand's value being in its absent parent's partial.
    private static ReplayOp Resolve(Tape tape, int k, Tape.OpEntry e, out Operand[] operands)
    {
        if (e.OperandCount >= 0)
        {
            operands = new Operand[e.OperandCount];
            for (int j = 0; j < operands.Length; j++)
                operands[j] = new Operand(tape.OperandNodes[e.Operands + j], tape.OperandValues[e.Operands + j]);
            return e.Op;
        }
        tape.Parents(k, out int p1, out double d1, out int p2, out double d2);
        // A two-operand site passed both values; a one-operand site with a constant put it in d2.
        bool binary = e.Binary;
        var first = new Operand(p1, p1 >= 0 ? 0 : binary ? e.AValue : d1);
        var second = new Operand(p2, p2 >= 0 ? 0 : binary ? e.BValue : d2);
        switch (e.Op)
        {
            case ReplayOp.Input:
                operands = [];
                return e.Op;
            case ReplayOp.ReverseSubtract:
                operands = [second, first];
                return ReplayOp.Subtract;
            case ReplayOp.ReverseDivide:
                operands = [second, first];
                return ReplayOp.Divide;
            case ReplayOp.Add or ReplayOp.Subtract or ReplayOp.Multiply or ReplayOp.Divide or ReplayOp.PowConstant
                or ReplayOp.Pow or ReplayOp.LogSumExp2 or ReplayOp.LogBeta:
                operands = [first, second];
                return e.Op;
            default:
                operands = [first];
                return e.Op;
        }
    }

    // Partials that do not depend on the operands' values are written once, here.
    private static void FixedPartials(ReplayOp op, Span<double> partials, ReadOnlySpan<double> constants)
    {
        switch (op)
        {
            case ReplayOp.Add:
                partials.Fill(1.0);
                break;
            case ReplayOp.Subtract:
                partials[0] = 1.0;
                partials[1] = -1.0;
                break;
            case ReplayOp.Negate:
                partials[0] = -1.0;
                break;
            case ReplayOp.Sum:
                partials.Fill(1.0);
                break;
            case ReplayOp.Dot:
                constants.CopyTo(partials);
                break;
        }
    }

    private static TapeProgram? Fail(string why, out string? reason)
    {
        reason = why;
        return null;
    }
}
