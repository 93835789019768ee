using System;
using System.Text;

namespace Probabilistic.Compiler;

/// <summary>
/// Update and Regenerate over typed slots: <c>__Edit</c> runs the program over a previous run's slots (<c>__prev</c>) into
/// fresh ones as the interpreter's stacks do (<c>Record → Condition → Replay → Seed</c>, Core/ModelGfi.cs): a constrained
/// choice takes its given value (its previous value into the discard), a selected one is drawn from its prior, every other
/// keeps its previous value, rescored; it stores each choice's log density (<c>__lps</c>), which the next Regenerate
/// subtracts from the kept choices' new ones (the interpreter's <c>Replay.KeptDelta</c>). <c>__LogProbs</c> computes them
/// for a run that did not store them (Simulate, Generate: kept lazily in the slots). <c>__AddressAt</c> names the k-th
/// choice from the slots' sizes (single-site MH picks a choice without materializing the trace).
/// </summary>
internal sealed partial class TraceEmitter
{
    private static string EditHeader(string slots) =>
        $"        internal void __Edit({slots} __prev, {slots} __t, global::Probabilistic.Rng __rng, {Ns}SlotConstraints? __c, {Ns}SlotSelection? __sel, "
        + "global::System.Collections.Generic.Dictionary<global::Probabilistic.Address, object>? __discard, out double __kept)\n        {\n            __kept = 0;\n";

    /// <summary>The Gfi's override of <c>Edit</c>: the previous slots' program (its arguments, fold sizes and data locals) runs again.</summary>
    private static string EditOverride(string name, string result)
    {
        var sb = new StringBuilder();
        sb.Append("        protected override ").Append(Ns).Append("TraceSlots<").Append(result).Append("> Edit(").Append(Ns).Append("TraceSlots<").Append(result)
          .Append("> previous, global::Probabilistic.Rng rng, ").Append(Ns).Append("SlotConstraints? constraints, ").Append(Ns).Append("SlotSelection? selection, ")
          .Append("global::System.Collections.Generic.Dictionary<global::Probabilistic.Address, object>? discard, out double keptDelta)\n        {\n");
        sb.Append("            var prev = (").Append(name).Append("Slots)previous;\n");
        sb.Append("            var slots = new ").Append(name).Append("Slots(prev.__program);\n");
        sb.Append("            prev.__program.__Edit(prev, slots, rng, constraints, selection, discard, out keptDelta);\n");
        sb.Append("            return slots;\n        }\n");
        return sb.ToString();
    }

    // A plate's size is computed from the arguments again: it must be the previous run's (a changed argument would change the addresses).
    private void PlateSizeCheck(Draw plate, string previousColumn, string n) =>
        Line($"if ({previousColumn}.Length != {n}) throw new global::System.InvalidOperationException($\"Plate '{{(global::Probabilistic.Address){plate.Name}}}' has {{{n}}} elements now but {{{previousColumn}.Length}} in the trace being updated: the model's arguments changed while its trace was in use.\");");

    /// <summary>One choice of <c>__Edit</c> or <c>__LogProbs</c> (inside the choice's block, after its arguments).</summary>
    private void EditChoice(Draw d, string target, string slot, string address, string key, string drawExpr, Func<string, string> logP, string obj)
    {
        string v = d.Distribution.ValueType;
        bool real = v == RealType;
        string previous = "__prev" + slot.Substring(3);
        string previousValue = real ? $"new {RealType}({previous})" : previous;
        if (_mode == Mode.LogProbs)
        {
            Line($"{target} = {previousValue};");
            Line($"__lps[__count] = {logP(target)};");
            return;
        }
        int s = _slots[d];
        Line("double __lp;");
        Line($"if (__c is not null && __c.TryGet({s}, {key}, out object? __g))");
        Line("{");
        Line($"if (__g is not {v} __gv) throw {Ns}SlotConstraints.WrongType({address}, __g, typeof({v}), (({obj})).Name);");
        Line($"if (__discard is not null) __discard[{address}] = {previousValue};");
        Line($"{target} = __gv;");
        Line($"__lp = {logP(target)};");
        Line("}");
        Line($"else if (__sel is null || !(__sel.ByAddress ? __sel.Contains({address}) : __sel.Contains({s}, {key})))");
        Line("{");
        Line($"{target} = {previousValue};");
        Line($"__lp = {logP(target)};");
        Line("if (__sel is not null) __kept += __lp - (__ol ??= __prev.__lps ??= __LogProbs(__prev))[__count];");
        Line("}");
        Line("else");
        Line("{");
        Line($"{target} = {drawExpr};");
        Line($"__lp = {logP(target)};");
        Line("}");
        Line("__prior += __lp;");
        Line("__lps[__count] = __lp;");
        Line($"{slot} = {(real ? $"({target}).Value" : target)};");
    }

    /// <summary><c>__AddressAt(slots, k)</c>: the k-th choice's address, counted through the program's choices with the slots' plate sizes.</summary>
    private string AddressAtMethod(string slots)
    {
        _out = new StringBuilder();
        Line("int __index = __k;");
        Line("if (__k < 0) throw new global::System.ArgumentOutOfRangeException(\"index\", __index, \"The choice index must be non-negative.\");");
        AddressAtBody(_program.Body, null);
        Line("throw new global::System.ArgumentOutOfRangeException(\"index\", __index, \"The choice index is past the trace's last choice.\");");
        return $"        internal global::Probabilistic.Address __AddressAt({slots} __t, int __k)\n        {{\n" + _out + "        }\n\n";
    }

    private void AddressAtBody(System.Collections.Generic.List<Instruction> body, FoldLoop? fold)
    {
        foreach (var i in body)
        {
            switch (i)
            {
                case Draw { Count: not null } plate:
                    {
                        string column = "__t." + Field(_slots[plate]) + (fold is not null ? $"[{Step(fold)}]" : "");
                        string prefix = fold is null ? Addr(plate.Name!) : $"({StepPrefix(fold)} / {Addr(plate.Name!)})";
                        Line("{");
                        Line($"int __n = {column}.Length;");
                        Line($"if (__k < __n) return {prefix}.Child(__k);");
                        Line("__k -= __n;");
                        Line("}");
                        break;
                    }
                case Draw draw:
                    Line($"if (__k == 0) return {(fold is null ? Addr(draw.Name!) : $"{StepPrefix(fold)} / {Addr(draw.Name!)}")};");
                    Line("__k--;");
                    break;
                case FoldLoop f when f.Body.Exists(x => x is Draw):
                    Line($"for (int {Step(f)} = 0; {Step(f)} < this.{f.StepsField}; {Step(f)}++)");
                    Line("{");
                    AddressAtBody(f.Body, f);
                    Line("}");
                    break;
            }
        }
    }
}
