using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Probabilistic.Compiler;

internal static partial class GradientEmitter
{
    /// <summary>The program's statements: lets, maps over arrays, plates, folds, choices and scores.</summary>
    private sealed partial class Writer(ParsedProgram program, Dictionary<string, string> parameters)
    {
        private int _temp;
        private readonly HashSet<string> _indices = []; // the plates' element indices (ints the distributions may read)

        /// <summary>The method's scope: its adjoints live for the whole call (partials may be added to them in the forward pass).</summary>
        public Scope Top { get; } = new(null);

        /// <summary>The workspace arrays (fields of the density object).</summary>
        public List<string> Buffers { get; } = [];

        /// <summary>ObserveEach's data of doubles read as spans: (local, data field, copy buffer).</summary>
        public List<(string Span, string Field, string Copy)> DataSpans { get; } = [];

        private string Fresh(string prefix) => prefix + _temp++;

        private string Buffer()
        {
            string f = "__w" + Buffers.Count;
            Buffers.Add(f);
            return "this." + f;
        }

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

        // An adjoint that lives for the whole call (the method's scalars and arrays): a partial known in the forward pass may
        // be added to it there.
        private bool IsEarly(string sink)
        {
            int bracket = sink.IndexOf('[');
            string name = bracket < 0 ? sink : sink.Substring(0, bracket);
            return Top.Names.Values.Any(v => v.Adjoint == name);
        }

        private void Let(Let let, Scope s)
        {
            var t = let.Target;
            // Nothing reads it (or only the model's return value does): it adds nothing to the value or the gradient.
            if (!t.IsRead || ReferenceEquals(t, program.Result)) return;
            if (t.Type == UnitType) return;
            if (t.Type is "int" or "double" or "bool" or "long")
            {
                // Data: written as the density writes it, when it reads no real; ObserveEach's datum from its span.
                if (let.Reads.Any(v => IsReal(v.Type))) throw Unsupported();
                // (Read by the discard: a constant that only the model's value reads would be an unused-variable warning.)
                s.Forward.Add(t.Type + " @" + t.Code + " = " + DataRead(let.Expression) + "; _ = @" + t.Code + ";");
                return;
            }
            string adjoint = Adjoint(t.Code);
            if (t.Type == RealType)
            {
                var e = Expression(Parse(let.Expression), s);
                s.Forward.Add("double @" + t.Code + " = " + e.Code + "; _ = @" + t.Code + ";");
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
                if (!MatVec(Parse(let.Expression), t, s)) Map(Parse(let.Expression), t, s);
                return;
            }
            throw Unsupported();
        }

        // "this.__dataN[i]" of an ObserveEach over doubles: "__dsN[i]", its span.
        private string DataRead(string expression)
        {
            foreach (var f in program.Folds)
            {
                string field = "this." + f.DataField + "[";
                if (f.DataExpression is null || f.DataType != "double" || !expression.StartsWith(field, System.StringComparison.Ordinal)) continue;
                string span = "__ds" + f.Index;
                if (!DataSpans.Any(d => d.Span == span)) DataSpans.Add((span, f.DataField, Buffer().Substring(5)));
                return span + "[" + expression.Substring(field.Length);
            }
            return expression;
        }

