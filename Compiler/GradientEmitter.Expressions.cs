using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Probabilistic.Compiler;

internal static partial class GradientEmitter
{
    private static ExpressionSyntax Parse(string text) => SyntaxFactory.ParseExpression(text);

    private static ExpressionSyntax Strip(ExpressionSyntax e)
    {
        while (e is ParenthesizedExpressionSyntax p) e = p.Expression;
        return e;
    }

    // "its adjoint += g": a temporary's adjoint is declared by its one reader.
    private static string AddTo(Operand o, string g) =>
        o.Temporary ? "double " + o.Sink + " = " + g + ";" : o.Sink + " += " + g + ";";

    private static List<string> Adds(params (Operand Operand, string Partial)[] terms) =>
        terms.Where(t => t.Operand.Active).Select(t => AddTo(t.Operand, t.Partial)).ToList();

    /// <summary>Expressions over reals: each operation a local in the forward pass and a chunk of the reverse sweep.</summary>
    private sealed partial class Writer
    {
        // One operation: its value in a local; a transcendental one in a loop directly in the method is also stored per
        // iteration, so the reverse loop loads it instead of recomputing it.
        private Operand Node(string value, Scope s, Func<string, string, List<string>> reverse)
        {
            string v = Fresh("__v");
            if (s.Stores && value.Contains(MathPrefix))
            {
                string store = Fresh("__sv");
                s.Prelude.Add("double[] " + store + " = __Buffer(ref " + Buffer() + ", " + s.Count + ");");
                s.Forward.Add(Lines.Stored("double " + v + " = " + value + "; " + store + "[" + s.Index + "] = " + v + ";", "double " + v + " = " + store + "[" + s.Index + "];"));
            }
            else s.Forward.Add("double " + v + " = " + value + ";");
            string g = "__g" + v;
            s.Chunks.Add(reverse(v, g));
            return new Operand(v, g, true);
        }

