using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Probabilistic.Compiler;

/// <summary>
/// Writes a <see cref="ParsedProgram"/>'s generative function interface over typed slots: a slots class (a field per
/// scalar choice, a column per plate and per fold-step choice, <c>double</c> for <c>Real</c> values), and, in the program
/// struct, straight-line runs of the whole model (fold steps as a <c>for</c> loop): <c>__Simulate</c> (every choice from
/// its prior) and <c>__Trace</c> (choices given by a <c>SlotConstraints</c>, refused without a generator, or replayed from
/// the slots into a <c>ChoiceSink</c> with the interpreter's addresses and distribution objects), and <c>__Locate</c>
/// (an address to its slot), and (TraceEmitter.Edit.cs) <c>__Edit</c> (Update and Regenerate over a previous run's slots),
/// <c>__LogProbs</c> and <c>__AddressAt</c>. Draws use the particle program's calls, so the random stream is the interpreter's.
/// </summary>
internal sealed partial class TraceEmitter
{
    private const string RealType = "global::Probabilistic.Real";
    private const string Ns = "global::Probabilistic.Compilation.";
    private const string Dists = "global::Probabilistic.Distributions.";
    private readonly ParsedProgram _program;
    private readonly Dictionary<Draw, int> _slots = [];
    private readonly List<(Draw Draw, FoldLoop? Fold)> _draws = [];
    private StringBuilder _out = new();
    private Mode _mode;
    private int _temp;

    /// <summary>Which run of the whole program is being written.</summary>
    private enum Mode
    {
        /// <summary><c>__Simulate</c>: every choice from its prior.</summary>
        Simulate,
        /// <summary><c>__Trace</c>: Generate, Assess, and the replay into a sink.</summary>
        Trace,
        /// <summary><c>__Edit</c>: Update and Regenerate over a previous run's slots (TraceEmitter.Edit.cs).</summary>
        Edit,
        /// <summary><c>__LogProbs</c>: each choice's log density in a previous run, in order (TraceEmitter.Edit.cs).</summary>
        LogProbs,
    }

    public TraceEmitter(ParsedProgram program)
    {
        _program = program;
        Collect(program.Body, null);
    }

    private void Collect(List<Instruction> body, FoldLoop? fold)
    {
        foreach (var i in body)
        {
            if (i is Draw d)
            {
                _slots[d] = _draws.Count;
                _draws.Add((d, fold));
            }
            else if (i is FoldLoop f) Collect(f.Body, f);
        }
    }

    private static string SlotType(Draw d) => d.Distribution.ValueType == RealType ? "double" : d.Distribution.ValueType;

    private static string Field(int slot) => "__c" + slot;

    private static string ColumnType(Draw d, FoldLoop? fold) =>
        SlotType(d) + (d.Count is not null ? "[]" : "") + (fold is not null ? "[]" : "");

    /// <summary>The slots class: the fields and the overrides of <c>TraceSlots&lt;T&gt;</c>.</summary>
    public string SlotsClass(string name, string program, string result, string display)
    {
        var sb = new StringBuilder();
        sb.Append("    /// <summary>One run of ").Append(display).Append(" in typed slots.</summary>\n");
        sb.Append("    internal sealed class ").Append(name).Append("Slots : ").Append(Ns).Append("TraceSlots<").Append(result).Append(">\n    {\n");
        sb.Append("        internal readonly ").Append(program).Append(" __program;\n");
        sb.Append("        internal ").Append(result).Append(" __result = default!;\n");
        sb.Append("        internal double __logPrior, __logLikelihood, __weight;\n");
        sb.Append("        internal int __count;\n");
        sb.Append("        internal double[]? __lps;\n");
        foreach (var (d, fold) in _draws)
            sb.Append("        internal ").Append(ColumnType(d, fold)).Append(' ').Append(Field(_slots[d])).Append(" = default!;\n");
        sb.Append("\n        internal ").Append(name).Append("Slots(").Append(program).Append(" program) => __program = program;\n\n");
        sb.Append("        public override ").Append(result).Append(" Result => __result;\n");
        sb.Append("        public override double LogPrior => __logPrior;\n");
        sb.Append("        public override double LogLikelihood => __logLikelihood;\n");
        sb.Append("        public override double Weight => __weight;\n");
        sb.Append("        public override int ChoiceCount => __count;\n");
        sb.Append("        public override void Replay(").Append(Ns).Append("ChoiceSink sink) => __program.__Trace(this, null, null, sink);\n");
        sb.Append("        public override global::Probabilistic.Address AddressAt(int index) => __program.__AddressAt(this, index);\n");
        sb.Append("    }\n\n");

        sb.Append("    /// <summary>").Append(display).Append("'s generative function interface over typed slots.</summary>\n");
        sb.Append("    internal sealed class ").Append(name).Append("Gfi(global::System.Func<").Append(program).Append("> program) : ").Append(Ns).Append("CompiledGenerativeFunction<").Append(result).Append(">\n    {\n");
        sb.Append("        protected override int SlotCount => ").Append(_draws.Count).Append(";\n\n");
        sb.Append("        protected override ").Append(Ns).Append("TraceSlots<").Append(result).Append("> Run(global::Probabilistic.Rng? rng, ").Append(Ns).Append("SlotConstraints? constraints)\n        {\n");
        sb.Append("            var p = program();\n            var slots = new ").Append(name).Append("Slots(p);\n");
        sb.Append("            if (constraints is null && rng is not null) p.__Simulate(slots, rng);\n");
        sb.Append("            else p.__Trace(slots, rng, constraints, null);\n");
        sb.Append("            return slots;\n        }\n\n");
        sb.Append("        protected override bool Locate(global::Probabilistic.Address address, out int slot, out long key) => ").Append(program).Append(".__Locate(address, out slot, out key);\n\n");
        sb.Append(EditOverride(name, result));
        sb.Append("    }\n\n");
        return sb.ToString();
    }

