using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Probabilistic.Compiler;

/// <summary>
/// Writes a <see cref="ParsedProgram"/> as a particle program: a state struct, a program struct whose <c>Run</c> is a
/// switch on the program counter (the way the C# compiler lowers an <c>async</c> method: each case runs straight-line code
/// up to the next score, saves what is read later into the state and returns the score's log weight), and the twin.
/// </summary>
internal sealed class ProgramEmitter
{
    private const string RealType = "global::Probabilistic.Real";
    private readonly ParsedProgram _program;
    private readonly Dictionary<Variable, int> _defined = [];
    private readonly Dictionary<Variable, HashSet<int>> _readIn = [];
    private readonly List<Variable> _scope = [];
    private readonly Dictionary<Draw, int> _slots = [];
    private readonly List<(Draw Draw, FoldLoop? Fold)> _sites = [];
    private StringBuilder _out = new();
    private FoldLoop? _fold;
    private bool _final;
    private int _blocks, _current, _temp;

    public ProgramEmitter(ParsedProgram program)
    {
        _program = program;
        CollectSites(program.Body, null);
    }

    // The slots in TraceEmitter's order (the draws in the program's text, a fold's inside it), so a slot is the same
    // number in the particle program and in SlotConstraints.
    private void CollectSites(List<Instruction> body, FoldLoop? fold)
    {
        foreach (var i in body)
        {
            if (i is Draw d)
            {
                _slots[d] = _sites.Count;
                _sites.Add((d, fold));
            }
            else if (i is FoldLoop f) CollectSites(f.Body, f);
        }
    }

    /// <summary>The body of <c>Run</c>'s switch: one case per resume point.</summary>
    public string EmitSwitch()
    {
        // Pass 1 learns where each variable is defined and read; a variable read in another case gets a state field.
        Emit();
        foreach (var v in _program.Variables)
            if (v.Field is null && _readIn.TryGetValue(v, out var blocks) && _defined.TryGetValue(v, out int d) && blocks.Any(b => b != d))
                v.Field = "__v" + v.Id + "_" + v.Name.TrimStart('@');
        _final = true;
        _out = new StringBuilder();
        Emit();
        return _out.ToString();
    }

    /// <summary>The state's fields beyond the program counter and the result.</summary>
    public IEnumerable<(string Type, string Name)> StateFields()
    {
        foreach (var f in _program.Folds)
        {
            yield return (f.CarryType, f.CarryField);
            yield return ("int", f.StepField);
        }
        foreach (var v in _program.Variables)
            if (v.Field is not null && !_program.Folds.Any(f => f.Previous == v || f.Step == v)) yield return (v.Type, v.Field);
    }

    private void Emit()
    {
        _blocks = 0;
        _temp = 0;
        _scope.Clear();
        foreach (var f in _program.Folds)
        {
            if (f.Previous is not null) f.Previous.Field = f.CarryField;
            if (f.Step is not null) f.Step.Field = f.StepField;
        }
        StartBlock(NewBlock());
        EmitAll(_program.Body);
        Read(_program.Result);
        Line($"__s.__result = @{_program.Result.Code};");
        Line("__s.Pc = -1;");
        Line("return false;");
        EndBlock();
    }

    private int NewBlock() => _blocks++;

    private void Line(string s) => _out.Append("                ").Append(s).Append('\n');

    private void StartBlock(int id)
    {
        _current = id;
        _out.Append("            case ").Append(id).Append(":\n            {\n");
        foreach (var v in _scope) Load(v);
    }

    private void Load(Variable v)
    {
        if (_final && v.Field is not null && _readIn.TryGetValue(v, out var b) && b.Contains(_current) && (!_defined.TryGetValue(v, out int d) || d != _current))
            Line($"{v.Type} @{v.Code} = __s.{v.Field};");
    }

    private void EndBlock() => _out.Append("            }\n");

    private void Read(Variable v)
    {
        if (!_readIn.TryGetValue(v, out var set)) _readIn[v] = set = [];
        set.Add(_current);
    }

    private void Reads(Instruction i)
    {
        foreach (var v in i.Reads) Read(v);
    }

