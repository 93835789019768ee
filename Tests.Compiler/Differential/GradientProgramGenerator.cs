using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;

namespace Probabilistic.Compiler.Tests.Differential;

/// <summary>
/// Random continuous programs inside the generated gradient's fragment (Compiler/README.md, "The generated gradient"):
/// queries over Sample of Normal, HalfNormal, HalfCauchy, Exponential, Gamma (literal shape) and LogNormal, observations of
/// those families (of data, a literal or a model value), Factor, let, Plate (indexed or not), Fold with a real carried state
/// (the step reading the data at its index) and ObserveEach over real data; expressions of + − * and / (by a positive
/// value), <c>RealMath.Exp/Log/Sqrt</c>, a conditional on data between leaves, the arguments and the data. Scales are literals or
/// <c>0.5 + RealMath.Exp(0.25·e)</c> (always valid, moderate), so every point of θ in [−1.5, 1.5]ᵈ has a finite density.
/// Every program starts with a top-level draw (its density has a coordinate). Built from the differential harness's syntax
/// (<see cref="ModelPrinter"/> writes it) and passed through <see cref="ModelRepair.Repair"/>.
/// </summary>
public static class GradientProgramGenerator
{
    /// <summary>The programs.</summary>
    public static Gen<ModelProgram> Programs =>
        from length in Gen.Frequency((1, Gen.Constant(0)), (1, Gen.Constant(1)), (6, Gen.Choose(2, 5)))
        from y in Gen.ArrayOf(Gen.Choose(-200, 200).Select(v => v / 100.0), length)
        from u in Gen.ArrayOf(Gen.Choose(5, 95).Select(v => v / 100.0), length)
        from n in Gen.Choose(0, length)
        from a in Gen.Choose(-20, 20).Select(v => v / 10.0)
        let args = new ModelArgs([.. y], [.. y.Select(v => v > 0)], [.. y.Select(v => v > 0 ? 1 : 0)], [.. u], n, a)
        let s = new Scope(args)
        from first in SampleOf(s)
        from count in Gen.Choose(1, 5)
        from rest in ClausesOf(first.Scope, count)
        from chosen in SelectOf(rest.Scope)
        select ModelRepair.Repair(new ModelProgram(ProgramKind.Fragment, new Query([first.Clause, .. rest.Clauses], [chosen]), args));

    /// <summary>What a clause may read: the reals bound before it, the plates, the fold's step and carried state.</summary>
    private sealed record Scope(ModelArgs Args)
    {
        public ImmutableList<Var> Reals { get; init; } = [];
        public ImmutableList<(string Name, int Count)> Plates { get; init; } = [];
        public Var? Step { get; init; }
        public bool StepIndexesData { get; init; }
        public bool InFold { get; init; }
        public Var? Index { get; init; }
        public int Next { get; init; }

        public (string Name, Scope Scope) Fresh() => ("v" + Next, this with { Next = Next + 1 });
    }

    // A query's clauses (a fold's body starts with a from clause, as C# starts a query).
    private static Gen<(ImmutableList<Clause> Clauses, Scope Scope)> ClausesOf(Scope s, int count, bool first = false) =>
        count == 0
            ? Gen.Constant((ImmutableList<Clause>.Empty, s))
            : from head in ClauseOf(s, allowLet: !first)
              from rest in ClausesOf(head.Scope, count - 1)
              select (rest.Clauses.Insert(0, head.Clause), rest.Scope);

    private static Gen<(Clause Clause, Scope Scope)> ClauseOf(Scope s, bool allowLet)
    {
        var options = new List<(int, Gen<(Clause, Scope)>)> { (25, SampleOf(s)), (25, ObserveOf(s)), (8, FactorOf(s)) };
        if (allowLet) options.Add((12, LetOf(s)));
        if (!s.InFold)
        {
            options.Add((10, PlateOf(s)));
            options.Add((10, FoldOf(s)));
            options.Add((8, ObserveEachOf(s)));
        }
        return Gen.Frequency(options.ToArray());
    }

    private static Gen<(Clause Clause, Scope Scope)> SampleOf(Scope s)
    {
        var (name, next) = s.Fresh();
        return from d in DistributionOf(s)
               select ((Clause)new SampleClause(name, "", d), next with { Reals = next.Reals.Add(new Var(name, Ty.Real)) });
    }