    /// <summary>Whether the program's fixed addresses cannot collide (else it gets no slots: the interpreter raises the duplicate).</summary>
    public string DistinctExpression()
    {
        var groups = new List<List<string>> { new() };
        foreach (var i in _program.Body)
        {
            switch (i)
            {
                case Draw d: groups[0].Add(d.Name!); break;
                case Score { Address: { } a }: groups[0].Add(a); break;
                case FoldLoop f:
                    if (f.NameExpression is { } fn) groups[0].Add(fn);
                    var inner = new List<string>();
                    foreach (var j in f.Body)
                    {
                        if (j is Draw fd) inner.Add(fd.Name!);
                        else if (j is Score { Address: { } fa }) (f.NameExpression is null ? groups[0] : inner).Add(fa);
                    }
                    groups.Add(inner);
                    break;
            }
        }
        return string.Join(" && ", groups.Select(g => Ns + "SlotAddresses.Distinct(" + string.Join(", ", g.Select(Addr)) + ")"));
    }

    private static string Addr(string expression) => "((global::Probabilistic.Address)(" + expression + "))";

    /// <summary>The program struct's members: <c>__Simulate</c>, <c>__Trace</c> and <c>__Locate</c>.</summary>
    public string ProgramMembers(string name, string[] parameters)
    {
        var sb = new StringBuilder();
        string slots = name + "Slots";
        foreach (var mode in new[] { Mode.Simulate, Mode.Trace, Mode.Edit, Mode.LogProbs })
        {
            _mode = mode;
            _temp = 0;
            _out = new StringBuilder();
            EmitAll(_program.Body, null);
            sb.Append(mode switch
            {
                Mode.Simulate => $"        internal void __Simulate({slots} __t, global::Probabilistic.Rng __rng)\n        {{\n",
                Mode.Trace => $"        internal void __Trace({slots} __t, global::Probabilistic.Rng? __rng, {Ns}SlotConstraints? __c, {Ns}ChoiceSink? __sink)\n        {{\n",
                Mode.Edit => EditHeader(slots),
                _ => $"        internal double[] __LogProbs({slots} __prev)\n        {{\n",
            });
            foreach (var p in parameters) sb.Append("            var ").Append(p).Append(" = this.").Append(p).Append(";\n");
            if (mode != Mode.LogProbs) sb.Append("            double __prior = 0, __lik = 0;\n");
            if (mode == Mode.Trace) sb.Append("            double __weight = 0;\n");
            if (mode is Mode.Edit or Mode.LogProbs) sb.Append("            var __lps = new double[__prev.__count];\n");
            if (mode == Mode.Edit && _draws.Count > 0) sb.Append("            double[]? __ol = null;\n");
            sb.Append("            int __count = 0;\n");
            sb.Append(_out);
            if (mode == Mode.LogProbs)
            {
                sb.Append("            _ = __count;\n            return __lps;\n        }\n\n");
                continue;
            }
            if (mode == Mode.Trace) sb.Append("            if (__sink is not null) return;\n            __t.__weight = __weight;\n");
            if (mode == Mode.Edit) sb.Append("            __t.__lps = __lps;\n");
            sb.Append("            __t.__result = @").Append(_program.Result.Code).Append(";\n");
            sb.Append("            __t.__logPrior = __prior;\n            __t.__logLikelihood = __lik;\n            __t.__count = __count;\n        }\n\n");
        }
        sb.Append(AddressAtMethod(slots));

        sb.Append("        internal static bool __Locate(global::Probabilistic.Address address, out int slot, out long key)\n        {\n");
        sb.Append("            int __i = 0;\n");
        foreach (var (d, fold) in _draws)
        {
            int s = _slots[d];
            string name0 = Addr(d.Name!);
            string test = (fold, d.Count) switch
            {
                (null, null) => $"address.Equals({name0})",
                (null, _) => $"{Ns}SlotAddresses.IsElement(address, {name0}, out __i)",
                (_, null) => $"{Ns}SlotAddresses.IsStepChoice(address, {Addr(fold.NameExpression!)}, {name0}, out __i)",
                _ => $"address.Name is null && address.Parent is {{ }} __p{s} && {Ns}SlotAddresses.IsStepChoice(__p{s}, {Addr(fold.NameExpression!)}, {name0}, out __i)",
            };
            string key = (fold, d.Count) switch
            {
                (null, null) => "0L",
                (not null, not null) => "((long)__i << 32) | (uint)address.Index",
                _ => "__i",
            };
            sb.Append("            if (").Append(test).Append(")\n            {\n                slot = ").Append(s).Append(";\n                key = ").Append(key).Append(";\n                return true;\n            }\n");
        }
        sb.Append("            _ = __i;\n            slot = -1;\n            key = 0;\n            return false;\n        }\n\n");
        return sb.ToString();
    }

