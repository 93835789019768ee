using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Probabilistic.Compiler;

/// <summary>
/// Writes the generated reverse-mode gradient of a model's log density over <c>double</c> (issue #16, "Generated
/// gradients"): <c>TryLogDensityGradient</c> of <c>ICompiledGradient</c>, a forward pass that computes every value into
/// <c>double</c> locals (arrays for a Plate, a map over an array and a Fold's carried states) and a reverse pass whose
/// adjoints are locals (adjoint arrays for the arrays), no tape (Griewank &amp; Walther, "Evaluating Derivatives", 2nd ed.,
/// §3.2, the reverse sweep of an evaluation procedure; a loop's body is recomputed in the reverse sweep from its stored
/// inputs, §12.2 "checkpointing" with one checkpoint per iteration). The fragment it knows: + − * / and unary − on reals,
/// constants, the method's data, <c>RealMath.Exp/Log/Sqrt</c> and <c>Pow</c> with a constant exponent, a conditional
/// on data, Normal choices (identity bijector) and HalfNormal, HalfCauchy, Exponential, Gamma (constant shape) and
/// LogNormal choices through the exp bijector (x = e^θ, log |J| = θ), observations of those families, Factor, Plate,
/// <c>a.Select(t =&gt; …).ToArray()</c>, and Fold with a real or no carried state. Anything else (a user function, another
/// distribution, a vector-valued value) makes <see cref="Write"/> return null: the model keeps the compiled tape.
/// </summary>
internal static class GradientEmitter
{
    private const string RealType = "global::Probabilistic.Real";
    private const string RealArray = "global::Probabilistic.Real[]";
    private const string UnitType = "global::Probabilistic.Unit";
    // A forward-only line (an addition to the log density, a value only the log density reads, a domain check, a plate's
    // store): left out when a loop body is recomputed in the reverse sweep.
    private const string LpMark = "\u0001";

    /// <summary>The method's text (class-member indentation), or null when the program leaves the fragment.</summary>
    public static string? Write(ParsedProgram program, string display, IEnumerable<string> parameterTypes, IEnumerable<string> parameterNames)
    {
        LastDeclined = null;
        if (parameterTypes.Any(t => t.Contains("Probabilistic.Real")))
        {
            LastDeclined = "a parameter is a real";
            return null;
        }
        try
        {
            var w = new Writer(program, new HashSet<string>(parameterNames.Select(n => n.TrimStart('@'))));
            var top = new Scope(null);
            foreach (var i in program.Body) w.Statement(i, top);
            var sb = new StringBuilder();
            void L(int indent, string s) => sb.Append(' ', 4 * indent).Append(s).Append('\n');
            L(2, "/// <inheritdoc />");
            L(2, "public bool TryLogDensityGradient(global::System.ReadOnlySpan<double> __theta, global::System.Span<double> __gradient, out double __logDensity)");
            L(2, "{");
            L(3, "if (__gradient.Length != __theta.Length) throw new global::System.ArgumentException($\"" + ProgramEmitter.Escape(display) + ": the gradient buffer has {__gradient.Length} coordinates; θ has {__theta.Length}.\", nameof(__gradient));");
            L(3, "__logDensity = double.NegativeInfinity;");
            foreach (var p in parameterNames) L(3, "var " + p + " = this." + p + ";");
            L(3, "double __lp = 0;");
            L(3, "int __k = 0;");
            foreach (var line in top.Forward) L(3, line.Replace(LpMark, ""));
            L(3, "if (__k != __theta.Length) throw new global::System.ArgumentException($\"" + ProgramEmitter.Escape(display) + ": θ has {__theta.Length} coordinates; the density has {__k}.\", nameof(__theta));");
            // A non-finite value (a rejected parameter, an observation of density zero, a NaN factor): the tape's path reports it.
            L(3, "if (!double.IsFinite(__lp)) return false;");
            foreach (var line in top.Reverse()) L(3, line);
            L(3, "__logDensity = __lp;");
            L(3, "return true;");
            L(2, "}");
            return sb.ToString();
        }
        catch (UnsupportedException e)
        {
            LastDeclined = e.Message;
            return null;
        }
    }

    private sealed class UnsupportedException(string reason) : Exception(reason)
    {
    }

    /// <summary>Why the last <see cref="Write"/> on this thread returned null (for the generator's tests), or null.</summary>
    [ThreadStatic]
    internal static string? LastDeclined;

    private static UnsupportedException Unsupported([System.Runtime.CompilerServices.CallerLineNumber] int line = 0) => new("GradientEmitter.cs line " + line);

    private static UnsupportedException Unsupported(SyntaxNode node, [System.Runtime.CompilerServices.CallerLineNumber] int line = 0) =>
        new("GradientEmitter.cs line " + line + ": " + node);

