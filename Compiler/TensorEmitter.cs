using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace Probabilistic.Compiler;

/// <summary>
/// Writes the tensor particle program of a <c>[Compiled]</c> tensor model — one whose choices are drawn from
/// <c>IDistribution&lt;Tensor&gt;</c> (TensorDist.*) and whose scores are <c>TensorModel.Observe</c>/<c>Factor</c> — for
/// <c>Infer.TensorSmc</c>: a state class whose <c>Advance</c> is the same lowering as <see cref="ProgramEmitter"/>'s (a
/// switch on the program counter, each case straight-line code up to the next score, what later cases read saved in
/// fields), over the whole population at once: every per-particle value is a tensor with the particle dimension N
/// leading, drawn through <c>TensorParticleStep.Sample</c> (as the interpreter's tensor handler draws it) and scored
/// through <c>TensorParticleStep.Observe</c>/<c>Factor</c> (one log density per particle); <c>Resample(ancestors)</c>
/// index-selects each field that holds a per-particle tensor. The twin (made <c>partial</c> by <see cref="SourceWriter"/>)
/// implements <c>ITensorCompiledModel</c>. Types are named by their metadata names only: the generator does not
/// reference TorchSharp or Probabilistic.Torch.
/// </summary>
internal sealed class TensorEmitter
{
    private const string TensorType = "global::TorchSharp.torch.Tensor";
    private const string Contract = "global::Probabilistic.Torch.Compilation.";
    private const string AddressType = "global::Probabilistic.Address";