    private void Line(string s) => _out.Append("            ").Append(s).Append('\n');

    private void EmitAll(List<Instruction> body, FoldLoop? fold)
    {
        foreach (var i in body)
        {
            switch (i)
            {
                case Let let:
                    if (let.Target.IsRead) Line($"{let.Target.Type} @{let.Target.Code} = {let.Expression};");
                    // __LogProbs skips the scores and the result, which may be a let's only readers (a constant one would warn).
                    if (let.Target.IsRead && _mode == Mode.LogProbs) Line($"_ = @{let.Target.Code};");
                    break;
                case Draw { Count: { } count } plate:
                    {
                        string n = "__n" + plate.Target.Id;
                        Line($"int {n} = {count};");
                        Line($"if ({n} < 0) throw new global::System.ArgumentOutOfRangeException(\"count\", {n}, $\"Plate '{{(global::Probabilistic.Address){plate.Name}}}': the size must be non-negative.\");");
                        Line($"{plate.Target.Type} @{plate.Target.Code} = __Array<{plate.Distribution.ValueType}>({n});");
                        string column = "__t." + Field(_slots[plate]) + (fold is not null ? $"[{Step(fold)}]" : "");
                        string alloc = $"{column} = __Array<{SlotType(plate)}>({n});";
                        if (_mode is Mode.Edit or Mode.LogProbs) PlateSizeCheck(plate, "__prev" + column.Substring(3), n);
                        if (_mode != Mode.LogProbs) Line(_mode == Mode.Trace ? $"if (__sink is null) {alloc}" : alloc);
                        Line($"for (int {plate.Index} = 0; {plate.Index} < {n}; {plate.Index}++)");
                        Line("{");
                        string address = fold is null
                            ? $"{Addr(plate.Name!)}.Child({plate.Index})"
                            : $"({StepPrefix(fold)} / {Addr(plate.Name!)}).Child({plate.Index})";
                        string key = fold is null ? $"(long){plate.Index}" : $"((long){Step(fold)} << 32) | (uint){plate.Index}";
                        EmitChoice(plate, $"@{plate.Target.Code}[{plate.Index}]", $"{column}[{plate.Index}]", address, key, declare: false);
                        Line("}");
                        break;
                    }
                case Draw draw:
                    {
                        string slot = "__t." + Field(_slots[draw]) + (fold is not null ? $"[{Step(fold)}]" : "");
                        string address = fold is null ? Addr(draw.Name!) : $"{StepPrefix(fold)} / {Addr(draw.Name!)}";
                        EmitChoice(draw, $"@{draw.Target.Code}", slot, address, fold is null ? "0L" : $"(long){Step(fold)}", declare: true);
                        break;
                    }
                case Score score:
                    EmitScore(score, fold);
                    break;
                case FoldLoop f:
                    EmitFold(f);
                    break;
            }
        }
    }

    private static string Step(FoldLoop f) => "__step" + f.Index;

    private static string StepPrefix(FoldLoop f) => $"{Addr(f.NameExpression!)}.Child({Step(f)})";

    private void EmitFold(FoldLoop f)
    {
        string carry = "__carry" + f.Index, step = Step(f);
        Line($"{f.CarryType} {carry} = {f.Init};");
        foreach (var (d, fold) in _draws.Where(x => x.Fold == f))
        {
            string alloc = $"__t.{Field(_slots[d])} = __Array<{(d.Count is null ? SlotType(d) : SlotType(d) + "[]")}>(this.{f.StepsField});";
            if (_mode != Mode.LogProbs) Line(_mode == Mode.Trace ? $"if (__sink is null) {alloc}" : alloc);
        }
        Line($"for (int {step} = 0; {step} < this.{f.StepsField}; {step}++)");
        Line("{");
        if (f.Previous is not null) Line($"{f.Previous.Type} @{f.Previous.Code} = {carry};");
        if (f.Step is not null) Line($"int @{f.Step.Code} = {step};");
        EmitAll(f.Body, f);
        Line($"{carry} = @{f.BodyValue.Code};");
        Line("}");
        Line($"{f.Target.Type} @{f.Target.Code} = {carry};");
    }

