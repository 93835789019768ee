using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Probabilistic.Compiler;

internal static partial class GradientEmitter
{
    /// <summary>Choices, scores and the log densities of the families (value and partials).</summary>
    private sealed partial class Writer
    {
        private const string HalfLogTwoPi = "0.91893853320467274178";

        // One latent choice: x = T(θ_k), log |T'| and log p(x) added; the gradient of θ_k from x's adjoint.
        private void Choice(Distribution d, string value, string declaration, string adjoint, Scope s)
        {
            string ki = Fresh("__ki");
            var (family, args) = Family(d, s);
            s.Forward.Add("int " + ki + " = __k;");
            bool scalar = declaration.StartsWith("double ", StringComparison.Ordinal);
            string Assign(string x) => scalar ? declaration + " = " + x + ";" : Lines.ForwardOnly(declaration + " = " + x + ";");
            switch (family)
            {
                case "Normal":
                    s.Forward.Add(Assign("__theta[__k]"));
                    s.Forward.Add("__k++;");
                    s.Chunks.Add(["__gradient[" + ki + "] = " + adjoint + ";"]);
                    break;
                case "Beta" or "Uniform":
                    Interval(family, args, value, Assign, ki, adjoint, s);
                    break;
                default:
                    // The exp bijector (Stan Reference Manual, "Lower bounded scalar"): x = e^θ, log |dx/dθ| = θ, d/dθ = 1.
                    s.Forward.Add(Assign(MathPrefix + "Exp(__theta[__k])"));
                    s.Forward.Add("__k++;");
                    s.Forward.Add(Lines.ForwardOnly("__lp += __theta[" + ki + "];"));
                    // ∂lp/∂θ = (adjoint of x) · dx/dθ + 1 (the Jacobian term); runs after every use of x has added to its adjoint.
                    s.Chunks.Add(["__gradient[" + ki + "] = " + adjoint + " * " + value + " + 1.0;"]);
                    break;
            }
            LogDensity(family, args, new Operand(value, adjoint, false), s, bijected: true);
        }

        // The interval bijector (Stan Reference Manual, "Lower and upper bounded scalar"; the library's IntervalBijector):
        // x = lo + w·σ(θ), w = hi − lo (Beta: lo = 0, w = 1; Uniform: its bounds, data), log |dx/dθ| = log w + log σ(θ) +
        // log σ(−θ) = log w − |θ| − 2 log(1 + e^−|θ|), whose derivative is 1 − 2σ(θ); dx/dθ = w σ(θ) σ(−θ), kept in the
        // gradient's slot from the forward pass until the reverse sweep has x's adjoint.
        private void Interval(string family, Operand[] args, string value, Func<string, string> assign, string ki, string adjoint, Scope s)
        {
            string lo = "0.0", w = "1.0";
            if (family == "Uniform")
            {
                // The bijector's bounds are the distribution's values (doubles): bounds that are values of θ are the tape's.
                if (args[0].Active || args[1].Active) throw Unsupported();
                lo = Use(args[0], s);
                string hi = Use(args[1], s);
                w = args[0].Literal is { } l && args[1].Literal is { } h ? Literal(h - l) : Temp("(" + hi + " - " + lo + ")", s);
            }
            string th = Fresh("__th"), e = Fresh("__e"), q = Fresh("__q"), sg = Fresh("__s"), sc = Fresh("__sc");
            s.Forward.Add("double " + th + " = __theta[__k];");
            s.Forward.Add("double " + e + " = " + MathPrefix + "Exp(-" + MathPrefix + "Abs(" + th + ")), " + q + " = 1.0 / (1 + " + e + ");");
            s.Forward.Add("double " + sg + " = " + th + " >= 0 ? " + q + " : " + e + " * " + q + ", " + sc + " = " + th + " >= 0 ? " + e + " * " + q + " : " + q + ";");
            s.Forward.Add(assign(family == "Beta" ? sg : lo + " + " + w + " * " + sg));
            s.Forward.Add("__k++;");
            s.Forward.Add(Lines.ForwardOnly("__lp += -" + MathPrefix + "Abs(" + th + ") - 2 * global::Probabilistic.Numerics.SpecialFunctions.Log1p(" + e + ");"));
            if (family == "Uniform")
            {
                if (args[0].Literal is not null && args[1].Literal is not null)
                {
                    if (!(args[1].Literal > args[0].Literal)) throw Unsupported();
                    s.Forward.Add(Lines.ForwardOnly("if (__fresh) __cacc += " + Literal(Math.Log(args[1].Literal!.Value - args[0].Literal!.Value)) + ";"));
                }
                else s.Forward.Add(Lines.ForwardOnly("if (__fresh) { if (!(" + w + " > 0) || double.IsInfinity(" + w + ")) return false; __cacc += " + MathPrefix + "Log(" + w + "); }"));
            }
            s.Forward.Add(Lines.ForwardOnly("__gradient[" + ki + "] = " + (family == "Beta" ? "" : w + " * ") + sg + " * " + sc + ";"));
            string sigma = family == "Beta" ? value : "(" + value + " - " + lo + ") / " + w;
            s.Chunks.Add(["__gradient[" + ki + "] = " + adjoint + " * __gradient[" + ki + "] + (1 - 2 * " + sigma + ");"]);
        }