    private static Gen<(Clause, Scope)> ObserveOf(Scope s)
    {
        var (name, next) = s.Fresh();
        return from d in DistributionOf(s)
               from v in ValueFor(d, s)
               from named in Gen.Elements(true, false)
               select ((Clause)new ObserveClause(name, named ? "" : null, d, v), next);
    }

    private static Gen<(Clause, Scope)> FactorOf(Scope s)
    {
        var (name, next) = s.Fresh();
        return RealOf(s, 2).Select(e => ((Clause)new FactorClause(name, new Arith('*', new RealLit(-0.25), new Arith('*', e, e))), next));
    }

    private static Gen<(Clause, Scope)> LetOf(Scope s)
    {
        var (name, next) = s.Fresh();
        return RealOf(s, 2).Select(e => ((Clause)new LetClause(name, e), next with { Reals = next.Reals.Add(new Var(name, Ty.Real)) }));
    }

    private static Gen<(Clause, Scope)> PlateOf(Scope s)
    {
        var (name, next) = s.Fresh();
        return from count in SizeOf(s)
               from indexed in Gen.Elements(true, false)
               from d in DistributionOf(indexed ? s with { Index = new Var("i", Ty.Int) } : s)
               select ((Clause)new PlateClause(name, "", count, d, indexed ? "i" : null), next with { Plates = next.Plates.Add((name, count.Value)) });
    }

    private static Gen<(Clause, Scope)> FoldOf(Scope s)
    {
        var (name, next) = s.Fresh();
        return from steps in SizeOf(s)
               from init in RealOf(s, 1)
               from length in Gen.Choose(1, 3)
               let inner = next with
               {
                   Reals = next.Reals.Add(new Var("prev", Ty.Real)),
                   Step = new Var("t", Ty.Int),
                   StepIndexesData = steps.Value <= s.Args.Length,
                   InFold = true,
               }
               from body in ClausesOf(inner, length, first: true)
               from chosen in RealOf(body.Scope, 1)
               let after = next with { Next = body.Scope.Next }
               select ((Clause)new FoldClause(name, "", steps, Carry.Real, [init], "prev", "t", new Query([.. body.Clauses], [chosen])),
                       after with { Reals = after.Reals.Add(new Var(name, Ty.Real)) });
    }

    private static Gen<(Clause, Scope)> ObserveEachOf(Scope s)
    {
        var (name, next) = s.Fresh();
        var inner = s with { Index = new Var("i", Ty.Int) };
        return from data in Gen.Elements("y", "u")
               from d in data == "y" ? NormalOf(inner) : PositiveFamilyOf(inner)
               select ((Clause)new ObserveEachClause(name, null, data, "d", "i", d), next);
    }

    private static Gen<Expr> SelectOf(Scope s) =>
        s.Plates.IsEmpty ? RealOf(s, 1) : Gen.Frequency((3, RealOf(s, 1)), (1, Gen.Elements(s.Plates.ToArray()).Select(p => (Expr)new PlateArray(p.Name, Ty.Real))));

    // ---- distributions ---------------------------------------------------------------------------------------------

    private static Gen<DistSpec> DistributionOf(Scope s) => Gen.Frequency((3, NormalOf(s)), (3, PositiveFamilyOf(s)));

    private static Gen<DistSpec> NormalOf(Scope s) =>
        from mu in RealOf(s, 2) from sigma in PositiveOf(s) from style in Gen.Elements(DistStyle.Call, DistStyle.New)
        select (DistSpec)new NormalDist(mu, sigma, style);

    private static Gen<DistSpec> PositiveFamilyOf(Scope s) =>
        from family in Gen.Elements("HalfNormal", "HalfCauchy", "Exponential", "Gamma", "LogNormal")
        from first in family switch
        {
            "LogNormal" => RealOf(s, 1),
            "Gamma" => Gen.Choose(2, 12).Select(v => (Expr)new RealLit(v / 4.0)), // a literal shape (∂/∂α is the tape's)
            _ => PositiveOf(s),
        }
        from second in PositiveOf(s)
        select (DistSpec)new GeneralDist(family, family is "Gamma" or "LogNormal" ? [first, second] : [first], DistStyle.Call);