        // RealMath.MatVec(X, β), X a double[,] parameter (data) and β an array of reals, in the method's scope: η_r = Σ_c X_rc β_c
        // (a workspace array); reverse ∂β_c += Σ_r ∂η_r X_rc. Different shapes are the tape's (its ArgumentException).
        private bool MatVec(ExpressionSyntax e, Variable target, Scope s)
        {
            if (Strip(e) is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.Text: "MatVec" } m } call
                || !IsRealMath(m.Expression.ToString()) || call.ArgumentList.Arguments.Count != 2
                || Strip(call.ArgumentList.Arguments[0].Expression) is not IdentifierNameSyntax matrix
                || !parameters.TryGetValue(matrix.Identifier.ValueText, out var type) || type != "double[*,*]" && type != "double[,]"
                || s.TryFind(matrix.Identifier.ValueText, out _)
                || Strip(call.ArgumentList.Arguments[1].Expression) is not IdentifierNameSyntax vector
                || !s.TryFind(vector.Identifier.ValueText, out var beta) || !beta.IsArray)
                return false;
            if (!s.IsTop) throw Unsupported();
            string name = "@" + target.Code, adjoint = Adjoint(target.Code), x = "@" + matrix.Identifier.ValueText, r = Fresh("__r"), c = Fresh("__c"), acc = Fresh("__acc");
            s.Forward.Add(Lines.ForwardOnly("if (" + x + ".GetLength(1) != " + beta.Value + ".Length) return false;"));
            s.Forward.Add("double[] " + name + " = __Buffer(ref " + Buffer() + ", " + x + ".GetLength(0));");
            s.Forward.Add("double[] " + adjoint + " = __Zeroed(ref " + Buffer() + ", " + name + ".Length);");
            s.Forward.Add("for (int " + r + " = 0; " + r + " < " + name + ".Length; " + r + "++)");
            s.Forward.Add("{");
            s.Forward.Add("    double " + acc + " = 0;");
            s.Forward.Add("    for (int " + c + " = 0; " + c + " < " + beta.Value + ".Length; " + c + "++) " + acc + " += " + x + "[" + r + ", " + c + "] * " + beta.Value + "[" + c + "];");
            s.Forward.Add("    " + name + "[" + r + "] = " + acc + ";");
            s.Forward.Add("}");
            s.Names[target.Code] = (name, adjoint, true);
            s.Chunks.Add([
                "for (int " + r + " = 0; " + r + " < " + name + ".Length; " + r + "++)",
                "{",
                "    double " + acc + " = " + adjoint + "[" + r + "];",
                "    for (int " + c + " = 0; " + c + " < " + beta.Value + ".Length; " + c + "++) " + beta.Adjoint + "[" + c + "] += " + acc + " * " + x + "[" + r + ", " + c + "];",
                "}",
            ]);
            return true;
        }

        private static bool IsRealMath(string receiver) => receiver is "RealMath" or "global::Probabilistic.RealMath" or "Probabilistic.RealMath";

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
            var inner = new Scope(s, m, array.Value + ".Length");
            inner.Names[lambda.Parameter.Identifier.ValueText] = (element, Adjoint(element), false);
            inner.Forward.Add("double " + element + " = " + array.Value + "[" + m + "];");
            inner.Declarations.Add("double " + Adjoint(element) + " = 0;");
            var value = Expression(body, inner);
            string header = "for (int " + m + " = 0; " + m + " < " + name + ".Length; " + m + "++)";
            // A workspace array: the recompute of an enclosing fold's step rewrites it before reading it.
            s.Forward.Add("double[] " + name + " = __Buffer(ref " + Buffer() + ", " + array.Value + ".Length);");
            s.Names[target.Code] = (name, adjoint, true);
            string zeroed = "double[] " + adjoint + " = __Zeroed(ref " + Buffer() + ", " + name + ".Length);";
            if (s.IsTop) s.Forward.Add(zeroed);
            else s.Declarations.Add(zeroed);
            s.Forward.AddRange(inner.Prelude);
            s.Forward.Add(header);
            s.Forward.Add("{");
            s.Forward.AddRange(Lines.Indent(inner.Forward));
            s.Forward.Add("    " + name + "[" + m + "] = " + value.Code + ";");
            s.Forward.Add("}");
            if (value.Active) inner.Chunks.Add([AddTo(value, adjoint + "[" + m + "]")]);
            var body2 = new List<string>();
            body2.AddRange(inner.Recompute());
            body2.AddRange(inner.Reverse());
            body2.Add(array.Adjoint + "[" + m + "] += " + Adjoint(element) + ";");
            var chunk = new List<string> { header, "{" };
            chunk.AddRange(Lines.Indent(Lines.Prune(body2)));
            chunk.Add("}");
            s.Chunks.Add(chunk);
        }

        private void Plate(Draw plate, string count, Scope s)
        {
            if (!s.IsTop) throw Unsupported();
            string name = "@" + plate.Target.Code, adjoint = Adjoint(plate.Target.Code), n = "__n" + plate.Target.Id, kp = "__kp" + plate.Target.Id, i = plate.Index;
            s.Forward.Add("int " + n + " = " + count + ";");
            s.Forward.Add("if (" + n + " < 0) return false;");
            s.Forward.Add("int " + kp + " = __k;");
            s.Forward.Add("double[] " + name + " = __Buffer(ref " + Buffer() + ", " + n + ");");
            s.Forward.Add("double[] " + adjoint + " = __Zeroed(ref " + Buffer() + ", " + n + ");");
            s.Names[plate.Target.Code] = (name, adjoint, true);
            var inner = new Scope(s, i, n);
            _indices.Add(i);
            Choice(plate.Distribution, name + "[" + i + "]", name + "[" + i + "]", adjoint + "[" + i + "]", inner);
            string header = "for (int " + i + " = 0; " + i + " < " + name + ".Length; " + i + "++)";
            s.Forward.AddRange(inner.Prelude);
            s.Forward.Add(header);
            s.Forward.Add("{");
            s.Forward.AddRange(Lines.Indent(inner.Forward));
            s.Forward.Add("}");
            var body = new List<string> { "__k = " + kp + " + " + i + ";" };
            body.AddRange(inner.Recompute());
            body.AddRange(inner.Reverse());
            var chunk = new List<string> { header, "{" };
            chunk.AddRange(Lines.Indent(Lines.Prune(body)));
            chunk.Add("}");
            s.Chunks.Add(chunk);
        }

        private void Fold(FoldLoop fold, Scope s)
        {
            if (!s.IsTop) throw Unsupported();
            bool real = fold.CarryType == RealType;
            if (!real && fold.CarryType != UnitType) throw Unsupported();
            if (fold.Body.Any(i => i is FoldLoop or Draw { Count: not null })) throw Unsupported();
            int perStep = fold.Body.Count(i => i is Draw);
            string t = "__t" + fold.Index, kf = "__kf" + fold.Index, states = "__cs" + fold.Index, carry = "__gc" + fold.Index, steps = "__st" + fold.Index;
            s.Forward.Add("int " + kf + " = __k;");
            s.Forward.Add("int " + steps + " = this." + fold.StepsField + ";");
            if (real)
            {
                var init = Expression(Parse(fold.Init), s);
                s.Forward.Add("double[] " + states + " = __Buffer(ref " + Buffer() + ", " + steps + " + 1);");
                s.Forward.Add(states + "[0] = " + init.Code + ";");
                s.Declarations.Add("double " + carry + " = 0;");
                if (init.Active) s.Chunks.Add([AddTo(init, carry)]);
            }
            var inner = new Scope(s, t, steps);
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

            s.Forward.AddRange(inner.Prelude);
            s.Forward.Add("for (int " + t + " = 0; " + t + " < " + steps + "; " + t + "++)");
            s.Forward.Add("{");
            s.Forward.AddRange(Lines.Indent(prologue));
            s.Forward.AddRange(Lines.Indent(inner.Forward));
            if (real) s.Forward.Add("    " + states + "[" + t + " + 1] = @" + fold.BodyValue.Code + ";");
            s.Forward.Add("}");
            if (real && fold.Target.IsRead)
            {
                s.Forward.Add("double @" + fold.Target.Code + " = " + states + "[" + steps + "];");
                s.Names[fold.Target.Code] = ("@" + fold.Target.Code, Adjoint(fold.Target.Code), false);
                s.Declarations.Add("double " + Adjoint(fold.Target.Code) + " = 0;");
            }
            // Every partial of the steps went into adjoints of the method in the forward pass: no reverse loop.
            if (!real && inner.Chunks.Count == 0) return;

            // Reverse: the steps last first, each recomputed from its carried state; the carry's adjoint flows to the previous step.
            var chunk = new List<string>();
            if (real && fold.Target.IsRead) chunk.Add(carry + " += " + Adjoint(fold.Target.Code) + ";");
            chunk.Add("for (int " + t + " = " + steps + " - 1; " + t + " >= 0; " + t + "--)");
            chunk.Add("{");
            var body = new List<string> { "__k = " + kf + " + " + t + " * " + perStep + ";" };
            body.AddRange(prologue);
            body.AddRange(inner.Recompute());
            body.AddRange(inner.Declarations);
            if (real) body.Add(bodyAdjoint + " += " + carry + ";");
            for (int c = inner.Chunks.Count - 1; c >= 0; c--) body.AddRange(inner.Chunks[c]);
            if (real) body.Add(carry + " = " + (fold.Previous is { } p ? Adjoint(p.Code) : "0") + ";");
            chunk.AddRange(Lines.Indent(Lines.Prune(body)));
            chunk.Add("}");
            s.Chunks.Add(chunk);
        }
    }
}