    // Declares v = expression (or, with no expression, records where v, already declared and set, is defined); a value
    // nothing reads is not declared unless always (a plate's array, which its elements' choices are drawn into).
    private void Define(Variable v, string? expression, bool constant, bool always = false)
    {
        _defined[v] = _current;
        _scope.Add(v);
        if (expression is null)
        {
            if (v.Field is not null) Line($"__s.{v.Field} = @{v.Code};");
            return;
        }
        if (!v.IsRead && !always)
        {
            if (!constant && expression.Contains("__rng")) Line(expression + ";");
            return;
        }
        Line($"{v.Type} @{v.Code} = {expression};");
        if (v.Field is not null) Line($"__s.{v.Field} = @{v.Code};");
    }

    private void EmitAll(List<Instruction> body)
    {
        foreach (var i in body)
        {
            switch (i)
            {
                case Let let:
                    // A let nothing reads is not emitted, so its reads need no state field (one never set: CS0649).
                    if (let.Target.IsRead) Reads(let);
                    Define(let.Target, let.Expression, let.IsConstant);
                    break;
                case Draw { Count: { } count } plate:
                    Reads(plate);
                    // Plate(name, count, ...) checks its count as the interpreter's Plate does (same exception, same message).
                    string n = "__n" + plate.Target.Id;
                    Line($"int {n} = {count};");
                    Line($"if ({n} < 0) throw new global::System.ArgumentOutOfRangeException(\"count\", {n}, $\"Plate '{{(global::Probabilistic.Address){plate.Name}}}': the size must be non-negative.\");");
                    Define(plate.Target, $"__Array<{plate.Distribution.ValueType}>({n})", constant: false, always: true);
                    Line($"for (int {plate.Index} = 0; {plate.Index} < @{plate.Target.Code}.Length; {plate.Index}++)");
                    Line("{");
                    string element = _fold is null ? $"(long){plate.Index}" : $"((long)__s.{_fold.StepField} << 32) | (uint){plate.Index}";
                    EmitSite(plate, $"@{plate.Target.Code}[{plate.Index}]", element);
                    Line("}");
                    break;
                case Draw draw:
                    Reads(draw);
                    Line($"{draw.Distribution.ValueType} @{draw.Target.Code};");
                    EmitSite(draw, $"@{draw.Target.Code}", _fold is null ? "0L" : $"(long)__s.{_fold.StepField}");
                    Define(draw.Target, null, constant: false);
                    break;
                case Score score:
                    Reads(score);
                    EmitScore(score);
                    break;
                case FoldLoop fold:
                    Reads(fold);
                    EmitFold(fold);
                    break;
            }
        }
    }

    /// <summary>
    /// A choice site (slot, key): the value the policy <c>__choices</c> gives (type-checked as the interpreter's
    /// <c>SampleNode.Score</c> checks it, its log density handed back) or a prior draw, then reported as made.
    /// </summary>
    private void EmitSite(Draw d, string target, string key)
    {
        var dist = d.Distribution;
        string v = dist.ValueType;
        int slot = _slots[d], k = _temp++;
        string given = "__g" + k;
        Line("{");
        Line($"if (__choices.TryGive({slot}, {key}, out object? {given}))");
        Line("{");
        Line($"if ({given} is not {v} {given}v) throw global::Probabilistic.Compilation.SlotConstraints.WrongType(ChoiceAddress({slot}, {key}), {given}, typeof({v}), ({DistributionObject(dist)}).Name);");
        Line($"{target} = {given}v;");
        Line($"__choices.Given({LogDensity(dist, target)});");
        Line("}");
        Line("else");
        Line("{");
        Line($"{target} = {DrawExpression(dist)};");
        // A policy that keeps log densities (resample-move's partial traces) gets the drawn value's, as the interpreter's
        // SampleNode.Draw computes it; for every other policy the condition is a constant false and the call is not compiled.
        Line($"if (TChoices.WantsLogDensities) __choices.Drawn({LogDensity(dist, target)});");
        Line("}");
        Line($"__choices.Made({slot}, {key}, {target});");
        Line("}");
    }

