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

        var operandNodes = tape.OperandNodes;
        var operandValues = tape.OperandValues;
        var guards = tape.Guards;
        int last = output.Index;
        foreach (var g in guards) last = Math.Max(last, Math.Max(g.A, g.B));
        foreach (int k in inputNodes) last = Math.Max(last, k); // every input has its own value slot
        int n = last + 1;

        // Which nodes the output and the guards need.
        var needed = new bool[n];
        needed[output.Index] = true;
        foreach (var g in guards)
        {
            if (g.A >= 0) needed[g.A] = true;
            if (g.B >= 0) needed[g.B] = true;
        }
        var entries = new Tape.OpEntry[n];
        int operandTotal = 0, constantTotal = 0, constantSlots = 0;
        for (int k = n - 1; k >= 0; k--)
        {
            if (!needed[k]) continue;
            var e = entries[k] = tape.DescriptionOf(k);
            if (e.Op == ReplayOp.Unknown)
                return Fail($"node {k} was recorded by an operation without replay code (such as a custom Tape.Record)", out reason);
            if (e.Op == ReplayOp.Input && !inputOf.ContainsKey(k))
                return Fail($"node {k} is a variable that is not among the inputs", out reason);
            for (int j = 0; j < e.OperandCount; j++)
            {
                int p = operandNodes[e.Operands + j];
                if (p >= 0) needed[p] = true;
                else constantSlots++;
            }
            operandTotal += e.OperandCount;
            constantTotal += IsFixedScaleNormal(e, operandNodes) ? 2 : e.ConstantCount;
        }
        foreach (var g in guards) constantSlots += (g.A < 0 ? 1 : 0) + (g.B < 0 ? 1 : 0);

        var instructions = new Instruction[n];
        var slots = new int[operandTotal];
        var partials = new double[operandTotal];
        var constants = new double[constantTotal];
        var values = new double[n + constantSlots];
        int nextOperand = 0, nextConstant = 0, nextSlot = n;
        var opConstants = tape.OpConstants;
        for (int k = 0; k < n; k++)
        {
            if (!needed[k])
            {
                instructions[k].Op = ReplayOp.Skip;
                continue;
            }
            var e = entries[k];
            instructions[k] = new Instruction
            {
                Op = e.Op,
                Operands = nextOperand,
                OperandCount = e.OperandCount,
                Constants = nextConstant,
                ConstantCount = e.ConstantCount,
            };
            for (int j = 0; j < e.OperandCount; j++)
            {
                int p = operandNodes[e.Operands + j];
                if (p < 0)
                {
                    values[nextSlot] = operandValues[e.Operands + j];
                    p = nextSlot++;
                }
                slots[nextOperand + j] = p;
            }
            if (IsFixedScaleNormal(e, operandNodes))
            {
                double sigma = operandValues[e.Operands + 2];
                instructions[k].Op = ReplayOp.NormalLogProbFixedScale;
                instructions[k].ConstantCount = 2;
                constants[nextConstant] = 1.0 / sigma;
                constants[nextConstant + 1] = Math.Log(sigma) + SpecialFunctions.HalfLogTwoPi;
                nextOperand += e.OperandCount;
                nextConstant += 2;
                continue;
            }
            opConstants.Slice(e.Constants, e.ConstantCount).CopyTo(constants.AsSpan(nextConstant));
            FixedPartials(e.Op, partials.AsSpan(nextOperand, e.OperandCount), constants.AsSpan(nextConstant, e.ConstantCount));
            nextOperand += e.OperandCount;
            nextConstant += e.ConstantCount;
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
        return new TapeProgram(instructions, slots, constants, values, partials, checks, inputNodes, output.Index);
    }

    private static bool IsFixedScaleNormal(Tape.OpEntry e, ReadOnlySpan<int> operandNodes) =>
        e.Op == ReplayOp.NormalLogProb && operandNodes[e.Operands + 2] < 0;

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