    /// <summary>An observed value in the family's support: data, a literal, or (for Normal) a model value.</summary>
    private static Gen<Expr> ValueFor(DistSpec d, Scope s)
    {
        var index = IndexOf(s);
        return d switch
        {
            NormalDist => Gen.Frequency(
                (4, index is null ? Gen.Constant((Expr)new ArgRef("a", Ty.Real)) : index.Select(i => (Expr)new Datum("y", i, Ty.Real))),
                (1, RealOf(s, 1))),
            _ => Gen.Frequency(
                (3, index is null ? Gen.Choose(1, 9).Select(v => (Expr)new RealLit(v / 10.0)) : index.Select(i => (Expr)new Datum("u", i, Ty.Real))),
                (1, Gen.Choose(1, 9).Select(v => (Expr)new RealLit(v / 10.0))),
                (1, PositiveOf(s))),
        };
    }

    private static Gen<Expr>? IndexOf(Scope s)
    {
        var constant = s.Args.Length == 0 ? null : Gen.Choose(0, s.Args.Length - 1).Select(k => (Expr)new IntLit(k));
        if (s.Step is { } step && s.StepIndexesData)
            return constant is null ? Gen.Constant((Expr)step) : Gen.Frequency((3, Gen.Constant((Expr)step)), (1, constant));
        return constant;
    }

    // ---- expressions -----------------------------------------------------------------------------------------------

    private static List<Expr> Leaves(Scope s)
    {
        var leaves = new List<Expr>(s.Reals) { new ArgRef("a", Ty.Real) };
        if (s.Args.Length > 0) leaves.Add(new Datum("y", new IntLit(s.Args.Length - 1), Ty.Real));
        if (s.Step is { } step && s.StepIndexesData) leaves.Add(new Datum("y", step, Ty.Real));
        if (s.Index is { } i) leaves.Add(new IntToReal(i));
        foreach (var (name, count) in s.Plates)
            if (count > 0) leaves.Add(new PlateElement(name, count - 1, Ty.Real));
        return leaves;
    }

    private static Gen<Expr> RealOf(Scope s, int depth)
    {
        var literal = Gen.Choose(-6, 6).Select(v => (Expr)new RealLit(v / 4.0));
        var leaf = Gen.Frequency((1, literal), (3, Gen.Elements(Leaves(s).ToArray())));
        if (depth == 0) return leaf;
        return Gen.Frequency(
            (4, leaf),
            (3, from op in Gen.Elements('+', '-', '*') from l in RealOf(s, depth - 1) from r in RealOf(s, depth - 1) select (Expr)new Arith(op, l, r)),
            (1, from l in RealOf(s, depth - 1) from r in PositiveOf(s, depth - 1) select (Expr)new Arith('/', l, r)),
            (1, RealOf(s, depth - 1).Select(e => (Expr)new Fn("Exp", new Arith('*', new RealLit(0.25), e)))),
            (1, PositiveOf(s, depth - 1).Select(e => (Expr)new Fn("Log", e))),
            (1, PositiveOf(s, depth - 1).Select(e => (Expr)new Fn("Sqrt", e))),
            // Its branches are leaves (the fragment evaluates a branch only when taken: no operation inside).
            (1, from c in DataTest(s) from l in RealOf(s, 0) from r in RealOf(s, 0) select (Expr)new IfElse(c, l, r)));
    }

    // A test on data only (a conditional on a value is outside the fragment).
    private static Gen<Expr> DataTest(Scope s)
    {
        var tests = new List<Expr> { new Cmp(">", new ArgRef("a", Ty.Real), new RealLit(0)) };
        if (s.Step is { } step) tests.Add(new Cmp("==", step, new IntLit(0)));
        if (s.Args.Length > 0) tests.Add(new Cmp(">", new Datum("y", new IntLit(0), Ty.Real), new RealLit(0.5)));
        return Gen.Elements(tests.ToArray());
    }

    /// <summary>A positive value: a literal, or 0.5 + e^(e/4).</summary>
    private static Gen<Expr> PositiveOf(Scope s, int depth = 1) => Gen.Frequency(
        (2, Gen.Choose(2, 8).Select(v => (Expr)new RealLit(v / 4.0))),
        (3, RealOf(s, depth).Select(e => (Expr)new Arith('+', new RealLit(0.5), new Fn("Exp", new Arith('*', new RealLit(0.25), e))))));

    private static Gen<Size> SizeOf(Scope s) => Gen.Frequency(
        (2, Gen.Choose(0, 3).Select(k => new Size(k.ToString(System.Globalization.CultureInfo.InvariantCulture), k))),
        (2, Gen.Constant(new Size("n", s.Args.N))),
        (2, Gen.Constant(new Size("y.Length", s.Args.Length))));
}