    /// <summary>A tensor model the tensor particle program cannot run (the model still gets its scalar twin, and TensorSmc interprets it).</summary>
    public static readonly DiagnosticDescriptor NotTensorProgram = new("PROB020", "Tensor model without a tensor particle program",
        "'{0}' {1}: the tensor particle program is not generated and Infer.TensorSmc runs the model interpreted",
        "Probabilistic.Compiler", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    private readonly ParsedProgram _program;
    private readonly Dictionary<Variable, int> _defined = [];
    private readonly Dictionary<Variable, HashSet<int>> _readIn = [];
    private readonly Dictionary<Variable, string> _fields = [];
    private readonly Dictionary<Variable, FoldLoop> _foldOf = [];
    private readonly List<Variable> _scope = [];
    // The blocks' control flow (pass 1): successors, the blocks a particle resumes at after a score, and the folds'
    // carried states assigned in a block (the fold's start and the end of its step).
    private readonly Dictionary<int, HashSet<int>> _successors = [];
    private readonly List<int> _resumes = [];
    private readonly Dictionary<int, List<Variable>> _carryAssigned = [];
    private readonly Dictionary<int, HashSet<Variable>> _liveAtResume = [];
    private StringBuilder _out = new();
    private FoldLoop? _fold;
    private bool _final;
    private int _blocks, _current;

    private TensorEmitter(ParsedProgram program) => _program = program;

    /// <summary>
    /// Decides whether <paramref name="program"/> is a tensor model and, if so, whether the tensor particle program can run
    /// it (sets <see cref="TensorParts.Emit"/>); returns a <see cref="NotTensorProgram"/> warning per construct that stops it.
    /// </summary>
    public static List<Diagnostic> Prepare(ParsedProgram program, Location method)
    {
        var found = new List<Diagnostic>();
        var draws = new List<Draw>();
        var scores = new List<Score>();
        Collect(program.Body, draws, scores);
        if (program.Tensor.Scores.Count == 0 && !draws.Any(d => d.Distribution.ValueType == TensorType)) return found;
        foreach (var d in draws)
        {
            string name = d.Target.Name.StartsWith("__t", System.StringComparison.Ordinal) ? "Sample" : d.Target.Name;
            if (d.Count is not null)
                found.Add(Diagnostic.Create(NotTensorProgram, d.Location, name, "is a Plate of draws (use a tensor distribution with a batch shape, or TensorModel.Plate)"));
            else if (d.Distribution.ValueType != TensorType)
                found.Add(Diagnostic.Create(NotTensorProgram, d.Location, name, $"draws a {d.Distribution.ValueType.Replace("global::", "")} (a tensor particle program draws tensors, from TensorDist.*)"));
        }
        foreach (var s in scores)
            if (!program.Tensor.Scores.ContainsKey(s))
                found.Add(Diagnostic.Create(NotTensorProgram, method, s.Description, "is a scalar score in a tensor model (use TensorModel.Observe or TensorModel.Factor)"));
        if (found.Count == 0)
        {
            var emitter = new TensorEmitter(program);
            emitter.Plan();
            var kept = emitter._liveAtResume.Values.SelectMany(l => l).Where(v => v.IsRandom && v.Type != TensorType).Distinct().OrderBy(v => v.Id);
            foreach (var v in kept)
                found.Add(Diagnostic.Create(NotTensorProgram, method, v.Name,
                    $"has type {v.Type.Replace("global::", "")} and is read after an observation (resampling selects the particles of tensors only)"));
        }
        program.Tensor.Emit = found.Count == 0;
        return found;
    }

    private static void Collect(List<Instruction> body, List<Draw> draws, List<Score> scores)
    {
        foreach (var i in body)
        {
            if (i is Draw d) draws.Add(d);
            else if (i is Score s) scores.Add(s);
            else if (i is FoldLoop f) Collect(f.Body, draws, scores);
        }
    }

    /// <summary>Appends the tensor program's types and the twin's <c>ITensorCompiledModel</c> part to <paramref name="sb"/>, when <see cref="Prepare"/> allowed it.</summary>
    public static void WriteTypes(StringBuilder sb, ParsedProgram program, string name, string result, string display, (string Type, string Name)[] parameterList)
    {
        if (!program.Tensor.Emit) return;
        var emitter = new TensorEmitter(program);
        emitter.Plan();
        emitter._final = true;
        emitter._out = new StringBuilder();
        emitter.Emit();
        emitter.Write(sb, name, result, display, parameterList);
    }

    // Pass 1: where each variable is defined and read; one read in another case than its definition's needs a field.
    private void Plan()
    {
        Emit();
        foreach (var f in _program.Folds)
        {
            if (f.Previous is not null)
            {
                _fields[f.Previous] = f.CarryField;
                _foldOf[f.Previous] = f;
            }
            if (f.Step is not null)
            {
                _fields[f.Step] = f.StepField;
                _foldOf[f.Step] = f;
            }
        }
        foreach (var v in _program.Variables)
            if (!_fields.ContainsKey(v) && _readIn.TryGetValue(v, out var blocks) && _defined.TryGetValue(v, out int d) && blocks.Any(b => b != d))
                _fields[v] = "__v" + v.Id + "_" + v.Name.TrimStart('@');
        Liveness();
    }

    private void Edge(int from, int to)
    {
        if (!_successors.TryGetValue(from, out var set)) _successors[from] = set = [];
        set.Add(to);
    }

    // Which variables kept in fields are live where a particle resumes (read on some path from there before being
    // assigned again): the least fixed point of live(b) = use(b) ∪ (∪ live(successors) − assigned(b)) over the blocks.
    // Resampling selects the particles of those only.
    private void Liveness()
    {
        var kept = _fields.Keys.ToList();
        var use = new Dictionary<int, HashSet<Variable>>();
        var assigned = new Dictionary<int, HashSet<Variable>>();
        for (int b = 0; b < _blocks; b++)
        {
            use[b] = [.. kept.Where(v => _readIn.TryGetValue(v, out var r) && r.Contains(b) && (!_defined.TryGetValue(v, out int d) || d != b))];
            assigned[b] = [.. kept.Where(v => _defined.TryGetValue(v, out int d) && d == b)];
            if (_carryAssigned.TryGetValue(b, out var carries)) assigned[b].UnionWith(carries);
        }
        var live = Enumerable.Range(0, _blocks).ToDictionary(b => b, b => new HashSet<Variable>(use[b]));
        for (bool changed = true; changed;)
        {
            changed = false;
            for (int b = _blocks - 1; b >= 0; b--)
            {
                if (!_successors.TryGetValue(b, out var next)) continue;
                foreach (var s in next)
                    foreach (var v in live[s])
                        if (!assigned[b].Contains(v) && live[b].Add(v)) changed = true;
            }
        }
        foreach (int r in _resumes) _liveAtResume[r] = live[r];
    }

    private string? FieldOf(Variable v) => _fields.TryGetValue(v, out var f) ? f : null;

    private void Emit()
    {
        _blocks = 0;
        _scope.Clear();
        StartBlock(NewBlock());
        EmitAll(_program.Body);
        Read(_program.Result);
        Line($"this.__result = @{_program.Result.Code};");
        Line("this.Pc = -1;");
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
        if (_final && FieldOf(v) is { } field && _readIn.TryGetValue(v, out var b) && b.Contains(_current) && (!_defined.TryGetValue(v, out int d) || d != _current))
            Line($"{v.Type} @{v.Code} = this.{field};");
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

    private void Define(Variable v, string expression, bool sideEffect)
    {
        _defined[v] = _current;
        _scope.Add(v);
        if (!v.IsRead)
        {
            if (sideEffect) Line(expression + ";");
            return;
        }
        Line($"{v.Type} @{v.Code} = {expression};");
        if (_final && FieldOf(v) is { } field) Line($"this.{field} = @{v.Code};");
    }

    // The address the interpreter resolves for a local address: under the fold's step prefix name/t inside a fold step.
    private string Address(string local) =>
        _fold is null ? $"(({AddressType})({local}))"
            : $"((({AddressType})({_fold.NameExpression})).Child(this.{_fold.StepField}) / ({AddressType})({local}))";

    private void EmitAll(List<Instruction> body)
    {
        foreach (var i in body)
        {
            switch (i)
            {
                case Let let:
                    Reads(let);
                    Define(let.Target, let.Expression, sideEffect: false);
                    break;
                case Draw draw:
                    Reads(draw);
                    Define(draw.Target, $"__step.Sample({Address(draw.Name!)}, {draw.Distribution.Expression})", sideEffect: true);
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

    private void EmitScore(Score score)
    {
        string? factor = _program.Tensor.Scores[score];
        Line(factor is not null
            ? $"__w = __step.Factor({factor});"
            : $"__w = __step.Observe({(score.Address is null ? "null" : Address(score.Address))}, {score.Distribution!.Expression}, {score.Value});");
        int next = NewBlock();
        if (!_final)
        {
            Edge(_current, next);
            _resumes.Add(next);
        }
        Line($"this.Pc = {next};");
        Line("return true;");
        EndBlock();
        StartBlock(next);
    }

    private void EmitFold(FoldLoop fold)
    {
        int head = NewBlock(), exit = NewBlock();
        Line($"this.{fold.CarryField} = {fold.Init};");
        Line($"this.{fold.StepField} = 0;");
        Line($"goto case {head};");
        CarryAssigned(fold);
        Edge(_current, head);
        EndBlock();

        _fold = fold;
        StartBlock(head);
        Line($"if (this.{fold.StepField} >= __p.{fold.StepsField}) goto case {exit};");
        Edge(head, exit);
        int scopeDepth = _scope.Count;
        foreach (var v in new[] { fold.Previous, fold.Step })
        {
            if (v is null) continue;
            _scope.Add(v);
            Load(v);
        }
        EmitAll(fold.Body);
        Read(fold.BodyValue);
        Line($"this.{fold.CarryField} = @{fold.BodyValue.Code};");
        Line($"this.{fold.StepField}++;");
        Line($"goto case {head};");
        CarryAssigned(fold);
        Edge(_current, head);
        EndBlock();
        _scope.RemoveRange(scopeDepth, _scope.Count - scopeDepth);
        _fold = null;

        StartBlock(exit);
        Define(fold.Target, $"this.{fold.CarryField}", sideEffect: false);
    }

    private void CarryAssigned(FoldLoop fold)
    {
        if (fold.Previous is null) return;
        if (!_carryAssigned.TryGetValue(_current, out var list)) _carryAssigned[_current] = list = [];
        list.Add(fold.Previous);
    }

    private IEnumerable<(string Type, string Name)> StateFields()
    {
        foreach (var f in _program.Folds)
        {
            yield return (f.CarryType, f.CarryField);
            yield return ("int", f.StepField);
        }
        foreach (var v in _program.Variables)
            if (FieldOf(v) is { } field && !_foldOf.ContainsKey(v)) yield return (v.Type, field);
    }

    // The fields resampled where a particle resumes at block r: the per-particle tensors (random values) live there.
    private IEnumerable<string> ResampledAt(int r) => ResampledValuesAt(r).Select(v => _fields[v]);

    private IEnumerable<Variable> ResampledValuesAt(int r) =>
        _liveAtResume[r].Where(v => v.IsRandom && v.Type == TensorType).OrderBy(v => _fields[v], System.StringComparer.Ordinal);


    private void Write(StringBuilder sb, string name, string result, string display, (string Type, string Name)[] parameterList)
    {
        string state = name + "TensorState", prog = name + "TensorProgram", twin = name + "Twin";
        string d = ProgramEmitter.Escape(display);
        string ctorParams = string.Join(", ", parameterList.Select(p => p.Type + " " + p.Name));
        var fields = StateFields().ToList();

        sb.Append("\n    partial class ").Append(twin).Append(" : ").Append(Contract).Append("ITensorCompiledModel\n    {\n");
        sb.Append("        public ").Append(Contract).Append("ITensorParticleProgram TensorProgram() => new ").Append(prog).Append('(')
          .Append(string.Join(", ", parameterList.Select(p => "this." + p.Name))).Append(");\n    }\n\n");

        sb.Append("    /// <summary>").Append(display).Append(" as a tensor particle program: the arguments and the folds' sizes.</summary>\n");
        sb.Append("    internal sealed class ").Append(prog).Append(" : ").Append(Contract).Append("ITensorParticleProgram\n    {\n");
        foreach (var (ptype, pname) in parameterList) sb.Append("        internal readonly ").Append(ptype).Append(' ').Append(pname).Append(";\n");
        foreach (var l in _program.Locals) sb.Append("        internal readonly ").Append(l.Type).Append(' ').Append(l.Code).Append(";\n");
        foreach (var f in _program.Folds) sb.Append("        internal readonly int ").Append(f.StepsField).Append(";\n");
        sb.Append("\n        public ").Append(prog).Append('(').Append(ctorParams).Append(")\n        {\n");
        foreach (var (_, pname) in parameterList) sb.Append("            this.").Append(pname).Append(" = ").Append(pname).Append(";\n");
        foreach (var l in _program.Locals)
            sb.Append("            ").Append(l.Type).Append(' ').Append(l.Code).Append(" = ").Append(l.Expression).Append(";\n            this.").Append(l.Code).Append(" = ").Append(l.Code).Append(";\n");
        foreach (var f in _program.Folds)
        {
            sb.Append("            this.").Append(f.StepsField).Append(" = ").Append(f.StepsExpression).Append(";\n");
            // Fold(name, steps, ...) checks its steps as the interpreter's Fold does (same exception, same message).
            sb.Append("            if (this.").Append(f.StepsField).Append(" < 0) throw new global::System.ArgumentOutOfRangeException(\"steps\", this.").Append(f.StepsField)
              .Append(", $\"Fold '{(").Append(AddressType).Append(')').Append(f.NameExpression).Append("}': the number of steps must be non-negative.\");\n");
        }
        int straight = _program.Body.OfType<Score>().Count();
        var terms = new[] { straight.ToString(System.Globalization.CultureInfo.InvariantCulture) }
            .Concat(_program.Folds.Where(f => f.Body.OfType<Score>().Any()).Select(f => f.Body.OfType<Score>().Count() + " * this." + f.StepsField));
        sb.Append("            this.Steps = checked(").Append(string.Join(" + ", terms)).Append(");\n        }\n\n");
        sb.Append("        public int Steps { get; }\n\n");
        sb.Append("        public ").Append(Contract).Append("ITensorParticleState Start() => new ").Append(state).Append("(this);\n    }\n\n");

        sb.Append("    /// <summary>The population of ").Append(display).Append("'s tensor particle program: the program counter, the folds' carried states and step indices, the values read after a score (per-particle tensors lead with the particle dimension).</summary>\n");
        sb.Append("    internal sealed class ").Append(state).Append(" : ").Append(Contract).Append("ITensorParticleState\n    {\n");
        sb.Append("        private readonly ").Append(prog).Append(" __p;\n");
        sb.Append("        internal int Pc;\n");
        sb.Append("        internal ").Append(result).Append(" __result = default!;\n");
        foreach (var (type, field) in fields) sb.Append("        internal ").Append(type).Append(' ').Append(field).Append(" = default!;\n");
        sb.Append("\n        public ").Append(state).Append('(').Append(prog).Append(" program) => this.__p = program;\n\n");
        sb.Append("        public ").Append(TensorType).Append(" Advance(").Append(Contract).Append("TensorParticleStep step)\n        {\n");
        sb.Append("            if (!Run(step, out var w)) throw new global::System.InvalidOperationException(\"").Append(d).Append(": Advance was called after the program's last score (it makes Steps scores).\");\n");
        sb.Append("            return w;\n        }\n\n");
        sb.Append("        public void Finish(").Append(Contract).Append("TensorParticleStep step)\n        {\n");
        sb.Append("            if (this.Pc != -1 && Run(step, out _)) throw new global::System.InvalidOperationException(\"").Append(d).Append(": Finish was called before the program's last score (call Advance Steps times first).\");\n");
        sb.Append("        }\n\n");
        sb.Append("        public void Resample(").Append(TensorType).Append(" ancestors)\n        {\n");
        // Only the values live where the particles resume: a field read later from this program counter on.
        sb.Append("            switch (this.Pc)\n            {\n");
        foreach (int r in _resumes.Where(r => ResampledAt(r).Any()))
        {
            sb.Append("            case ").Append(r).Append(":\n");
            foreach (var v in ResampledValuesAt(r))
                sb.Append("                this.").Append(_fields[v]).Append(" = ").Append(Contract).Append("TensorParticleStep.Resample(this.").Append(_fields[v])
                    .Append(", ancestors, \"").Append(d).Append("\", \"").Append(ProgramEmitter.Escape(v.Name)).Append("\");\n");
            sb.Append("                break;\n");
        }
        sb.Append("            }\n        }\n\n");
        sb.Append("        public global::System.Collections.Generic.IEnumerable<").Append(TensorType).Append("> Tensors\n        {\n            get\n            {\n");
        foreach (var (_, field) in fields.Where(f => f.Type == TensorType))
            sb.Append("                if (this.").Append(field).Append(" is not null) yield return this.").Append(field).Append(";\n");
        if (result == TensorType) sb.Append("                if (this.__result is not null) yield return this.__result;\n");
        sb.Append("                yield break;\n            }\n        }\n\n");
        sb.Append("        private bool Run(").Append(Contract).Append("TensorParticleStep __step, out ").Append(TensorType).Append(" __w)\n        {\n");
        sb.Append("            var __p = this.__p;\n");
        foreach (var pname in parameterList.Select(p => p.Name).Concat(_program.Locals.Select(l => l.Code))) sb.Append("            var ").Append(pname).Append(" = __p.").Append(pname).Append(";\n");
        sb.Append("            __w = null!;\n            switch (this.Pc)\n            {\n");
        sb.Append(_out);
        sb.Append("            default:\n                return false;\n            }\n        }\n    }\n");
    }
}
