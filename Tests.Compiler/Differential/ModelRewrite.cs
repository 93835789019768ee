using System.Collections.Immutable;

namespace Probabilistic.Compiler.Tests.Differential;

/// <summary>Traversals of a program's expressions: every node, and bottom-up rewriting (for the shrinker).</summary>
public static class ModelRewrite
{
    /// <summary><paramref name="e"/> and every subexpression.</summary>
    public static IEnumerable<Expr> Nodes(Expr e)
    {
        yield return e;
        foreach (var child in Children(e))
            foreach (var n in Nodes(child)) yield return n;
    }

    private static IEnumerable<Expr> Children(Expr e) => e switch
    {
        Datum d => [d.Index],
        Arith a => [a.Left, a.Right],
        Fn f => [f.Arg],
        IfElse c => [c.Test, c.Then, c.Else],
        Cmp c => [c.Left, c.Right],
        Not n => [n.Arg],
        IntToReal i => [i.Arg],
        _ => [],
    };

    /// <summary>The parameter expressions of a distribution.</summary>
    public static IEnumerable<Expr> Expressions(DistSpec d) => d switch
    {
        NormalDist n => [n.Mu, n.Sigma],
        BernoulliDist b => [b.P],
        CategoricalDist { P: { } p } => [p],
        GeneralDist g => g.Args,
        _ => [],
    };

    /// <summary><paramref name="e"/> rewritten bottom-up by <paramref name="f"/>.</summary>
    public static Expr Map(Expr e, Func<Expr, Expr> f) => f(e switch
    {
        Datum d => d with { Index = Map(d.Index, f) },
        Arith a => a with { Left = Map(a.Left, f), Right = Map(a.Right, f) },
        Fn fn => fn with { Arg = Map(fn.Arg, f) },
        IfElse c => c with { Test = Map(c.Test, f), Then = Map(c.Then, f), Else = Map(c.Else, f) },
        Cmp c => c with { Left = Map(c.Left, f), Right = Map(c.Right, f) },
        Not n => n with { Arg = Map(n.Arg, f) },
        IntToReal i => i with { Arg = Map(i.Arg, f) },
        _ => e,
    });

    /// <summary>A distribution with its parameters rewritten.</summary>
    public static DistSpec Map(DistSpec d, Func<Expr, Expr> f) => d switch
    {
        NormalDist n => n with { Mu = Map(n.Mu, f), Sigma = Map(n.Sigma, f) },
        BernoulliDist b => b with { P = Map(b.P, f) },
        CategoricalDist { P: { } p } c => c with { P = Map(p, f) },
        GeneralDist g => g with { Args = [.. g.Args.Select(a => Map(a, f))] },
        _ => d,
    };

    /// <summary>A clause with every expression (nested bodies included) rewritten.</summary>
    public static Clause Map(Clause c, Func<Expr, Expr> f) => c switch
    {
        SampleClause s => s with { Dist = Map(s.Dist, f) },
        ObserveClause o => o with { Dist = Map(o.Dist, f), Value = Map(o.Value, f) },
        FactorClause x => x with { LogWeight = Map(x.LogWeight, f) },
        LetClause l => l with { Value = Map(l.Value, f) },
        ReturnClause r => r with { Value = Map(r.Value, f) },
        PlateClause p => p with { Dist = Map(p.Dist, f) },
        FoldClause fold => fold with { Init = [.. fold.Init.Select(e => Map(e, f))], Body = Map(fold.Body, f) },
        ObserveEachClause e => e with { Dist = Map(e.Dist, f) },
        NestedClause n => n with { Body = Map(n.Body, f) },
        SampledCountClause s => s with { Dist = Map(s.Dist, f) },
        ChosenModelClause m => m with { Then = Map(m.Then, f), Else = Map(m.Else, f) },
        SampledAddressClause a => a with { Dist = Map(a.Dist, f) },
        _ => c,
    };

    /// <summary>A query with every expression rewritten.</summary>
    public static Query Map(Query q, Func<Expr, Expr> f) =>
        new([.. q.Clauses.Select(c => Map(c, f))], [.. q.Select.Select(e => Map(e, f))]);

    /// <summary>The literal a shrunk expression of type <paramref name="t"/> becomes.</summary>
    public static Expr Default(Ty t) => t switch
    {
        Ty.Real => new RealLit(0),
        Ty.Bool => new BoolLit(false),
        _ => new IntLit(0),
    };

    /// <summary>Replaces every read of the variable or plate <paramref name="name"/> by a literal of its type.</summary>
    public static Func<Expr, Expr> Forget(string name) => e => e switch
    {
        Var v when v.Root == name => Default(v.Type),
        PlateElement p when p.Array == name => Default(p.Type),
        PlateArray p when p.Array == name => Default(p.Type),
        _ => e,
    };

    /// <summary>True when <paramref name="e"/> is a literal.</summary>
    public static bool IsLiteral(Expr e) => e is RealLit or BoolLit or IntLit;

    /// <summary>The select list with shape preserved.</summary>
    public static ImmutableArray<Expr> Literals(ImmutableArray<Expr> select) => [.. select.Select(e => Default(e.Type))];
}