    private void EmitChoice(Draw d, string target, string slot, string address, string key, bool declare)
    {
        var dist = d.Distribution;
        string v = dist.ValueType;
        bool real = v == RealType;
        int k = _temp++;
        if (declare) Line($"{v} {target};");
        Line("{");
        string[] args = dist.Arguments.Select((a, j) => $"__a{k}_{j}").ToArray();
        for (int j = 0; j < args.Length; j++) Line($"var {args[j]} = {dist.Arguments[j]};");
        string dv = "__d" + k;
        if (dist.Family == Family.General) Line($"var {dv} = (global::Probabilistic.IDistribution<{v}>)({dist.Expression});");
        string drawExpr = dist.Family switch
        {
            Family.Normal => $"new {RealType}({Dists}Normal.Draw(__rng, {args[0]}, {args[1]}))",
            Family.Bernoulli => $"{Dists}Bernoulli.Draw(__rng, {args[0]})",
            Family.Categorical => $"{Dists}Categorical.Draw(__rng, {args[0]})",
            _ => $"{dv}.Sample(__rng)",
        };
        string LogP(string x) => dist.Family switch
        {
            Family.Normal => $"{Dists}Normal.LogDensity(({x}).Value, {args[0]}, {args[1]})",
            Family.Bernoulli => $"{Dists}Bernoulli.LogDensity({x}, {args[0]})",
            Family.Categorical => $"{Dists}Categorical.LogDensity({x}, {args[0]})",
            _ => $"{dv}.LogProb({x}).Value",
        };
        string obj = dist.Family switch
        {
            Family.Normal => $"new {Dists}Normal(new {RealType}({args[0]}), new {RealType}({args[1]}))",
            Family.Bernoulli => $"new {Dists}Bernoulli(new {RealType}({args[0]}))",
            Family.Categorical => $"new {Dists}Categorical({args[0]})",
            _ => dv,
        };
        string toSlot = real ? $"({target}).Value" : target;
        if (_mode is Mode.Edit or Mode.LogProbs)
            EditChoice(d, target, slot, address, key, drawExpr, LogP, obj);
        else if (_mode == Mode.Simulate)
        {
            Line($"{target} = {drawExpr};");
            Line($"__prior += {LogP(target)};");
            Line($"{slot} = {toSlot};");
        }
        else
        {
            Line("if (__sink is not null)");
            Line("{");
            Line($"{target} = {(real ? $"new {RealType}({slot})" : slot)};");
            Line($"global::Probabilistic.IDistribution<{v}> __o = {obj};");
            Line($"__sink.Add({address}, __o, {target}, __o.LogProb({target}).Value);");
            Line("}");
            Line($"else if (__c is not null && __c.TryGet({_slots[d]}, {key}, out object? __g))");
            Line("{");
            Line($"if (__g is not {v} __gv) throw {Ns}SlotConstraints.WrongType({address}, __g, typeof({v}), (({obj})).Name);");
            Line($"{target} = __gv;");
            Line($"double __lp = {LogP(target)};");
            Line("__weight += __lp;");
            Line("__prior += __lp;");
            Line($"{slot} = {toSlot};");
            Line("}");
            Line("else");
            Line("{");
            Line($"if (__rng is null) throw {Ns}SlotConstraints.Refused({address});");
            Line($"{target} = {drawExpr};");
            Line($"__prior += {LogP(target)};");
            Line($"{slot} = {toSlot};");
            Line("}");
        }
        Line("__count++;");
        Line("}");
    }

    // The score's log weight as the particle program computes it (ProgramEmitter.ScoreWeight), added to the likelihood, and recorded with its address on replay.
    private void EmitScore(Score score, FoldLoop? fold)
    {
        if (_mode == Mode.LogProbs) return;
        Line("{");
        Line("double __w;");
        foreach (var line in ProgramEmitter.ScoreWeight(score)) Line(line);
        if (_mode == Mode.Trace)
        {
            string address = score.Address is not { } a ? "null"
                : fold is null ? Addr(a)
                : fold.NameExpression is null ? $"{Addr(a)}.Child({Step(fold)})"
                : $"{StepPrefix(fold)} / {Addr(a)}";
            Line($"__sink?.Score({address}, __w, {(score.Distribution is not null ? "true" : "false")});");
            Line("__weight += __w;");
        }
        Line("__lik += __w;");
        Line("}");
    }
}