        private static Operand Constant(string code)
        {
            if (TryLiteral(Parse(code)) is not { } literal || double.IsNaN(literal.Value) || double.IsInfinity(literal.Value)) return new Operand("(" + code + ")", null, false);
            // An integer stays as written (an index, an int argument); a real becomes its round-trip literal.
            return literal.Integral ? new Operand("(" + code + ")", null, false, literal.Value, integral: true) : new Operand(Literal(literal.Value), null, false, literal.Value);
        }

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
                        if (type is "double" && !inner.Active) return inner.Literal is { } lv ? Constant(Literal(lv)) : Constant("(double)" + inner.Code);
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
                        if (!parameters.ContainsKey(name)) throw Unsupported(id);
                        return Constant("@" + name);
                    }
                case ElementAccessExpressionSyntax access when access.ArgumentList.Arguments.Count == 1:
                    {
                        var index = Expression(access.ArgumentList.Arguments[0].Expression, s);
                        if (index.Active) throw Unsupported();
                        var array = Strip(access.Expression);
                        if (ListParameter(array, s) is { } span) return Constant(span + "[" + index.Code + "]");
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
                    if (ListParameter(target, s) is { } list) return Constant(list + ".Length");
                    return Constant(Expression(target, s).Code + "." + member.Name.Identifier.Text);
                case MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } field:
                    return Constant(field.ToString());
                case PrefixUnaryExpressionSyntax unary when unary.IsKind(SyntaxKind.UnaryMinusExpression):
                    {
                        var o = Expression(unary.Operand, s);
                        if (!o.Active) return o.Literal is { } lv && !o.Integral ? Constant(Literal(-lv)) : Constant("-" + o.Code);
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

        // A parameter of type IReadOnlyList<double> or List<double> (data): read through a span (an array or a List in
        // place, any other list copied into the workspace once per call) instead of an interface call per element.
        private string? ListParameter(ExpressionSyntax e, Scope s)
        {
            if (e is not IdentifierNameSyntax id) return null;
            string name = id.Identifier.ValueText;
            if (s.TryFind(name, out _) || Known(name) is not null || _indices.Contains(name) || !parameters.TryGetValue(name, out var type)) return null;
            if (type is not ("global::System.Collections.Generic.IReadOnlyList<double>" or "global::System.Collections.Generic.List<double>")) return null;
            string span = "__py_" + name;
            if (!DataSpans.Any(d => d.Span == span)) DataSpans.Add((span, "@" + name, Buffer().Substring(5)));
            return span;
        }

        private Variable? Known(string identifier) => program.Variables.FirstOrDefault(v => v.Code == identifier);

        private Operand Binary(BinaryExpressionSyntax b, Scope s)
        {
            var l = Expression(b.Left, s);
            var r = Expression(b.Right, s);
            string op = b.OperatorToken.Text;
            if (!l.Active && !r.Active)
            {
                // Literals folded here (the compiler leaves double arithmetic to run time when a cast is involved).
                if (l.Literal is { } x && r.Literal is { } y && !(l.Integral && r.Integral) && op is "+" or "-" or "*" or "/")
                {
                    double v = op switch { "+" => x + y, "-" => x - y, "*" => x * y, _ => x / y };
                    if (!double.IsNaN(v) && !double.IsInfinity(v)) return Constant(Literal(v));
                }
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
                "/" when r.Literal is { } c => Node(L + " * " + Literal(1 / c), s, (_, g) => Adds((l, g + " * " + Literal(1 / c)))),
                "/" => Node(L + " / " + R, s, (v, g) => Adds((l, g + " / " + R), (r, "-" + g + " * " + v + " / " + R))),
                _ => throw Unsupported(),
            };
        }

        private Operand Call(InvocationExpressionSyntax call, Scope s)
        {
            if (call.Expression is not MemberAccessExpressionSyntax m) throw Unsupported();
            string receiver = m.Expression.ToString(), name = m.Name.Identifier.Text;
            bool realMath = receiver is "RealMath" or "global::Probabilistic.RealMath" or "Probabilistic.RealMath";
            bool math = receiver is "Math" or "System.Math" or "global::System.Math";
            if (!realMath && !math) throw Unsupported(call);
            if (realMath && Reduction(name, call, s) is { } reduced) return reduced;
            var args = call.ArgumentList.Arguments.Select(a => a.NameColon is null && a.RefKindKeyword.IsKind(SyntaxKind.None) ? Expression(a.Expression, s) : throw Unsupported()).ToArray();
            if (args.All(a => !a.Active))
            {
                if (name is "Exp" or "Log" or "Sqrt" or "Pow" or "Abs") return Constant(MathPrefix + name + "(" + string.Join(", ", args.Select(a => a.Code)) + ")");
                throw Unsupported();
            }
            if (math) throw Unsupported();
            var x = args[0];
            return (name, args.Length) switch
            {
                // d e^x = e^x dx; d log x = dx/x; d √x = dx/(2√x); d x^c = c x^(c−1) dx (c constant).
                ("Exp", 1) => Node(MathPrefix + "Exp(" + x.Code + ")", s, (v, g) => [AddTo(x, g + " * " + v)]),
                ("Log", 1) => Node(MathPrefix + "Log(" + x.Code + ")", s, (_, g) => [AddTo(x, g + " / " + x.Code)]),
                ("Sqrt", 1) => Node(MathPrefix + "Sqrt(" + x.Code + ")", s, (v, g) => [AddTo(x, g + " * 0.5 / " + v)]),
                ("Pow", 2) when !args[1].Active => PowNode(x, args[1].Literal is { } c ? Literal(c) : Temp(args[1].Code, s), s),
                _ => throw Unsupported(),
            };
        }

        // A real array in scope: (value, adjoint).
        private (string Value, string Adjoint)? RealArrayOf(ExpressionSyntax e, Scope s) =>
            Strip(e) is IdentifierNameSyntax id && s.TryFind(id.Identifier.ValueText, out var v) && v.IsArray ? (v.Value, v.Adjoint) : null;

        // Reductions of real arrays to a real: RealMath.Dot(a, b) (one or both arrays of reals, the other data),
        // RealMath.Sum(a) and RealMath.Sum(Array.ConvertAll(a, RealMath.Softplus | RealMath.Exp)); a loop forward and
        // one in the reverse sweep. Different lengths are the tape's (its ArgumentException). Null when the call is none.
        private Operand? Reduction(string name, InvocationExpressionSyntax call, Scope s)
        {
            var a = call.ArgumentList.Arguments;
            if (a.Any(x => x.NameColon is not null || !x.RefKindKeyword.IsKind(SyntaxKind.None))) return null;
            string v = Fresh("__v"), g = "__g" + v, j = Fresh("__j");
            if (name == "Dot" && a.Count == 2)
            {
                var (l, r) = (RealArrayOf(a[0].Expression, s), RealArrayOf(a[1].Expression, s));
                if (l is null && r is null) return null;
                string lv = l?.Value ?? Expression(a[0].Expression, s).Code, rv = r?.Value ?? Expression(a[1].Expression, s).Code;
                s.Forward.Add(Lines.ForwardOnly("if (" + lv + ".Length != " + rv + ".Length) return false;"));
                s.Forward.Add("double " + v + " = 0;");
                s.Forward.Add("for (int " + j + " = 0; " + j + " < " + lv + ".Length; " + j + "++) " + v + " += " + lv + "[" + j + "] * " + rv + "[" + j + "];");
                var reverse = new List<string>();
                if (l is { } la) reverse.Add("for (int " + j + " = 0; " + j + " < " + lv + ".Length; " + j + "++) " + la.Adjoint + "[" + j + "] += " + g + " * " + rv + "[" + j + "];");
                if (r is { } ra) reverse.Add("for (int " + j + " = 0; " + j + " < " + rv + ".Length; " + j + "++) " + ra.Adjoint + "[" + j + "] += " + g + " * " + lv + "[" + j + "];");
                s.Chunks.Add(reverse);
                return new Operand(v, g, true);
            }
            if (name != "Sum" || a.Count != 1) return null;
            string f = "";
            var source = a[0].Expression;
            if (Strip(source) is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.Text: "ConvertAll" } conv } convert
                && conv.Expression.ToString() is "Array" or "System.Array" or "global::System.Array" && convert.ArgumentList.Arguments.Count == 2
                && convert.ArgumentList.Arguments[1].Expression is MemberAccessExpressionSyntax { Name.Identifier.Text: "Softplus" or "Exp" } fn && IsRealMathName(fn.Expression.ToString()))
            {
                f = fn.Name.Identifier.Text;
                source = convert.ArgumentList.Arguments[0].Expression;
            }
            if (RealArrayOf(source, s) is not { } arr) return null;
            string e = Fresh("__e");
            string term = f switch
            {
                // Softplus as the library's kernel: x + log1p(e^−x) for x > 0, log1p(e^x) otherwise; derivative σ(x).
                "Softplus" => e + " > 0 ? " + e + " + global::Probabilistic.Numerics.SpecialFunctions.Log1p(" + MathPrefix + "Exp(-" + e + ")) : global::Probabilistic.Numerics.SpecialFunctions.Log1p(" + MathPrefix + "Exp(" + e + "))",
                "Exp" => MathPrefix + "Exp(" + e + ")",
                _ => e,
            };
            string derivative = f switch
            {
                "Softplus" => "1.0 / (1.0 + " + MathPrefix + "Exp(-" + e + "))",
                "Exp" => MathPrefix + "Exp(" + e + ")",
                _ => "1.0",
            };
            s.Forward.Add("double " + v + " = 0;");
            s.Forward.Add("for (int " + j + " = 0; " + j + " < " + arr.Value + ".Length; " + j + "++) { double " + e + " = " + arr.Value + "[" + j + "]; " + v + " += " + term + "; }");
            s.Chunks.Add(["for (int " + j + " = 0; " + j + " < " + arr.Value + ".Length; " + j + "++) { double " + e + " = " + arr.Value + "[" + j + "]; " + arr.Adjoint + "[" + j + "] += " + g + " * " + derivative + "; }"]);
            return new Operand(v, g, true);
        }

        private static bool IsRealMathName(string receiver) => receiver is "RealMath" or "global::Probabilistic.RealMath" or "Probabilistic.RealMath";

        private Operand PowNode(Operand x, string c, Scope s)
        {
            string bx = Temp(x.Code, s);
            return Node(MathPrefix + "Pow(" + bx + ", " + c + ")", s, (_, g) => [AddTo(x, g + " * " + c + " * " + MathPrefix + "Pow(" + bx + ", " + c + " - 1)")]);
        }
    }
}