        private void Score(Score score, Scope s)
        {
            if (score.Distribution is { } d)
            {
                if (d.Family is Compiler.Family.Bernoulli && score.Reads.Any(v => IsReal(v.Type)))
                {
                    // log p(x) = log p (x true) or log(1 − p) (Bernoulli.LogDensity): ∂p = 1/p or −1/(1 − p). The value is data;
                    // p outside [0, 1] is the tape's (its ArgumentException).
                    var prob = Expression(Argument(d.Arguments[0]), s);
                    string x = Fresh("__o"), pv = Use(prob, s);
                    s.Forward.Add("bool " + x + " = (bool)(" + score.Value + ");");
                    if (Parse(score.Value!).DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(i => s.TryFind(i.Identifier.ValueText, out _))) throw Unsupported();
                    if (prob.Literal is { } plit) { if (!(plit >= 0 && plit <= 1)) throw Unsupported(); }
                    else s.Forward.Add(Lines.ForwardOnly("if (!(" + pv + " >= 0 && " + pv + " <= 1)) return false;"));
                    s.Forward.Add(Lines.ForwardOnly("__lp += " + x + " ? " + MathPrefix + "Log(" + pv + ") : global::Probabilistic.Numerics.SpecialFunctions.Log1p(-" + pv + ");"));
                    var bernoulli = new List<string>();
                    Partial(prob, x + " ? 1.0 / " + pv + " : -1.0 / (1.0 - " + pv + ")", s, bernoulli);
                    if (bernoulli.Count > 0) s.Chunks.Add(bernoulli);
                    return;
                }
                if (d.Family is Compiler.Family.Bernoulli or Compiler.Family.Categorical)
                {
                    // A constant term (the parameters and value are data): summed once per workspace, as the density writes it.
                    if (score.Reads.Any(v => v.IsRandom || IsReal(v.Type))) throw Unsupported();
                    string x = Fresh("__o");
                    s.Forward.Add(Lines.ForwardOnly("if (__fresh) { var " + x + " = (" + d.ValueType + ")(" + score.Value + "); __cacc += global::Probabilistic.Distributions." + d.Family + ".LogDensity(" + x + ", " + d.Arguments[0] + "); }"));
                    return;
                }
                if (d.ValueType != RealType) throw Unsupported();
                var (family, args) = Family(d, s);
                var value = Expression(Parse(score.Value!), s);
                LogDensity(family, args, value, s, bijected: false);
                return;
            }
            var w = Expression(Parse(score.LogWeight!), s);
            if (!w.Active)
            {
                s.Forward.Add(Lines.ForwardOnly("if (__fresh) __cacc += " + w.Code + ";"));
                return;
            }
            string lw = Temp(w.Code, s);
            s.Forward.Add(Lines.ForwardOnly("__lp += " + lw + ";"));
            // d lp / d w = 1.
            var chunk = new List<string>();
            Partial(w, "1.0", s, chunk);
            if (chunk.Count > 0) s.Chunks.Add(chunk);
        }