    /// <summary>Where an operand's adjoint goes: a temporary declared by its one reader, or an adjoint variable added to.</summary>
    private sealed class Operand(string code, string? sink, bool temporary)
    {
        public string Code { get; } = code;
        public string? Sink { get; } = sink;
        public bool Temporary { get; } = temporary;
        public bool Active => Sink is not null;
    }

    /// <summary>Lines of one scope: its forward pass, the adjoints its reverse pass declares, and its reverse chunks in forward order.</summary>
    private sealed class Scope(Scope? parent)
    {
        public Scope? Parent { get; } = parent;
        public List<string> Forward { get; } = [];
        public List<string> Declarations { get; } = [];
        public List<List<string>> Chunks { get; } = [];
        /// <summary>Identifier → (value code, adjoint name, is an array) for the reals of this scope.</summary>
        public Dictionary<string, (string Value, string Adjoint, bool IsArray)> Names { get; } = [];

        public bool TryFind(string name, out (string Value, string Adjoint, bool IsArray) v)
        {
            for (var s = this; s is not null; s = s.Parent)
                if (s.Names.TryGetValue(name, out v)) return true;
            v = default;
            return false;
        }

        // The reverse sweep: declarations, then the chunks last first.
        public IEnumerable<string> Reverse()
        {
            foreach (var d in Declarations) yield return d;
            for (int c = Chunks.Count - 1; c >= 0; c--)
                foreach (var line in Chunks[c]) yield return line;
        }

        // The forward lines a reverse loop recomputes: everything but the additions to the log density.
        public IEnumerable<string> Recompute() => Forward.Where(l => !l.StartsWith(LpMark, StringComparison.Ordinal));
    }

    private sealed class Writer(ParsedProgram program, HashSet<string> parameters)
    {
        private int _temp;
        private readonly HashSet<string> _indices = []; // the plates' element indices (ints the distributions may read)

        private string Fresh(string prefix) => prefix + _temp++;

        // ---- statements -------------------------------------------------------------------------------------------

        public void Statement(Instruction i, Scope s)
        {
            switch (i)
            {
                case Let let: Let(let, s); break;
                case Draw { Count: { } count } plate: Plate(plate, count, s); break;
                case Draw draw:
                    {
                        string name = "@" + draw.Target.Code, adjoint = Adjoint(draw.Target.Code);
                        s.Names[draw.Target.Code] = (name, adjoint, false);
                        s.Declarations.Add("double " + adjoint + " = 0;");
                        Choice(draw.Distribution, name, "double " + name, adjoint, s);
                        break;
                    }
                case Score score: Score(score, s); break;
                case FoldLoop fold: Fold(fold, s); break;
                default: throw Unsupported();
            }
        }

        private static string Adjoint(string code) => "__g_" + code;

        private static bool IsReal(string type) => type is RealType or RealArray;

        private void Let(Let let, Scope s)
        {
            var t = let.Target;
            // Nothing reads it (or only the model's return value does): it adds nothing to the value or the gradient.
            if (!t.IsRead || ReferenceEquals(t, program.Result)) return;
            if (t.Type == UnitType) return;
            if (t.Type is "int" or "double" or "bool" or "long")
            {
                // Data: written as the density writes it, when it reads no real.
                if (let.Reads.Any(v => IsReal(v.Type))) throw Unsupported();
                s.Forward.Add(t.Type + " @" + t.Code + " = " + let.Expression + ";");
                return;
            }
            string adjoint = Adjoint(t.Code);
            if (t.Type == RealType)
            {
                var e = Expression(Parse(let.Expression), s);
                s.Forward.Add("double @" + t.Code + " = " + e.Code + ";");
                s.Names[t.Code] = ("@" + t.Code, adjoint, false);
                s.Declarations.Add("double " + adjoint + " = 0;");
                if (e.Active) s.Chunks.Add([AddTo(e, adjoint)]);
                return;
            }
            if (t.Type == RealArray)
            {
                if (Strip(Parse(let.Expression)) is IdentifierNameSyntax alias && s.TryFind(alias.Identifier.ValueText, out var aliased) && aliased.IsArray)
                {
                    s.Names[t.Code] = aliased; // another name for the same array (and adjoint)
                    return;
                }
                Map(Parse(let.Expression), t, s);
                return;
            }
            throw Unsupported();
        }

