using System.Globalization;
using System.Text;

namespace Probabilistic.Compiler.Tests.Differential;

/// <summary>Writes a <see cref="ModelProgram"/> as C# source: the model method, and a method that calls it with its arguments.</summary>
public static class ModelPrinter
{
    /// <summary>The usings every generated file starts with.</summary>
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using Probabilistic;
        using Probabilistic.Compilation;
        using static Probabilistic.Model;
        using static Probabilistic.Distributions.Dist;

        """;

    private const string Parameters = "double[] y, bool[] b, int[] c, double[] u, int n, double a";

    /// <summary>
    /// The file of program <paramref name="p"/> as class <paramref name="className"/> in namespace <c>Diff</c>:
    /// <c>[Compiled] Model(…)</c> and <c>Make()</c>, which calls it with the program's arguments (the call the generator
    /// intercepts); for an out-of-fragment program also <c>Plain(…)</c>, the same body without the attribute, and <c>MakePlain()</c>.
    /// </summary>
    public static string File(ModelProgram p, string className)
    {
        var sb = new StringBuilder(Usings);
        sb.Append("namespace Diff;\n\npublic static class ").Append(className).Append("\n{\n");
        sb.Append(Method(p, "Model", compiled: true)).Append('\n');
        string call = "(" + Arguments(p.Args) + ")";
        sb.Append("    public static Model<").Append(p.ResultType).Append("> Make() => Model").Append(call).Append(";\n");
        if (p.Kind == ProgramKind.Outside)
        {
            sb.Append('\n').Append(Method(p, "Plain", compiled: false)).Append('\n');
            sb.Append("    public static Model<").Append(p.ResultType).Append("> MakePlain() => Plain").Append(call).Append(";\n");
        }
        sb.Append("}\n");
        return sb.ToString();
    }

    /// <summary>The model method (indented four spaces).</summary>
    public static string Method(ModelProgram p, string name, bool compiled)
    {
        var sb = new StringBuilder();
        if (compiled) sb.Append("    [Compiled]\n");
        sb.Append("    public static Model<").Append(p.ResultType).Append("> ").Append(name).Append('(').Append(Parameters).Append(") =>\n");
        sb.Append("        ").Append(QueryText(p.Body, "\n        ")).Append(";\n");
        return sb.ToString();
    }

    /// <summary>The arguments as C# literals.</summary>
    public static string Arguments(ModelArgs a) =>
        "[" + string.Join(", ", a.Y.Select(Real)) + "], [" + string.Join(", ", a.B.Select(v => v ? "true" : "false")) + "], ["
        + string.Join(", ", a.C) + "], [" + string.Join(", ", a.U.Select(Real)) + "], " + a.N.ToString(CultureInfo.InvariantCulture) + ", " + Real(a.A);

    /// <summary>The C# type of a select list.</summary>
    public static string ResultType(IReadOnlyList<Expr> select) => select.Count == 1
        ? select[0] is PlateArray arr ? TypeName(arr.ElementType) + "[]" : TypeName(select[0].Type)
        : "(" + string.Join(", ", select.Select(e => TypeName(e.Type))) + ")";

    /// <summary>The C# name of a value type.</summary>
    public static string TypeName(Ty t) => t switch { Ty.Real => "Real", Ty.Bool => "bool", _ => "int" };

    /// <summary>A query expression; clauses separated by <paramref name="separator"/>.</summary>
    public static string QueryText(Query q, string separator)
    {
        var parts = q.Clauses.Select(Clause).ToList();
        parts.Add("select " + Select(q.Select));
        return string.Join(separator, parts);
    }

    private static string Select(IReadOnlyList<Expr> select) => select.Count == 1 ? Typed(select[0]) : "(" + string.Join(", ", select.Select(Typed)) + ")";

    /// <summary>An expression converted to its value type (a real to <c>Real</c>).</summary>
    private static string Typed(Expr e) => e.Type == Ty.Real && e is not PlateArray ? "(Real)" + Text(e) : Text(e);

    private static string Clause(Clause c) => c switch
    {
        SampleClause s => $"from {s.Name} in Sample(\"{s.Address}\", {Dist(s.Dist)})",
        ObserveClause o => $"from {o.Name} in Observe({(o.Address is null ? "" : $"\"{o.Address}\", ")}{Dist(o.Dist)}, {Text(o.Value)})",
        FactorClause f => $"from {f.Name} in Factor({Text(f.LogWeight)})",
        LetClause l => $"let {l.Name} = {Text(l.Value)}",
        ReturnClause r => $"from {r.Name} in Return({Text(r.Value)})",
        PlateClause p => $"from {p.Name} in Plate(\"{p.Address}\", {p.Count.Text}, {(p.Index is null ? "" : p.Index + " => ")}{Dist(p.Dist)})",
        FoldClause f => $"from {f.Name} in Fold(\"{f.Address}\", {f.Steps.Text}, {Init(f)}, ({f.Prev}, {f.Step}) => {QueryText(f.Body, " ")})",
        ObserveEachClause e => $"from {e.Name} in ObserveEach({(e.Address is null ? "" : $"\"{e.Address}\", ")}{e.Data}, ({e.Datum}, {e.Index}) => {Dist(e.Dist)})",
        NestedClause n => $"from {n.Name} in ({QueryText(n.Body, " ")})",
        SampledCountClause s => $"from {s.Name} in Plate(\"{s.Address}\", {s.Sampled.Name} + 1, {Dist(s.Dist)})",
        ChosenModelClause m => $"from {m.Name} in ({ChosenModel(m)})",
        SampledAddressClause a => $"from {a.Name} in Sample({SampledAddress(a)}, {Dist(a.Dist)})",
        _ => throw new ArgumentOutOfRangeException(nameof(c), c, "unknown clause"),
    };

    /// <summary>The conditional of a <see cref="ChosenModelClause"/> (the PROB004 span).</summary>
    public static string ChosenModel(ChosenModelClause m) => $"{m.Test.Name} ? Sample(\"{m.Address}\", {Dist(m.Then)}) : Sample(\"{m.ElseAddress}\", {Dist(m.Else)})";

    /// <summary>The address of a <see cref="SampledAddressClause"/> (the PROB002 span).</summary>
    public static string SampledAddress(SampledAddressClause a) => $"{a.Test.Name} ? \"{a.Address}\" : \"{a.ElseAddress}\"";

    private static string Init(FoldClause f) => f.Carry switch
    {
        Carry.Real => "(Real)" + Text(f.Init[0]),
        Carry.Int => Text(f.Init[0]),
        _ => "((Real)" + Text(f.Init[0]) + ", " + Text(f.Init[1]) + ")",
    };

    private static string Ctor(DistStyle style, string family) => style == DistStyle.New ? "new Probabilistic.Distributions." + family : family;

    /// <summary>A distribution expression.</summary>
    public static string Dist(DistSpec d) => d switch
    {
        NormalDist n => $"{Ctor(n.Style, "Normal")}({Text(n.Mu)}, {Text(n.Sigma)})",
        BernoulliDist b => $"{Ctor(b.Style, "Bernoulli")}({Text(b.P)})",
        CategoricalDist c => $"{Ctor(c.Style, "Categorical")}({CategoricalArguments(c)})",
        GeneralDist g => $"{Ctor(g.Style, g.Family)}({string.Join(", ", g.Args.Select(Text))})",
        _ => throw new ArgumentOutOfRangeException(nameof(d), d, "unknown distribution"),
    };

    private static string CategoricalArguments(CategoricalDist c)
    {
        switch (c.Form)
        {
            case CategoricalForm.Constants: return string.Join(", ", c.Constants.Select(Real));
            case CategoricalForm.Array: return "new[] { " + string.Join(", ", c.Constants.Select(Real)) + " }";
            case CategoricalForm.Doubles:
                {
                    string p = "((Real)" + Text(c.P!) + ").Value";
                    return c.K == 2 ? $"{p}, 1 - {p}" : $"0.5 * {p}, 0.5 * (1 - {p}), 0.5";
                }
            default:
                {
                    string p = "((Real)" + Text(c.P!) + ")";
                    return c.K == 2 ? $"{p}, 1 - {p}" : $"0.5 * {p}, 0.5 * (1 - {p}), (Real)0.5";
                }
        }
    }

    /// <summary>An expression (parenthesized where it is not atomic).</summary>
    public static string Text(Expr e) => e switch
    {
        RealLit r => Real(r.Value),
        BoolLit b => b.Value ? "true" : "false",
        IntLit i => i.Value < 0 ? "(" + i.Value.ToString(CultureInfo.InvariantCulture) + ")" : i.Value.ToString(CultureInfo.InvariantCulture),
        Var v => v.Name,
        ArgRef a => a.Name,
        Datum d => $"{d.Array}[{Text(d.Index)}]",
        PlateElement p => $"{p.Array}[{p.Index.ToString(CultureInfo.InvariantCulture)}]",
        PlateArray p => p.Array,
        Arith x => $"({Text(x.Left)} {x.Op} {Text(x.Right)})",
        Fn { Name: "Pos" } f => $"(0.5 + RealMath.Softplus({Text(f.Arg)}))",
        Fn { Name: "Prob" } f => $"(0.05 + 0.9 * RealMath.Logistic({Text(f.Arg)}))",
        Fn f => $"RealMath.{f.Name}({Text(f.Arg)})",
        IfElse c => $"({Text(c.Test)} ? {Text(c.Then)} : {Text(c.Else)})",
        Cmp c => $"({Text(c.Left)} {c.Op} {Text(c.Right)})",
        Not n => $"(!{Text(n.Arg)})",
        IntToReal i => $"((double){Text(i.Arg)})",
        _ => throw new ArgumentOutOfRangeException(nameof(e), e, "unknown expression"),
    };

    /// <summary>A double literal that reads back exactly (always with a point or exponent; negatives parenthesized).</summary>
    public static string Real(double v)
    {
        string s = v.ToString("R", CultureInfo.InvariantCulture);
        if (!s.Contains('.') && !s.Contains('E')) s += ".0";
        return v < 0 ? "(" + s + ")" : s;
    }
}
