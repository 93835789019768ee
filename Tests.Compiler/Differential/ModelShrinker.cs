using System.Collections.Immutable;

namespace Probabilistic.Compiler.Tests.Differential;

/// <summary>
/// Immediate shrinks of a model program, smallest first: delete a clause (its readers then read a literal), run a Fold
/// no steps, make a fold or nested query's body shorter, replace a clause's expressions by literals, simplify a
/// distribution (constructor to call, Categorical to constants), make the result a literal, make the data plain. Every
/// candidate goes through <see cref="ModelRepair.Repair"/> and is kept only when well formed and of its kind (an
/// Outside program keeps its construct; a finite one stays enumerable).
/// </summary>
public static class ModelShrinker
{
    /// <summary>The shrinks of <paramref name="p"/>.</summary>
    public static IEnumerable<ModelProgram> Shrink(ModelProgram p) =>
        Candidates(p)
            .Select(ModelRepair.Repair)
            .Where(c => ModelRepair.IsWellFormed(c)
                && (c.Kind != ProgramKind.Outside || c.ExpectedDiagnostic == p.ExpectedDiagnostic)
                && (c.Kind == ProgramKind.Fragment || ModelRepair.PathBound(c.Body) <= ModelGenerator.MaxPaths)
                && ModelPrinter.File(c, "P") != ModelPrinter.File(p, "P")); // records holding arrays compare by reference: compare the text

    private static IEnumerable<ModelProgram> Candidates(ModelProgram p)
    {
        foreach (var body in ShrinkQuery(p.Body)) yield return p with { Body = body };
        if (!p.Body.Select.All(ModelRewrite.IsLiteral)) yield return p with { Body = p.Body with { Select = ModelRewrite.Literals(p.Body.Select) } };
        if (p.Body.Select.Length > 1) yield return p with { Body = p.Body with { Select = [p.Body.Select[0]] } };
        var plain = p.Args with
        {
            Y = [.. p.Args.Y.Select(_ => 0.0)],
            B = [.. p.Args.B.Select(_ => false)],
            C = [.. p.Args.C.Select(_ => 0)],
            U = [.. p.Args.U.Select(_ => 0.5)],
            A = 0,
        };
        if (plain != p.Args && !SameArgs(plain, p.Args)) yield return p with { Args = plain };
    }

    private static bool SameArgs(ModelArgs x, ModelArgs y) =>
        x.Y.SequenceEqual(y.Y) && x.B.SequenceEqual(y.B) && x.C.SequenceEqual(y.C) && x.U.SequenceEqual(y.U) && x.N == y.N && x.A.Equals(y.A);

    private static IEnumerable<Query> ShrinkQuery(Query q)
    {
        // Delete a clause: the clauses after it read a literal for its value.
        for (int i = 0; i < q.Clauses.Length; i++)
        {
            var forget = ModelRewrite.Forget(q.Clauses[i].Name);
            var rest = q with { Clauses = q.Clauses.RemoveAt(i) };
            yield return ModelRewrite.Map(rest, forget);
        }
        for (int i = 0; i < q.Clauses.Length; i++)
            foreach (var c in ShrinkClause(q.Clauses[i]))
                yield return q with { Clauses = q.Clauses.SetItem(i, c) };
        if (!q.Select.All(ModelRewrite.IsLiteral)) yield return q with { Select = ModelRewrite.Literals(q.Select) };
    }

    private static IEnumerable<Clause> ShrinkClause(Clause c)
    {
        switch (c)
        {
            case FoldClause f:
                if (f.Steps.Value > 0) yield return f with { Steps = new Size("0", 0) };
                foreach (var body in ShrinkQuery(f.Body)) yield return f with { Body = body };
                break;
            case NestedClause n:
                foreach (var body in ShrinkQuery(n.Body)) yield return n with { Body = body };
                break;
            case PlateClause { Count.Value: > 0 } p:
                yield return p with { Count = new Size("0", 0) };
                break;
        }
        var literal = ModelRewrite.Map(c, e => ModelRewrite.IsLiteral(e) || e is Datum or ArgRef || e.Type != Ty.Real && e is Var ? e : Simplest(e));
        if (literal != c) yield return literal;
        foreach (var d in Distributions(c))
            foreach (var simpler in ShrinkDist(d.Dist))
                yield return d.With(simpler);
    }

    // A real expression as a literal (keeping a Pos or Prob wrapper's validity: its argument becomes 0).
    private static Expr Simplest(Expr e) => e switch
    {
        Fn { Name: "Pos" or "Prob" } f when !ModelRewrite.IsLiteral(f.Arg) => f with { Arg = new RealLit(0) },
        Fn { Name: "Pos" or "Prob" } => e,
        _ when e.Type == Ty.Real => new RealLit(0),
        _ => e,
    };

    private static IEnumerable<(DistSpec Dist, Func<DistSpec, Clause> With)> Distributions(Clause c)
    {
        switch (c)
        {
            case SampleClause s: yield return (s.Dist, d => s with { Dist = d }); break;
            case ObserveClause o: yield return (o.Dist, d => o with { Dist = d }); break;
            case PlateClause p: yield return (p.Dist, d => p with { Dist = d }); break;
            case ObserveEachClause e: yield return (e.Dist, d => e with { Dist = d }); break;
        }
    }

    private static IEnumerable<DistSpec> ShrinkDist(DistSpec d)
    {
        switch (d)
        {
            case NormalDist { Style: DistStyle.New } n: yield return n with { Style = DistStyle.Call }; break;
            case BernoulliDist { Style: DistStyle.New } b: yield return b with { Style = DistStyle.Call }; break;
            case GeneralDist { Style: DistStyle.New } g: yield return g with { Style = DistStyle.Call }; break;
            case CategoricalDist c when c.Form != CategoricalForm.Constants || c.Style == DistStyle.New:
                yield return new CategoricalDist(CategoricalForm.Constants, [.. Enumerable.Repeat(1.0 / c.K, c.K)], null, c.K, DistStyle.Call);
                break;
        }
    }
}