    private static string LogDensity(Distribution d, string x) => d.Family switch
    {
        Family.Normal => $"global::Probabilistic.Distributions.Normal.LogDensity(({x}).Value, {d.Arguments[0]}, {d.Arguments[1]})",
        Family.Bernoulli => $"global::Probabilistic.Distributions.Bernoulli.LogDensity({x}, {d.Arguments[0]})",
        Family.Categorical => $"global::Probabilistic.Distributions.Categorical.LogDensity({x}, {d.Arguments[0]})",
        _ => $"((global::Probabilistic.IDistribution<{d.ValueType}>)({d.Expression})).LogProb({x}).Value",
    };

    private static string DistributionObject(Distribution d) => d.Family switch
    {
        Family.Normal => $"new global::Probabilistic.Distributions.Normal(new {RealType}({d.Arguments[0]}), new {RealType}({d.Arguments[1]}))",
        Family.Bernoulli => $"new global::Probabilistic.Distributions.Bernoulli(new {RealType}({d.Arguments[0]}))",
        Family.Categorical => $"new global::Probabilistic.Distributions.Categorical({d.Arguments[0]})",
        _ => $"((global::Probabilistic.IDistribution<{d.ValueType}>)({d.Expression}))",
    };

    /// <summary>
    /// The program struct's members for <c>IChoiceParticleProgram</c>: the generic Advance and Result over a choice policy,
    /// and the slots' addresses (<c>SlotsDistinct</c>, <c>Locate</c> — TraceEmitter's <c>__Locate</c> — and
    /// <c>ChoiceAddress</c>, the interpreter's address of a slot and key).
    /// </summary>
    public string ChoiceMembers(string state, string result, string display)
    {
        const string Choices = "global::Probabilistic.Compilation.IParticleChoices";
        var sb = new StringBuilder();
        sb.Append("        public double Advance<TChoices>(ref ").Append(state).Append(" state, global::Probabilistic.Rng rng, ref TChoices choices) where TChoices : struct, ").Append(Choices).Append("\n        {\n");
        sb.Append("            if (!Run(ref state, rng, out double w, ref choices)) throw new global::System.InvalidOperationException(\"").Append(display).Append(": Advance was called after the program's last score (it makes Steps scores).\");\n");
        sb.Append("            return w;\n        }\n\n");
        sb.Append("        public ").Append(result).Append(" Result<TChoices>(ref ").Append(state).Append(" state, global::Probabilistic.Rng rng, ref TChoices choices) where TChoices : struct, ").Append(Choices).Append("\n        {\n");
        sb.Append("            if (state.Pc != -1 && Run(ref state, rng, out _, ref choices)) throw new global::System.InvalidOperationException(\"").Append(display).Append(": Result was called before the program's last score (call Advance Steps times first).\");\n");
        sb.Append("            return state.__result;\n        }\n\n");
        sb.Append("        public bool SlotsDistinct => __slotsDistinct;\n\n");
        sb.Append("        public bool Locate(global::Probabilistic.Address address, out int slot, out long key) => __Locate(address, out slot, out key);\n\n");
        sb.Append("        public global::Probabilistic.Address ChoiceAddress(int slot, long key) => slot switch\n        {\n");
        foreach (var (d, fold) in _sites)
        {
            string name = Address(d.Name!);
            string step = fold?.NameExpression is { } f ? $"{Address(f)}.Child((int)(key >> {(d.Count is null ? 0 : 32)}))" : "";
            string address = (fold, d.Count) switch
            {
                (null, null) => name,
                (null, _) => $"{name}.Child((int)key)",
                (_, null) => $"{step} / {name}",
                _ => $"({step} / {name}).Child((int)(uint)key)",
            };
            sb.Append("            ").Append(_slots[d]).Append(" => ").Append(address).Append(",\n");
        }
        sb.Append("            _ => throw new global::System.ArgumentOutOfRangeException(nameof(slot), slot, \"").Append(display).Append(": no choice has this slot.\"),\n        };\n\n");
        return sb.ToString();
    }

    private static string Address(string expression) => "((global::Probabilistic.Address)(" + expression + "))";