        // A score's partial (d lp / d score = 1, known now): added to the operand's adjoint in the forward pass when that
        // adjoint lives for the whole call, else in the reverse chunk.
        private void Partial(Operand o, string partial, Scope s, List<string> chunk)
        {
            if (!o.Active) return;
            if (!o.Temporary && IsEarly(o.Sink!)) s.Forward.Add(Lines.ForwardOnly(o.Sink + " += " + partial + ";"));
            else chunk.Add(AddTo(o, partial));
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
            int arity = name switch { "HalfNormal" or "HalfCauchy" or "Exponential" => 1, "Gamma" or "LogNormal" or "Beta" or "Uniform" => 2, _ => throw Unsupported() };
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

        /// <summary>The parts of one log density term as the emitter assembles them.</summary>
        private sealed class Term
        {
            /// <summary>Parts that read a value of θ (added on every call).</summary>
            public List<string> Varying { get; } = [];
            /// <summary>Parts over data and constants only (summed on a workspace's first call).</summary>
            public List<string> Constant { get; } = [];
            /// <summary>Conditions over data only under which the term is out of its domain (checked on the first call).</summary>
            public List<string> ConstantRejects { get; } = [];
            public List<(Operand Operand, string Partial)> Partials { get; } = [];
        }

        // σ > 0 (a parameter of a positive family): a literal checked here (a bad one leaves the model to the tape, which
        // reports it), data on the workspace's first call, a value of θ on every call. +∞ needs no check: every family's
        // value is then not finite, which the method's last check rejects.
        private void Positive(Operand a, string code, Term t, Scope s)
        {
            if (a.Literal is { } v)
            {
                if (!(v > 0) || double.IsInfinity(v)) throw Unsupported();
                return;
            }
            string bad = "!(" + code + " > 0)";
            if (a.Active) s.Forward.Add(Lines.ForwardOnly("if (" + bad + ") return false;"));
            else t.ConstantRejects.Add(bad + " || double.IsPositiveInfinity(" + code + ")");
        }

        // An operand's code read twice: a literal, a name, or a local holding it.
        private string Use(Operand o, Scope s) => o.Literal is { } v ? Literal(v) : Temp(o.Code, s);

        // ∓log σ of a parameter (−log σ of a scale, log λ of a rate): into the constant parts when σ is data, a literal when
        // σ is one.
        private static void LogTerm(Operand a, string code, Term t, bool minus = true)
        {
            string sign = minus ? "-" : "";
            if (a.Literal is { } v) t.Constant.Add(Literal(minus ? -Math.Log(v) : Math.Log(v)));
            else if (a.Active) t.Varying.Add(sign + MathPrefix + "Log(" + code + ")");
            else t.Constant.Add(sign + MathPrefix + "Log(" + code + ")");
        }

        // 1/σ: a literal; for data in a loop directly in the method, computed on the workspace's first call and kept per
        // iteration (loaded by the reverse loop too); else a local.
        private string Inverse(Operand a, string code, Scope s)
        {
            if (a.Literal is { } v) return Literal(1 / v);
            string inv = Fresh("__inv");
            if (!a.Active && s.Stores)
            {
                string cache = Fresh("__ci");
                s.Prelude.Add("double[] " + cache + " = __Buffer(ref " + Buffer() + ", " + s.Count + ");");
                string load = cache + "[" + s.Index + "]";
                s.Forward.Add(Lines.Stored("double " + inv + " = __fresh ? (" + load + " = 1.0 / " + code + ") : " + load + ";", "double " + inv + " = " + load + ";"));
                return inv;
            }
            s.Forward.Add("double " + inv + " = 1.0 / " + code + ";");
            return inv;
        }

        // log p(x | args) added to the log density; the partials added to the operands' adjoints (the distributions' own
        // formulas, Distributions/Continuous/*.cs).
        private void LogDensity(string family, Operand[] args, Operand x, Scope s, bool bijected)
        {
            var t = new Term();
            string xs = Use(x, s);
            string a0 = Use(args[0], s), a1 = args.Length > 1 ? Use(args[1], s) : "";
            string F(string p) => Fresh(p);
            // An observed value of a positive family may be out of its support (density zero); e^θ is not.
            void Support(bool strict)
            {
                if (bijected && !strict) return;
                if (x.Literal is { } v)
                {
                    // A literal is checked here (a constant condition would be a compiler warning): outside, the tape's.
                    if (!(strict ? v > 0 : v >= 0)) throw Unsupported();
                    return;
                }
                s.Forward.Add(Lines.ForwardOnly("if (!(" + xs + (strict ? " > 0" : " >= 0") + ")) return false;"));
            }
            bool xOrMu = x.Active || args[0].Active;
            switch (family)
            {
                case "Normal":
                    {
                        // log N(x; μ, σ) = −z²/2 − log σ − ½ log 2π, z = (x − μ)/σ: ∂x = −z/σ, ∂μ = z/σ, ∂σ = (z² − 1)/σ.
                        Positive(args[1], a1, t, s);
                        string inv = Inverse(args[1], a1, s), z = F("__z");
                        string d = args[0].Literal == 0 ? xs : "(" + xs + " - " + a0 + ")";
                        s.Forward.Add("double " + z + " = " + (args[1].Literal == 1 ? d : d + " * " + inv) + ";");
                        t.Varying.Add("-0.5 * " + z + " * " + z);
                        LogTerm(args[1], a1, t);
                        t.Constant.Add("-" + HalfLogTwoPi);
                        string zi = z;
                        if (args[1].Literal != 1 && xOrMu)
                        {
                            zi = F("__zi");
                            s.Forward.Add("double " + zi + " = " + z + " * " + inv + ";");
                        }
                        t.Partials.Add((x, "-" + zi));
                        t.Partials.Add((args[0], zi));
                        t.Partials.Add((args[1], "(" + z + " * " + z + " - 1) * " + inv));
                        break;
                    }
                case "HalfNormal":
                    {
                        // log p = ½ log(2/π) − log σ − z²/2, z = x/σ (x ≥ 0): ∂x = −z/σ, ∂σ = (z² − 1)/σ.
                        Positive(args[0], a0, t, s);
                        Support(strict: false);
                        string inv = Inverse(args[0], a0, s), z = F("__z");
                        s.Forward.Add("double " + z + " = " + xs + " * " + inv + ";");
                        t.Varying.Add("-0.5 * " + z + " * " + z);
                        LogTerm(args[0], a0, t);
                        t.Constant.Add("-0.22579135264472743236");
                        t.Partials.Add((x, "-" + z + " * " + inv));
                        t.Partials.Add((args[0], "(" + z + " * " + z + " - 1) * " + inv));
                        break;
                    }
                case "HalfCauchy":
                    {
                        // log p = log(2/(πσ)) − log(1 + z²), z = x/σ (x ≥ 0): ∂x = −2z/(σ(1 + z²)), ∂σ = (z² − 1)/(σ(1 + z²)).
                        Positive(args[0], a0, t, s);
                        Support(strict: false);
                        string inv = Inverse(args[0], a0, s), z = F("__z"), w = F("__w");
                        s.Forward.Add("double " + z + " = " + xs + " * " + inv + ", " + w + " = 1.0 / (1 + " + z + " * " + z + ");");
                        t.Varying.Add("-global::Probabilistic.Numerics.SpecialFunctions.Log1p(" + z + " * " + z + ")");
                        t.Constant.Add("-0.45158270528945486473"); // log(2/π)
                        LogTerm(args[0], a0, t);
                        t.Partials.Add((x, "-2 * " + z + " * " + w + " * " + inv));
                        t.Partials.Add((args[0], "(" + z + " * " + z + " - 1) * " + w + " * " + inv));
                        break;
                    }
                case "Exponential":
                    // log p = log λ − λx (x ≥ 0): ∂x = −λ, ∂λ = 1/λ − x.
                    Positive(args[0], a0, t, s);
                    Support(strict: false);
                    t.Varying.Add("-" + a0 + " * " + xs);
                    LogTerm(args[0], a0, t, minus: false);
                    t.Partials.Add((x, "-" + a0));
                    t.Partials.Add((args[0], "1 / " + a0 + " - " + xs));
                    break;
                case "Gamma":
                    // log p = α log β − log Γ(α) + (α − 1) log x − βx (x > 0, α constant): ∂x = (α − 1)/x − β, ∂β = α/β − x.
                    Positive(args[0], a0, t, s);
                    Positive(args[1], a1, t, s);
                    Support(strict: true);
                    t.Varying.Add("(" + a0 + " - 1) * " + MathPrefix + "Log(" + xs + ") - " + a1 + " * " + xs);
                    if (args[1].Active) t.Varying.Add(a0 + " * " + MathPrefix + "Log(" + a1 + ")");
                    else t.Constant.Add(a0 + " * " + MathPrefix + "Log(" + a1 + ")");
                    t.Constant.Add("-global::Probabilistic.Numerics.SpecialFunctions.LogGamma(" + a0 + ")");
                    t.Partials.Add((x, "(" + a0 + " - 1) / " + xs + " - " + a1));
                    t.Partials.Add((args[1], a0 + " / " + a1 + " - " + xs));
                    break;
                case "LogNormal":
                    {
                        // log p = −z²/2 − log σ − ½ log 2π − log x, z = (log x − μ)/σ: ∂x = −(z/σ + 1)/x, ∂μ = z/σ, ∂σ = (z² − 1)/σ.
                        Positive(args[1], a1, t, s);
                        Support(strict: true);
                        string lx = F("__lx"), z = F("__z");
                        string inv = Inverse(args[1], a1, s);
                        s.Forward.Add("double " + lx + " = " + MathPrefix + "Log(" + xs + ");");
                        s.Forward.Add("double " + z + " = (" + lx + " - " + a0 + ") * " + inv + ";");
                        t.Varying.Add("-0.5 * " + z + " * " + z + " - " + lx);
                        LogTerm(args[1], a1, t);
                        t.Constant.Add("-" + HalfLogTwoPi);
                        t.Partials.Add((x, "-(" + z + " * " + inv + " + 1) / " + xs));
                        t.Partials.Add((args[0], z + " * " + inv));
                        t.Partials.Add((args[1], "(" + z + " * " + z + " - 1) * " + inv));
                        break;
                    }
                case "Beta":
                    {
                        // log p = (α − 1) log x + (β − 1) log(1 − x) − log B(α, β) (0 < x < 1): ∂x = (α − 1)/x − (β − 1)/(1 − x),
                        // ∂α = log x − ψ(α) + ψ(α + β), ∂β = log(1 − x) − ψ(β) + ψ(α + β) (Distributions/Continuous/Beta.cs).
                        Positive(args[0], a0, t, s);
                        Positive(args[1], a1, t, s);
                        if (x.Literal is { } xv) { if (!(xv > 0 && xv < 1)) throw Unsupported(); }
                        else s.Forward.Add(Lines.ForwardOnly("if (!(" + xs + " > 0 && " + xs + " < 1)) return false;"));
                        string lx = F("__lx"), l1x = F("__l1x");
                        s.Forward.Add("double " + lx + " = " + MathPrefix + "Log(" + xs + "), " + l1x + " = global::Probabilistic.Numerics.SpecialFunctions.Log1p(-" + xs + ");");
                        t.Varying.Add("(" + a0 + " - 1) * " + lx + " + (" + a1 + " - 1) * " + l1x);
                        string logBeta = "-global::Probabilistic.Numerics.SpecialFunctions.LogBeta(" + a0 + ", " + a1 + ")";
                        if (args[0].Active || args[1].Active)
                        {
                            t.Varying.Add(logBeta);
                            string psi = F("__psi");
                            s.Forward.Add("double " + psi + " = global::Probabilistic.Numerics.SpecialFunctions.Digamma(" + a0 + " + " + a1 + ");");
                            t.Partials.Add((args[0], lx + " - global::Probabilistic.Numerics.SpecialFunctions.Digamma(" + a0 + ") + " + psi));
                            t.Partials.Add((args[1], l1x + " - global::Probabilistic.Numerics.SpecialFunctions.Digamma(" + a1 + ") + " + psi));
                        }
                        else t.Constant.Add(logBeta);
                        t.Partials.Add((x, "(" + a0 + " - 1) / " + xs + " - (" + a1 + " - 1) / (1 - " + xs + ")"));
                        break;
                    }
                case "Uniform":
                    {
                        // log p = −log(hi − lo) on [lo, hi]: ∂lo = 1/(hi − lo), ∂hi = −1/(hi − lo). A latent is checked too: its
                        // bijector's lo + (hi − lo)·σ(θ) can round past hi far out in θ, where the tape's Uniform gives −∞.
                        if (x.Literal is { } xv && args[0].Literal is { } lv && args[1].Literal is { } hv) { if (!(xv >= lv && xv <= hv)) throw Unsupported(); }
                        else s.Forward.Add(Lines.ForwardOnly("if (!(" + xs + " >= " + a0 + " && " + xs + " <= " + a1 + ")) return false;"));
                        if (args[0].Active || args[1].Active)
                        {
                            string w = F("__wd");
                            s.Forward.Add("double " + w + " = " + a1 + " - " + a0 + ";");
                            s.Forward.Add(Lines.ForwardOnly("if (!(" + w + " > 0)) return false;"));
                            t.Varying.Add("-" + MathPrefix + "Log(" + w + ")");
                            t.Partials.Add((args[0], "1.0 / " + w));
                            t.Partials.Add((args[1], "-1.0 / " + w));
                        }
                        else if (args[0].Literal is { } l && args[1].Literal is { } h)
                        {
                            if (!(h > l)) throw Unsupported();
                            t.Constant.Add(Literal(-Math.Log(h - l)));
                        }
                        else
                        {
                            t.ConstantRejects.Add("!(" + a1 + " - " + a0 + " > 0) || double.IsInfinity(" + a1 + " - " + a0 + ")");
                            t.Constant.Add("-" + MathPrefix + "Log(" + a1 + " - " + a0 + ")");
                        }
                        t.Varying.Add("0");
                        break;
                    }
                default: throw Unsupported();
            }
            s.Forward.Add(Lines.ForwardOnly("__lp += " + string.Join(" + ", t.Varying.Select(v => "(" + v + ")")) + ";"));
            if (t.Constant.Count > 0 || t.ConstantRejects.Count > 0)
            {
                string rejects = t.ConstantRejects.Count == 0 ? "" : "if (" + string.Join(" || ", t.ConstantRejects) + ") return false; ";
                string sum = t.Constant.Count == 0 ? "" : "__cacc += " + string.Join(" + ", t.Constant.Select(c => "(" + c + ")")) + "; ";
                s.Forward.Add(Lines.ForwardOnly("if (__fresh) { " + rejects + sum + "}"));
            }
            // d lp / d term = 1: each operand's adjoint takes its partial.
            var chunk = new List<string>();
            foreach (var (o, p) in t.Partials) Partial(o, p, s, chunk);
            if (chunk.Count > 0) s.Chunks.Add(chunk);
        }

        // A value in a local (so a partial may read it twice without recomputing it): the code itself when it is a name.
        private string Temp(string code, Scope s)
        {
            if (SyntaxFacts.IsValidIdentifier(code.TrimStart('@'))) return code;
            string t = Fresh("__a");
            s.Forward.Add("double " + t + " = " + code + ";");
            return t;
        }
    }
}