        // x.Select(v => body).ToArray(), x an array of reals: one element per element, the body differentiated per element.
        private void Map(ExpressionSyntax e, Variable target, Scope s)
        {
            e = Strip(e);
            if (e is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.Text: "ToArray", Expression: InvocationExpressionSyntax select }, ArgumentList.Arguments.Count: 0 }
                || select.Expression is not MemberAccessExpressionSyntax { Name.Identifier.Text: "Select" } selectAccess
                || select.ArgumentList.Arguments.Count != 1
                || select.ArgumentList.Arguments[0].Expression is not SimpleLambdaExpressionSyntax { ExpressionBody: { } body } lambda
                || Strip(selectAccess.Expression) is not IdentifierNameSyntax source
                || !s.TryFind(source.Identifier.ValueText, out var array) || !array.IsArray)
                throw Unsupported(e);
            string name = "@" + target.Code, adjoint = Adjoint(target.Code), m = Fresh("__m"), element = Fresh("__l");
            var inner = new Scope(s);
            inner.Names[lambda.Parameter.Identifier.ValueText] = (element, Adjoint(element), false);
            inner.Forward.Add("double " + element + " = " + array.Value + "[" + m + "];");
            inner.Declarations.Add("double " + Adjoint(element) + " = 0;");
            var value = Expression(body, inner);
            string header = "for (int " + m + " = 0; " + m + " < " + name + ".Length; " + m + "++)";
            s.Forward.Add("double[] " + name + " = new double[" + array.Value + ".Length];");
            s.Forward.Add(header);
            s.Forward.Add("{");
            s.Forward.AddRange(Indent(inner.Forward));
            s.Forward.Add("    " + name + "[" + m + "] = " + value.Code + ";");
            s.Forward.Add("}");
            s.Names[target.Code] = (name, adjoint, true);
            s.Declarations.Add("double[] " + adjoint + " = new double[" + name + ".Length];");
            if (value.Active) inner.Chunks.Add([AddTo(value, adjoint + "[" + m + "]")]);
            var chunk = new List<string> { header, "{" };
            chunk.AddRange(Indent(inner.Recompute()));
            chunk.AddRange(Indent(inner.Reverse()));
            chunk.Add("    " + array.Adjoint + "[" + m + "] += " + Adjoint(element) + ";");
            chunk.Add("}");
            s.Chunks.Add(chunk);
        }

        private void Plate(Draw plate, string count, Scope s)
        {
            string name = "@" + plate.Target.Code, adjoint = Adjoint(plate.Target.Code), n = "__n" + plate.Target.Id, kp = "__kp" + plate.Target.Id, i = plate.Index;
            s.Forward.Add("int " + n + " = " + count + ";");
            s.Forward.Add("if (" + n + " < 0) return false;");
            s.Forward.Add("int " + kp + " = __k;");
            s.Forward.Add("double[] " + name + " = new double[" + n + "];");
            s.Names[plate.Target.Code] = (name, adjoint, true);
            s.Declarations.Add("double[] " + adjoint + " = new double[" + name + ".Length];");
            var inner = new Scope(s);
            _indices.Add(i);
            Choice(plate.Distribution, name + "[" + i + "]", name + "[" + i + "]", adjoint + "[" + i + "]", inner);
            string header = "for (int " + i + " = 0; " + i + " < " + name + ".Length; " + i + "++)";
            s.Forward.Add(header);
            s.Forward.Add("{");
            s.Forward.AddRange(Indent(inner.Forward));
            s.Forward.Add("}");
            var chunk = new List<string> { header, "{", "    __k = " + kp + " + " + i + ";" };
            chunk.AddRange(Indent(inner.Recompute()));
            chunk.AddRange(Indent(inner.Reverse()));
            chunk.Add("}");
            s.Chunks.Add(chunk);
        }

        private void Fold(FoldLoop fold, Scope s)
        {
            bool real = fold.CarryType == RealType;
            if (!real && fold.CarryType != UnitType) throw Unsupported();
            if (fold.Body.Any(i => i is FoldLoop or Draw { Count: not null })) throw Unsupported();
            int perStep = fold.Body.Count(i => i is Draw);
            string t = "__t" + fold.Index, kf = "__kf" + fold.Index, states = "__cs" + fold.Index, carry = "__gc" + fold.Index, steps = "this." + fold.StepsField;
            s.Forward.Add("int " + kf + " = __k;");
            Operand? init = null;
            if (real)
            {
                init = Expression(Parse(fold.Init), s);
                s.Forward.Add("double[] " + states + " = new double[" + steps + " + 1];");
                s.Forward.Add(states + "[0] = " + init.Code + ";");
                s.Declarations.Add("double " + carry + " = 0;");
                if (init.Active) s.Chunks.Add([AddTo(init, carry)]);
            }
            var inner = new Scope(s);
            var prologue = new List<string>();
            if (fold.Previous is { } prev)
            {
                if (real)
                {
                    prologue.Add("double @" + prev.Code + " = " + states + "[" + t + "];");
                    inner.Names[prev.Code] = ("@" + prev.Code, Adjoint(prev.Code), false);
                    inner.Declarations.Add("double " + Adjoint(prev.Code) + " = 0;");
                }
                else if (prev.IsRead) throw Unsupported();
            }
            if (fold.Step is { } step) prologue.Add("int @" + step.Code + " = " + t + ";");
            foreach (var i in fold.Body) Statement(i, inner);
            string? bodyAdjoint = null;
            if (real)
            {
                if (!inner.TryFind(fold.BodyValue.Code, out var bodyValue) || bodyValue.IsArray) throw Unsupported();
                bodyAdjoint = bodyValue.Adjoint;
            }

            s.Forward.Add("for (int " + t + " = 0; " + t + " < " + steps + "; " + t + "++)");
            s.Forward.Add("{");
            s.Forward.AddRange(Indent(prologue));
            s.Forward.AddRange(Indent(inner.Forward));
            if (real) s.Forward.Add("    " + states + "[" + t + " + 1] = @" + fold.BodyValue.Code + ";");
            s.Forward.Add("}");
            if (real && fold.Target.IsRead)
            {
                s.Forward.Add("double @" + fold.Target.Code + " = " + states + "[" + steps + "];");
                s.Names[fold.Target.Code] = ("@" + fold.Target.Code, Adjoint(fold.Target.Code), false);
                s.Declarations.Add("double " + Adjoint(fold.Target.Code) + " = 0;");
            }

            // Reverse: the steps last first, each recomputed from its carried state; the carry's adjoint flows to the previous step.
            var chunk = new List<string>();
            if (real && fold.Target.IsRead) chunk.Add(carry + " += " + Adjoint(fold.Target.Code) + ";");
            chunk.Add("for (int " + t + " = " + steps + " - 1; " + t + " >= 0; " + t + "--)");
            chunk.Add("{");
            chunk.Add("    __k = " + kf + " + " + t + " * " + perStep + ";");
            chunk.AddRange(Indent(prologue));
            chunk.AddRange(Indent(inner.Recompute()));
            chunk.AddRange(Indent(inner.Declarations));
            if (real) chunk.Add("    " + bodyAdjoint + " += " + carry + ";");
            for (int c = inner.Chunks.Count - 1; c >= 0; c--) chunk.AddRange(Indent(inner.Chunks[c]));
            if (real) chunk.Add("    " + carry + " = " + (fold.Previous is { } p ? Adjoint(p.Code) : "0") + ";");
            chunk.Add("}");
            s.Chunks.Add(chunk);
        }

        private static IEnumerable<string> Indent(IEnumerable<string> lines) =>
            lines.Select(l => l.StartsWith(LpMark, StringComparison.Ordinal) ? LpMark + "    " + l.Substring(1) : "    " + l);

        // ---- choices and scores -----------------------------------------------------------------------------------

        // One latent choice: x = T(θ_k), log |T'| and log p(x) added; the gradient of θ_k from x's adjoint.
        private void Choice(Distribution d, string value, string declaration, string adjoint, Scope s)
        {
            string ki = Fresh("__ki");
            var (family, args) = Family(d, s);
            bool positive = family != "Normal";
            s.Forward.Add("int " + ki + " = __k;");
            s.Forward.Add((declaration.StartsWith("double ", StringComparison.Ordinal) ? "" : LpMark) + declaration + " = " + (positive ? "global::System.Math.Exp(__theta[__k])" : "__theta[__k]") + ";");
            s.Forward.Add("__k++;");
            // The exp bijector (Stan Reference Manual, "Lower bounded scalar"): x = e^θ, log |dx/dθ| = θ, d/dθ = 1.
            if (positive) s.Forward.Add(LpMark + "__lp += __theta[" + ki + "];");
            // ∂lp/∂θ = (adjoint of x) · dx/dθ (+ 1 for the Jacobian term); runs after every use of x has added to its adjoint.
            s.Chunks.Add(["__gradient[" + ki + "] = " + (positive ? adjoint + " * " + value + " + 1.0;" : adjoint + ";")]);
            LogDensity(family, args, new Operand(value, adjoint, false), s);
        }

        private void Score(Score score, Scope s)
        {
            if (score.Distribution is { } d)
            {
                if (d.Family is Compiler.Family.Bernoulli or Compiler.Family.Categorical)
                {
                    // A constant term (the parameters and value are data): its value only, as the density writes it.
                    if (score.Reads.Any(v => v.IsRandom || IsReal(v.Type))) throw Unsupported();
                    string x = Fresh("__o");
                    s.Forward.Add("var " + x + " = (" + d.ValueType + ")(" + score.Value + ");");
                    s.Forward.Add(LpMark + "__lp += global::Probabilistic.Distributions." + d.Family + ".LogDensity(" + x + ", " + d.Arguments[0] + ");");
                    return;
                }
                if (d.ValueType != RealType) throw Unsupported();
                var (family, args) = Family(d, s);
                var value = Expression(Parse(score.Value!), s);
                LogDensity(family, args, value, s);
                return;
            }
            var w = Expression(Parse(score.LogWeight!), s);
            string lw = Temp(w.Code, s);
            s.Forward.Add(LpMark + "__lp += " + lw + ";");
            // d lp / d w = 1.
            if (w.Active) s.Chunks.Add([AddTo(w, "1.0")]);
        }

        // The family and its parameters as operands (the Normal family's from the parser's arguments; the others from Dist.F(…)).
        private (string Family, Operand[] Args) Family(Distribution d, Scope s)
        {
            if (d.Family == Compiler.Family.Normal)
                return ("Normal", [Expression(Argument(d.Arguments[0]), s), Expression(Argument(d.Arguments[1]), s)]);
            if (d.Family != Compiler.Family.General) throw Unsupported();
            var e = Strip(Parse(d.Expression));
            if (e is not InvocationExpressionSyntax call) throw Unsupported();
            string name = call.Expression switch
            {
                MemberAccessExpressionSyntax m when m.Expression.ToString() is "global::Probabilistic.Distributions.Dist" or "Dist" => m.Name.Identifier.Text,
                IdentifierNameSyntax id => id.Identifier.Text,
                _ => throw Unsupported(),
            };
            int arity = name switch { "HalfNormal" or "HalfCauchy" or "Exponential" => 1, "Gamma" or "LogNormal" => 2, _ => throw Unsupported() };
            if (call.ArgumentList.Arguments.Count != arity || call.ArgumentList.Arguments.Any(a => a.NameColon is not null || !a.RefKindKeyword.IsKind(SyntaxKind.None)))
                throw Unsupported();
            var args = call.ArgumentList.Arguments.Select(a => Expression(a.Expression, s)).ToArray();
            if (name == "Gamma" && args[0].Active) throw Unsupported(); // ∂/∂α needs digamma: left to the tape
            return (name, args);
        }

        // A direct family's argument as the parser wrote it ("(e).Value" of a real, "(double)(e)" of data): e.
        private static ExpressionSyntax Argument(string text)
        {
            var e = Strip(Parse(text));
            if (e is MemberAccessExpressionSyntax { Name.Identifier.Text: "Value" } m) return m.Expression;
            return e;
        }

        // log p(x | args) added to the log density; the partials added to the operands' adjoints (the distributions' own
        // formulas, Distributions/Continuous/*.cs, whose values these are to the bit where the operations are the same).
        private void LogDensity(string family, Operand[] args, Operand x, Scope s)
        {
            string v = Fresh("__lv"), xs = x.Code;
            string a0 = Temp(args[0].Code, s), a1 = args.Length > 1 ? Temp(args[1].Code, s) : "";
            var partials = new List<(Operand Operand, string Partial)>();
            string P(string p) => Fresh(p);
            switch (family)
            {
                case "Normal":
                    {
                        // log N(x; μ, σ) = −z²/2 − log σ − ½ log 2π, z = (x − μ)/σ: ∂x = −z/σ, ∂μ = z/σ, ∂σ = (z² − 1)/σ.
                        string inv = P("__inv"), z = P("__z");
                        s.Forward.Add(LpMark + "if (!double.IsFinite(" + a0 + ") || !(" + a1 + " > 0) || double.IsPositiveInfinity(" + a1 + ")) return false;");
                        s.Forward.Add(LpMark + "double " + v + " = global::Probabilistic.Distributions.Normal.LogDensity(" + xs + ", " + a0 + ", " + a1 + ");");
                        s.Forward.Add("double " + inv + " = 1.0 / " + a1 + ", " + z + " = (" + xs + " - " + a0 + ") * " + inv + ";");
                        partials.Add((x, "-" + z + " * " + inv));
                        partials.Add((args[0], z + " * " + inv));
                        partials.Add((args[1], "(" + z + " * " + z + " - 1) * " + inv));
                        break;
                    }
                case "HalfNormal":
                    {
                        // log p = ½ log(2/π) − log σ − z²/2, z = x/σ (x ≥ 0): ∂x = −z/σ, ∂σ = (z² − 1)/σ.
                        string inv = P("__inv"), z = P("__z");
                        Positive(a0, s);
                        s.Forward.Add(LpMark + "if (!(" + xs + " >= 0 && " + xs + " < double.PositiveInfinity)) return false;");
                        s.Forward.Add("double " + inv + " = 1.0 / " + a0 + ", " + z + " = " + xs + " * " + inv + ";");
                        s.Forward.Add(LpMark + "double " + v + " = -0.22579135264472743236 - global::System.Math.Log(" + a0 + ") - 0.5 * " + z + " * " + z + ";");
                        partials.Add((x, "-" + z + " * " + inv));
                        partials.Add((args[0], "(" + z + " * " + z + " - 1) * " + inv));
                        break;
                    }
                case "HalfCauchy":
                    {
                        // log p = log(2/(πσ)) − log(1 + z²), z = x/σ (x ≥ 0): ∂x = −2z/(σ(1 + z²)), ∂σ = (z² − 1)/(σ(1 + z²)).
                        string inv = P("__inv"), z = P("__z"), w = P("__w");
                        Positive(a0, s);
                        s.Forward.Add(LpMark + "if (!(" + xs + " >= 0 && " + xs + " < double.PositiveInfinity)) return false;");
                        s.Forward.Add("double " + inv + " = 1.0 / " + a0 + ", " + z + " = " + xs + " * " + inv + ", " + w + " = 1.0 / (1 + " + z + " * " + z + ");");
                        s.Forward.Add(LpMark + "double " + v + " = global::System.Math.Log(2 / (global::System.Math.PI * " + a0 + ")) - global::Probabilistic.Numerics.SpecialFunctions.Log1p(" + z + " * " + z + ");");
                        partials.Add((x, "-2 * " + z + " * " + w + " * " + inv));
                        partials.Add((args[0], "(" + z + " * " + z + " - 1) * " + w + " * " + inv));
                        break;
                    }
                case "Exponential":
                    // log p = log λ − λx (x ≥ 0): ∂x = −λ, ∂λ = 1/λ − x.
                    Positive(a0, s);
                    s.Forward.Add(LpMark + "if (!(" + xs + " >= 0 && " + xs + " < double.PositiveInfinity)) return false;");
                    s.Forward.Add(LpMark + "double " + v + " = global::System.Math.Log(" + a0 + ") - " + a0 + " * " + xs + ";");
                    partials.Add((x, "-" + a0));
                    partials.Add((args[0], "1 / " + a0 + " - " + xs));
                    break;
                case "Gamma":
                    // log p = α log β − log Γ(α) + (α − 1) log x − βx (x > 0, α constant): ∂x = (α − 1)/x − β, ∂β = α/β − x.
                    Positive(a0, s);
                    Positive(a1, s);
                    s.Forward.Add(LpMark + "if (!(" + xs + " > 0 && " + xs + " < double.PositiveInfinity)) return false;");
                    s.Forward.Add(LpMark + "double " + v + " = (" + a0 + " * global::System.Math.Log(" + a1 + ") - global::Probabilistic.Numerics.SpecialFunctions.LogGamma(" + a0 + ")) + (" + a0 + " - 1) * global::System.Math.Log(" + xs + ") - " + a1 + " * " + xs + ";");
                    partials.Add((x, "(" + a0 + " - 1) / " + xs + " - " + a1));
                    partials.Add((args[1], a0 + " / " + a1 + " - " + xs));
                    break;
                case "LogNormal":
                    {
                        // log p = −z²/2 − log σ − ½ log 2π − log x, z = (log x − μ)/σ: ∂x = −(z/σ + 1)/x, ∂μ = z/σ, ∂σ = (z² − 1)/σ.
                        string inv = P("__inv"), z = P("__z"), lx = P("__lx");
                        s.Forward.Add(LpMark + "if (!double.IsFinite(" + a0 + ")) return false;");
                        Positive(a1, s);
                        s.Forward.Add(LpMark + "if (!(" + xs + " > 0 && " + xs + " < double.PositiveInfinity)) return false;");
                        s.Forward.Add("double " + lx + " = global::System.Math.Log(" + xs + "), " + inv + " = 1.0 / " + a1 + ", " + z + " = (" + lx + " - " + a0 + ") * " + inv + ";");
                        s.Forward.Add(LpMark + "double " + v + " = -0.5 * " + z + " * " + z + " - global::System.Math.Log(" + a1 + ") - 0.91893853320467274178 - " + lx + ";");
                        partials.Add((x, "-(" + z + " * " + inv + " + 1) / " + xs));
                        partials.Add((args[0], z + " * " + inv));
                        partials.Add((args[1], "(" + z + " * " + z + " - 1) * " + inv));
                        break;
                    }
                default: throw Unsupported();
            }
            s.Forward.Add(LpMark + "__lp += " + v + ";");
            // d lp / d term = 1: each operand's adjoint takes its partial.
            var chunk = partials.Where(p => p.Operand.Active).Select(p => AddTo(p.Operand, p.Partial)).ToList();
            if (chunk.Count > 0) s.Chunks.Add(chunk);
        }

        private static void Positive(string a, Scope s) =>
            s.Forward.Add(LpMark + "if (!(" + a + " > 0) || double.IsPositiveInfinity(" + a + ")) return false;");

        // A value in a local (so a partial may read it twice without recomputing it): the code itself when it is a name.
        private string Temp(string code, Scope s)
        {
            if (SyntaxFacts.IsValidIdentifier(code.TrimStart('@'))) return code;
            string t = Fresh("__a");
            s.Forward.Add("double " + t + " = " + code + ";");
            return t;
        }

        // ---- expressions ------------------------------------------------------------------------------------------

        private static ExpressionSyntax Parse(string text) => SyntaxFactory.ParseExpression(text);

        private static ExpressionSyntax Strip(ExpressionSyntax e)
        {
            while (e is ParenthesizedExpressionSyntax p) e = p.Expression;
            return e;
        }

        // "its adjoint += g": a temporary's adjoint is declared by its one reader.
        private static string AddTo(Operand o, string g) =>
            o.Temporary ? "double " + o.Sink + " = " + g + ";" : o.Sink + " += " + g + ";";

        private Operand Node(string value, Scope s, Func<string, string, List<string>> reverse)
        {
            string v = Fresh("__v");
            s.Forward.Add("double " + v + " = " + value + ";");
            string g = "__g" + v;
            s.Chunks.Add(reverse(v, g));
            return new Operand(v, g, true);
        }

        private static Operand Constant(string code) => new("(" + code + ")", null, false);

        private Operand Expression(ExpressionSyntax e, Scope s)
        {
            switch (e)
            {
                case ParenthesizedExpressionSyntax p: return Expression(p.Expression, s);
                case LiteralExpressionSyntax lit when lit.IsKind(SyntaxKind.NumericLiteralExpression) || lit.IsKind(SyntaxKind.TrueLiteralExpression) || lit.IsKind(SyntaxKind.FalseLiteralExpression):
                    return Constant(lit.ToString());
                case CastExpressionSyntax cast:
                    {
                        string type = cast.Type.ToString();
                        var inner = Expression(cast.Expression, s);
                        if (type is RealType or "Real" or "Probabilistic.Real") return inner;
                        if (type is "double" && !inner.Active) return Constant("(double)" + inner.Code);
                        throw Unsupported();
                    }
                case IdentifierNameSyntax id:
                    {
                        string name = id.Identifier.ValueText;
                        if (s.TryFind(name, out var v))
                        {
                            if (v.IsArray) throw Unsupported();
                            return new Operand(v.Value, v.Adjoint, false);
                        }
                        if (Known(name) is { } known)
                        {
                            if (IsReal(known.Type)) throw Unsupported(); // a real of another scope (not a value here)
                            return Constant("@" + name);
                        }
                        if (_indices.Contains(name)) return Constant(name);
                        // The method's parameters (data); any other name (a field, a static member) is left to the tape.
                        if (!parameters.Contains(name)) throw Unsupported(id);
                        return Constant("@" + name);
                    }
                case ElementAccessExpressionSyntax access when access.ArgumentList.Arguments.Count == 1:
                    {
                        var index = Expression(access.ArgumentList.Arguments[0].Expression, s);
                        if (index.Active) throw Unsupported();
                        var array = Strip(access.Expression);
                        if (array is IdentifierNameSyntax aid && s.TryFind(aid.Identifier.ValueText, out var v))
                        {
                            if (!v.IsArray) throw Unsupported();
                            // An element of a real array: read and added to in place (the index is data, recomputed in the reverse sweep).
                            return new Operand(v.Value + "[" + index.Code + "]", v.Adjoint + "[" + index.Code + "]", false);
                        }
                        var a = Expression(array, s);
                        if (a.Active) throw Unsupported();
                        return Constant(a.Code + "[" + index.Code + "]");
                    }
                case MemberAccessExpressionSyntax { Name.Identifier.Text: "Length" or "Count" } member when Strip(member.Expression) is IdentifierNameSyntax target && !s.TryFind(target.Identifier.ValueText, out _):
                    return Constant(Expression(target, s).Code + "." + member.Name.Identifier.Text);
                case MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } field:
                    return Constant(field.ToString());
                case PrefixUnaryExpressionSyntax unary when unary.IsKind(SyntaxKind.UnaryMinusExpression):
                    {
                        var o = Expression(unary.Operand, s);
                        if (!o.Active) return Constant("-" + o.Code);
                        return Node("-" + o.Code, s, (_, g) => [AddTo(o, "-" + g)]);
                    }
                case BinaryExpressionSyntax binary: return Binary(binary, s);
                case ConditionalExpressionSyntax c:
                    {
                        var condition = Expression(c.Condition, s);
                        if (condition.Active) throw Unsupported();
                        int before = s.Forward.Count;
                        var a = Expression(c.WhenTrue, s);
                        var b = Expression(c.WhenFalse, s);
                        // Branches evaluated only when taken: leaves (no temporaries) only.
                        if (s.Forward.Count != before || a.Temporary || b.Temporary) throw Unsupported();
                        if (!a.Active && !b.Active) return Constant(condition.Code + " ? " + a.Code + " : " + b.Code);
                        string taken = Fresh("__b");
                        s.Forward.Add("bool " + taken + " = " + condition.Code + ";");
                        return Node(taken + " ? " + a.Code + " : " + b.Code, s, (_, g) =>
                            ["if (" + taken + ") { " + (a.Active ? AddTo(a, g) : "") + " } else { " + (b.Active ? AddTo(b, g) : "") + " }"]);
                    }
                case InvocationExpressionSyntax call: return Call(call, s);
                default: throw Unsupported(e);
            }
        }

        private Variable? Known(string identifier) => program.Variables.FirstOrDefault(v => v.Code == identifier);

        private Operand Binary(BinaryExpressionSyntax b, Scope s)
        {
            var l = Expression(b.Left, s);
            var r = Expression(b.Right, s);
            string op = b.OperatorToken.Text;
            if (!l.Active && !r.Active)
            {
                if (op is "+" or "-" or "*" or "/" or "%" or "==" or "!=" or "<" or "<=" or ">" or ">=" or "&&" or "||")
                    return Constant(l.Code + " " + op + " " + r.Code);
                throw Unsupported();
            }
            string L = l.Code, R = r.Code;
            return op switch
            {
                // d(l ± r) = dl ± dr; d(lr) = r dl + l dr; d(l/r) = dl/r − (l/r) dr/r.
                "+" => Node(L + " + " + R, s, (_, g) => Adds((l, g), (r, g))),
                "-" => Node(L + " - " + R, s, (_, g) => Adds((l, g), (r, "-" + g))),
                "*" => Node(L + " * " + R, s, (_, g) => Adds((l, g + " * " + R), (r, g + " * " + L))),
                "/" => Node(L + " / " + R, s, (v, g) => Adds((l, g + " / " + R), (r, "-" + g + " * " + v + " / " + R))),
                _ => throw Unsupported(),
            };
        }

        private static List<string> Adds(params (Operand Operand, string Partial)[] terms) =>
            terms.Where(t => t.Operand.Active).Select(t => AddTo(t.Operand, t.Partial)).ToList();

        private Operand Call(InvocationExpressionSyntax call, Scope s)
        {
            if (call.Expression is not MemberAccessExpressionSyntax m) throw Unsupported();
            string receiver = m.Expression.ToString(), name = m.Name.Identifier.Text;
            bool realMath = receiver is "RealMath" or "global::Probabilistic.RealMath" or "Probabilistic.RealMath";
            bool math = receiver is "Math" or "System.Math" or "global::System.Math";
            if (!realMath && !math) throw Unsupported(call);
            var args = call.ArgumentList.Arguments.Select(a => a.NameColon is null && a.RefKindKeyword.IsKind(SyntaxKind.None) ? Expression(a.Expression, s) : throw Unsupported()).ToArray();
            string M = "global::System.Math.";
            if (args.All(a => !a.Active))
            {
                if (name is "Exp" or "Log" or "Sqrt" or "Pow" or "Abs") return Constant(M + name + "(" + string.Join(", ", args.Select(a => a.Code)) + ")");
                throw Unsupported();
            }
            if (math) throw Unsupported();
            var x = args[0];
            return (name, args.Length) switch
            {
                // d e^x = e^x dx; d log x = dx/x; d √x = dx/(2√x); d x^c = c x^(c−1) dx (c constant).
                ("Exp", 1) => Node(M + "Exp(" + x.Code + ")", s, (v, g) => [AddTo(x, g + " * " + v)]),
                ("Log", 1) => Node(M + "Log(" + x.Code + ")", s, (_, g) => [AddTo(x, g + " / " + x.Code)]),
                ("Sqrt", 1) => Node(M + "Sqrt(" + x.Code + ")", s, (v, g) => [AddTo(x, g + " * 0.5 / " + v)]),
                ("Pow", 2) when !args[1].Active => PowNode(x, Temp(args[1].Code, s), s),
                _ => throw Unsupported(),
            };
        }

        private Operand PowNode(Operand x, string c, Scope s)
        {
            string bx = Temp(x.Code, s);
            return Node("global::System.Math.Pow(" + bx + ", " + c + ")", s, (_, g) => [AddTo(x, g + " * " + c + " * global::System.Math.Pow(" + bx + ", " + c + " - 1)")]);
        }
    }
}