    private static string DrawExpression(Distribution d) => d.Family switch
    {
        Family.Normal => $"new {RealType}(global::Probabilistic.Distributions.Normal.Draw(__rng, {d.Arguments[0]}, {d.Arguments[1]}))",
        Family.Bernoulli => $"global::Probabilistic.Distributions.Bernoulli.Draw(__rng, {d.Arguments[0]})",
        Family.Categorical => $"global::Probabilistic.Distributions.Categorical.Draw(__rng, {d.Arguments[0]})",
        _ => $"((global::Probabilistic.IDistribution<{d.ValueType}>){d.Expression}).Sample(__rng)",
    };

    /// <summary>
    /// The statements that set <c>__w</c> (declared by the caller) to a score's log weight, as every emitter that runs
    /// the model's scores computes it: the datum converted as <c>Observe&lt;T&gt;</c> converts it and checked finite as
    /// Observe checks a real datum, the direct families' static log densities, and NaN or +∞ refused.
    /// </summary>
    internal static IEnumerable<string> ScoreWeight(Score score)
    {
        string describe = Escape(score.Description);
        if (score.Distribution is { } d)
        {
            bool realExpr = score.ValueTypeOfExpression == RealType;
            bool realDatum = realExpr || score.ValueTypeOfExpression is "double" or "float";
            string datum = d.Family switch
            {
                Family.Normal => realExpr ? $"({score.Value}).Value" : $"(double)({score.Value})",
                Family.Bernoulli => $"(bool)({score.Value})",
                Family.Categorical => $"(int)({score.Value})",
                _ => $"({d.ValueType})({score.Value})",
            };
            yield return $"var __x = {datum};";
            if (realDatum && d.Family is Family.Normal or Family.General)
            {
                string x = d.Family == Family.General && d.ValueType == RealType ? "__x.Value" : d.Family == Family.Normal ? "__x" : $"(double)({score.Value})";
                yield return $"if (!double.IsFinite({x})) throw new global::Probabilistic.ModelException($\"{describe}: the datum is {{{x}}}; observed values must be finite.\");";
            }
            yield return "__w = " + d.Family switch
            {
                Family.Normal => $"global::Probabilistic.Distributions.Normal.LogDensity(__x, {d.Arguments[0]}, {d.Arguments[1]})",
                Family.Bernoulli => $"global::Probabilistic.Distributions.Bernoulli.LogDensity(__x, {d.Arguments[0]})",
                Family.Categorical => $"global::Probabilistic.Distributions.Categorical.LogDensity(__x, {d.Arguments[0]})",
                _ => $"((global::Probabilistic.IDistribution<{d.ValueType}>){d.Expression}).LogProb(__x).Value",
            } + ";";
        }
        else yield return $"__w = (({RealType}){score.LogWeight}).Value;";
        yield return $"if (double.IsNaN(__w) || double.IsPositiveInfinity(__w)) throw new global::Probabilistic.ModelException($\"{describe} gave the log weight {{__w}}.\");";
    }

    private void EmitScore(Score score)
    {
        foreach (var line in ScoreWeight(score)) Line(line);
        int next = NewBlock();
        Line($"__s.Pc = {next};");
        Line("return true;");
        EndBlock();
        StartBlock(next);
    }

    private void EmitFold(FoldLoop fold)
    {
        int head = NewBlock(), exit = NewBlock();
        Line($"__s.{fold.CarryField} = {fold.Init};");
        Line($"__s.{fold.StepField} = 0;");
        Line($"goto case {head};");
        EndBlock();

        StartBlock(head);
        Line($"if (__s.{fold.StepField} >= this.{fold.StepsField}) goto case {exit};");
        int scopeDepth = _scope.Count;
        _fold = fold;
        foreach (var v in new[] { fold.Previous, fold.Step })
        {
            if (v is null) continue;
            _scope.Add(v);
            Load(v);
        }
        EmitAll(fold.Body);
        _fold = null;
        Read(fold.BodyValue);
        Line($"__s.{fold.CarryField} = @{fold.BodyValue.Code};");
        Line($"__s.{fold.StepField}++;");
        Line($"goto case {head};");
        EndBlock();
        _scope.RemoveRange(scopeDepth, _scope.Count - scopeDepth);

        StartBlock(exit);
        Define(fold.Target, $"__s.{fold.CarryField}", constant: false);
    }

    internal static string Escape(string s) => s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("{", "{{").Replace("}", "}}").Replace("\n", " ").Replace("\r", " ");
}
