using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;

namespace Probabilistic.Compiler.Tests.Differential;

/// <summary>
/// Random model programs (FsCheck generators) in the static fragment the compiler accepts (see Compiler/README.md):
/// queries over Sample, Observe (named or not), Factor, Return, let, Plate (of a distribution or <c>i =&gt; dist</c>),
/// Fold (a Real, int or (Real, int) carried state; data read at the step index), ObserveEach and nested queries;
/// Normal, Bernoulli and Categorical (each form the compiler treats differently) and the general families Gamma, Beta,
/// Exponential, LogNormal, Poisson, written as <c>Dist</c> calls or constructors; arithmetic, comparisons and
/// conditionals over the model's values, the arguments <c>a</c> and <c>n</c>, and the data; sizes from the arguments
/// (constants, <c>n</c>, <c>y.Length</c>, including 0). Every parameter is valid whatever the values (scales through
/// 0.5 + softplus, probabilities through 0.05 + 0.9·logistic), so every run has a finite weight.
/// <see cref="ProgramKind.Discrete"/> programs draw only Bernoulli and Categorical values (their posterior is
/// enumerable); <see cref="ProgramKind.Outside"/> programs add one construct whose address depends on a sampled value.
/// </summary>
public static class ModelGenerator
{
    /// <summary>The most executions a Discrete or Outside program may have (so <c>Enumerate</c> runs in milliseconds).</summary>
    public const long MaxPaths = 512;

    /// <summary>Programs of <paramref name="kind"/>, passed through <see cref="ModelRepair.Repair"/>.</summary>
    public static Gen<ModelProgram> Programs(ProgramKind kind) =>
        (from args in Arguments
         from length in Gen.Choose(2, 6)
         from body in TopLevel(new Scope(args, kind), length)
         select ModelRepair.Repair(new ModelProgram(kind, body, args)))
        .Where(p => kind == ProgramKind.Fragment || ModelRepair.PathBound(p.Body) <= MaxPaths);

    private static Gen<ModelArgs> Arguments =>
        from length in Gen.Frequency((1, Gen.Constant(0)), (1, Gen.Constant(1)), (6, Gen.Choose(2, 5)))
        from y in Gen.ArrayOf(Gen.Choose(-200, 200).Select(v => v / 100.0), length)
        from b in Gen.ArrayOf(Gen.Elements(true, false), length)
        from c in Gen.ArrayOf(Gen.Choose(0, 1), length)
        from u in Gen.ArrayOf(Gen.Choose(5, 95).Select(v => v / 100.0), length)
        from n in Gen.Choose(0, length)
        from a in Gen.Choose(-20, 20).Select(v => v / 10.0)
        select new ModelArgs([.. y], [.. b], [.. c], [.. u], n, a);

    // ---- scopes ----------------------------------------------------------------------------------------------------

    /// <summary>What a clause may read: the variables and plates bound before it, the fold's step (in a fold's body).</summary>
    private sealed record Scope(ModelArgs Args, ProgramKind Kind)
    {
        public ImmutableList<Var> Vars { get; init; } = [];
        public ImmutableList<(string Name, Ty Element, int Count)> Plates { get; init; } = [];
        public Var? Step { get; init; }
        public bool StepIndexesData { get; init; }
        public bool InFold { get; init; }
        public bool InNested { get; init; }
        public string Prefix { get; init; } = "v";
        public int Next { get; init; }

        public bool Discrete => Kind != ProgramKind.Fragment;
        public (string Name, Scope Scope) Fresh() => (Prefix + Next, this with { Next = Next + 1 });
        public Scope Bind(Var v) => this with { Vars = Vars.Add(v) };
    }

    private static Gen<Query> TopLevel(Scope s, int length) =>
        from clauses in ClausesOf(s, length)
        // The out-of-fragment construct reads only its own fresh draw and the arguments (it may go anywhere).
        from outside in s.Kind == ProgramKind.Outside ? OutsideOf(s with { Next = clauses.Scope.Next }).Select(o => (ImmutableList<Clause>?)o.Clauses) : Gen.Constant((ImmutableList<Clause>?)null)
        from cut in Gen.Choose(0, clauses.Clauses.Count)
        let all = outside is null ? clauses.Clauses : clauses.Clauses.InsertRange(cut, outside)
        from chosen in SelectOf(clauses.Scope, topLevel: true)
        select new Query([.. all], chosen);

    // A query's clauses; the first is a from clause (C# starts a query with one).
    private static Gen<(ImmutableList<Clause> Clauses, Scope Scope)> ClausesOf(Scope s, int count, bool first = true) =>
        count == 0
            ? Gen.Constant((ImmutableList<Clause>.Empty, s))
            : from head in ClauseOf(s, allowLet: !first)
              from rest in ClausesOf(head.Scope, count - 1, first: false)
              select (rest.Clauses.Insert(0, head.Clause), rest.Scope);

    private static Gen<(Clause Clause, Scope Scope)> ClauseOf(Scope s, bool allowLet)
    {
        var options = new List<(int, Gen<(Clause, Scope)>)>
        {
            (30, SampleOf(s)),
            (22, ObserveOf(s)),
            (8, FactorOf(s)),
            (4, ReturnOf(s)),
            (8, PlateOf(s)),
        };
        if (allowLet) options.Add((12, LetOf(s)));
        if (!s.InFold)
        {
            options.Add((10, FoldOf(s)));
            options.Add((6, ObserveEachOf(s)));
        }
        if (!s.InNested) options.Add((5, NestedOf(s)));
        return Gen.Frequency(options.ToArray());
    }

    private static Gen<(Clause, Scope)> SampleOf(Scope s)
    {
        var (name, next) = s.Fresh();
        return from d in LatentOf(s)
               select ((Clause)new SampleClause(name, "", d), next.Bind(new Var(name, d.Type)));
    }

    private static Gen<(Clause, Scope)> ObserveOf(Scope s)
    {
        var (name, next) = s.Fresh();
        return from d in ObservedOf(s)
               from v in ValueFor(d, s)
               from named in Gen.Elements(true, false)
               select ((Clause)new ObserveClause(name, named ? "" : null, d, v), next);
    }

    private static Gen<(Clause, Scope)> FactorOf(Scope s)
    {
        var (name, next) = s.Fresh();
        var weight = Gen.Frequency(
            (2, Gen.Choose(-6, 2).Select(v => (Expr)new RealLit(v / 4.0))),
            (3, RealOf(s, 1).Select(e => (Expr)new Fn("Tanh", e))),
            (2, RealOf(s, 1).Select(e => (Expr)new Arith('*', new RealLit(-1), new Fn("Softplus", e)))),
            (2, BoolOf(s, 1).Select(e => (Expr)new IfElse(e, new RealLit(0), new RealLit(-1.5)))));
        return weight.Select(w => ((Clause)new FactorClause(name, w), next));
    }

    private static Gen<(Clause, Scope)> LetOf(Scope s)
    {
        var (name, next) = s.Fresh();
        return from t in TypeOf
               from e in ExprOf(t, s, 2)
               select ((Clause)new LetClause(name, e), next.Bind(new Var(name, t)));
    }

    private static Gen<(Clause, Scope)> ReturnOf(Scope s)
    {
        var (name, next) = s.Fresh();
        return from t in TypeOf
               from e in ExprOf(t, s, 1)
               select ((Clause)new ReturnClause(name, e), next.Bind(new Var(name, t)));
    }

    private static Gen<(Clause, Scope)> PlateOf(Scope s)
    {
        var (name, next) = s.Fresh();
        var index = new Var("i", Ty.Int);
        return from count in SizeOf(s)
               from indexed in Gen.Elements(true, false)
               from d in LatentOf(indexed ? s.Bind(index) : s)
               select ((Clause)new PlateClause(name, "", count, d, indexed ? "i" : null),
                       next with { Plates = next.Plates.Add((name, d.Type, count.Value)) });
    }

    private static Gen<(Clause, Scope)> FoldOf(Scope s)
    {
        var (name, next) = s.Fresh();
        return from steps in SizeOf(s)
               from carry in Gen.Elements(Carry.Real, Carry.Int, Carry.Pair)
               from init in InitOf(carry, s)
               from length in Gen.Choose(1, 4)
               let prev = carry == Carry.Pair ? new[] { new Var("prev.Item1", Ty.Real), new Var("prev.Item2", Ty.Int) }
                   : [new Var("prev", carry == Carry.Real ? Ty.Real : Ty.Int)]
               let inner = next with
               {
                   Vars = next.Vars.AddRange(prev).Add(new Var("t", Ty.Int)),
                   Step = new Var("t", Ty.Int),
                   StepIndexesData = steps.Value <= s.Args.Length,
                   InFold = true,
               }
               from body in ClausesOf(inner, length)
               from chosen in CarrySelectOf(carry, body.Scope)
               let after = next with { Next = body.Scope.Next }
               select ((Clause)new FoldClause(name, "", steps, carry, init, "prev", "t", new Query([.. body.Clauses], chosen)),
                       carry == Carry.Pair
                           ? after.Bind(new Var(name + ".Item1", Ty.Real)).Bind(new Var(name + ".Item2", Ty.Int))
                           : after.Bind(new Var(name, carry == Carry.Real ? Ty.Real : Ty.Int)));
    }

    private static Gen<ImmutableArray<Expr>> InitOf(Carry carry, Scope s) => carry switch
    {
        Carry.Real => RealOf(s, 1).Select(e => ImmutableArray.Create(e)),
        Carry.Int => IntOf(s, 1).Select(e => ImmutableArray.Create(e)),
        _ => from r in RealOf(s, 1) from i in IntOf(s, 1) select ImmutableArray.Create(r, i),
    };

    private static Gen<ImmutableArray<Expr>> CarrySelectOf(Carry carry, Scope s) => carry switch
    {
        Carry.Real => RealOf(s, 1).Select(e => ImmutableArray.Create(e)),
        Carry.Int => IntOf(s, 1).Select(e => ImmutableArray.Create(e)),
        _ => from r in RealOf(s, 1) from i in IntOf(s, 1) select ImmutableArray.Create(r, i),
    };

    private static Gen<(Clause, Scope)> ObserveEachOf(Scope s)
    {
        var (name, next) = s.Fresh();
        var inner = s.Bind(new Var("i", Ty.Int));
        return from data in Gen.Elements("y", "u", "b", "c")
               from d in data switch
               {
                   "y" => RealParameters(inner).Select(p => (DistSpec)new NormalDist(p.Mu, p.Scale, p.Style)),
                   "u" => PositiveFamilyOf(inner),
                   "b" => BernoulliOf(inner),
                   _ => Gen.Frequency((3, CategoricalOf(inner)), (1, PoissonOf(inner))),
               }
               // Only ObserveEach<TData> has a named overload: real data (y, u) are observed unnamed.
               from named in data is "b" or "c" ? Gen.Elements(true, false) : Gen.Constant(false)
               select ((Clause)new ObserveEachClause(name, named ? "" : null, data, "d", "i", d), next);
    }

    private static Gen<(Clause, Scope)> NestedOf(Scope s)
    {
        var (name, next) = s.Fresh();
        var inner = s with { InNested = true, Prefix = "w", Next = 0 };
        return from length in Gen.Choose(1, 3)
               from body in ClausesOf(inner, length)
               from chosen in SelectOf(body.Scope, topLevel: false)
               select ((Clause)new NestedClause(name, new Query([.. body.Clauses], chosen)), next.Bind(new Var(name, chosen[0].Type)));
    }

    private static Gen<ImmutableArray<Expr>> SelectOf(Scope s, bool topLevel)
    {
        var scalar = from t in TypeOf from e in ExprOf(t, s, 2) select ImmutableArray.Create(e);
        if (!topLevel) return scalar;
        var options = new List<(int, Gen<ImmutableArray<Expr>>)>
        {
            (6, scalar),
            (2, from t in TypeOf from u in TypeOf from e in ExprOf(t, s, 1) from f in ExprOf(u, s, 1) select ImmutableArray.Create(e, f)),
        };
        if (!s.Plates.IsEmpty) options.Add((3, Gen.Elements(s.Plates.ToArray()).Select(p => ImmutableArray.Create((Expr)new PlateArray(p.Name, p.Element)))));
        return Gen.Frequency(options.ToArray());
    }

    /// <summary>
    /// The one out-of-fragment construct of an Outside program, after a fresh draw it depends on: a Plate whose count is
    /// the draw (PROB003), a conditional choosing between two Samples (PROB004), an address chosen by the draw (PROB002).
    /// </summary>
    private static Gen<(ImmutableList<Clause> Clauses, Scope Scope)> OutsideOf(Scope s)
    {
        var (k, s1) = s.Fresh();
        var (v, s2) = s1.Fresh();
        var count = from d in BernoulliOf(s)
                    select ImmutableList.Create<Clause>(
                        new SampleClause(k, "", new CategoricalDist(CategoricalForm.Constants, [0.5, 0.3, 0.2], null, 3, DistStyle.Call)),
                        new SampledCountClause(v, "", new Var(k, Ty.Int), d));
        var test = new Var(k, Ty.Bool);
        var coin = new SampleClause(k, "", new BernoulliDist(new RealLit(0.4), DistStyle.Call));
        var chosen = from d1 in BernoulliOf(s) from d2 in BernoulliOf(s)
                     select ImmutableList.Create<Clause>(coin, new ChosenModelClause(v, test, "", d1, "", d2));
        var address = from d in LatentOf(s)
                      select ImmutableList.Create<Clause>(coin, new SampledAddressClause(v, test, "", "", d));
        return Gen.OneOf(count, chosen, address).Select(c => (c, s2));
    }

    // ---- distributions ---------------------------------------------------------------------------------------------

    /// <summary>A distribution to draw from: any family in the fragment, Bernoulli and Categorical only for Discrete and Outside.</summary>
    private static Gen<DistSpec> LatentOf(Scope s) => s.Discrete
        ? Gen.Frequency((1, BernoulliOf(s)), (1, CategoricalOf(s)))
        : Gen.Frequency(
            (5, RealParameters(s).Select(p => (DistSpec)new NormalDist(p.Mu, p.Scale, p.Style))),
            (3, PositiveFamilyOf(s)),
            (3, BernoulliOf(s)),
            (3, CategoricalOf(s)),
            (1, PoissonOf(s)));

    /// <summary>A distribution to observe (any family, whatever the program's kind: observations are not enumerated).</summary>
    private static Gen<DistSpec> ObservedOf(Scope s) => Gen.Frequency(
        (5, RealParameters(s).Select(p => (DistSpec)new NormalDist(p.Mu, p.Scale, p.Style))),
        (2, PositiveFamilyOf(s)),
        (3, BernoulliOf(s)),
        (2, CategoricalOf(s)),
        (1, PoissonOf(s)));

    private static Gen<DistStyle> StyleOf => Gen.Frequency((3, Gen.Constant(DistStyle.Call)), (1, Gen.Constant(DistStyle.New)));

    private static Gen<(Expr Mu, Expr Scale, DistStyle Style)> RealParameters(Scope s) =>
        from mu in RealOf(s, 1) from scale in PositiveOf(s) from style in StyleOf select (mu, scale, style);

    private static Gen<DistSpec> PositiveFamilyOf(Scope s) =>
        from family in Gen.Elements("Gamma", "Beta", "Exponential", "LogNormal")
        from first in family == "LogNormal" ? RealOf(s, 1) : PositiveOf(s)
        from second in PositiveOf(s)
        from style in StyleOf
        select (DistSpec)new GeneralDist(family, family == "Exponential" ? [first] : [first, second], style);

    private static Gen<DistSpec> PoissonOf(Scope s) =>
        from rate in PositiveOf(s) from style in StyleOf select (DistSpec)new GeneralDist("Poisson", [rate], style);

    private static Gen<DistSpec> BernoulliOf(Scope s) =>
        from p in ProbabilityOf(s) from style in StyleOf select (DistSpec)new BernoulliDist(p, style);

    private static Gen<DistSpec> CategoricalOf(Scope s) =>
        from form in Gen.Elements(CategoricalForm.Constants, CategoricalForm.Array, CategoricalForm.Doubles, CategoricalForm.Reals)
        from k in Gen.Choose(2, 3)
        from weights in Gen.ArrayOf(Gen.Choose(1, 8), k)
        from p in ProbabilityOf(s)
        from style in StyleOf
        let probs = Normalized(weights)
        select (DistSpec)(form is CategoricalForm.Constants or CategoricalForm.Array
            ? new CategoricalDist(form, probs, null, k, style)
            : new CategoricalDist(form, [], p, k, style));

    private static ImmutableArray<double> Normalized(int[] weights)
    {
        // Eighths, so the sum is exactly 1 in floating point: w/8 for all but the last, the rest for the last.
        int total = weights.Sum();
        var eighths = weights.Select(w => Math.Max(1, (int)Math.Round(8.0 * w / total))).ToArray();
        int excess = eighths.Sum() - 8;
        for (int i = 0; excess != 0; i = (i + 1) % eighths.Length)
        {
            if (excess > 0 && eighths[i] > 1) { eighths[i]--; excess--; }
            else if (excess < 0) { eighths[i]++; excess++; }
        }
        return [.. eighths.Select(e => e / 8.0)];
    }

    // ---- observed values -------------------------------------------------------------------------------------------

    /// <summary>A value in the support of <paramref name="d"/>: mostly data, sometimes a literal or (for a real or bool) a model value.</summary>
    private static Gen<Expr> ValueFor(DistSpec d, Scope s)
    {
        var index = IndexOf(s);
        return d switch
        {
            NormalDist => Gen.Frequency(
                (5, index is null ? Gen.Constant((Expr)new ArgRef("a", Ty.Real)) : index.Select(i => (Expr)new Datum("y", i, Ty.Real))),
                (1, Gen.Constant((Expr)new ArgRef("a", Ty.Real))),
                (1, RealOf(s, 1))),
            GeneralDist { Family: "Poisson" } => Gen.Frequency(
                (3, index is null ? Gen.Choose(0, 3).Select(v => (Expr)new IntLit(v)) : index.Select(i => (Expr)new Datum("c", i, Ty.Int))),
                (1, Gen.Choose(0, 3).Select(v => (Expr)new IntLit(v)))),
            GeneralDist => Gen.Frequency(
                (3, index is null ? Gen.Choose(1, 9).Select(v => (Expr)new RealLit(v / 10.0)) : index.Select(i => (Expr)new Datum("u", i, Ty.Real))),
                (1, Gen.Choose(1, 9).Select(v => (Expr)new RealLit(v / 10.0)))),
            BernoulliDist => Gen.Frequency(
                (3, index is null ? Gen.Elements(true, false).Select(v => (Expr)new BoolLit(v)) : index.Select(i => (Expr)new Datum("b", i, Ty.Bool))),
                (1, BoolOf(s, 1))),
            CategoricalDist c => Gen.Frequency(
                (3, index is null ? Gen.Choose(0, c.K - 1).Select(v => (Expr)new IntLit(v)) : index.Select(i => (Expr)new Datum("c", i, Ty.Int))),
                (1, Gen.Choose(0, c.K - 1).Select(v => (Expr)new IntLit(v)))),
            _ => throw new ArgumentOutOfRangeException(nameof(d), d, "unknown distribution"),
        };
    }

    /// <summary>An index into the data: the fold's step where it stays in range, else a constant; null without data.</summary>
    private static Gen<Expr>? IndexOf(Scope s)
    {
        var constant = s.Args.Length == 0 ? null : Gen.Choose(0, s.Args.Length - 1).Select(k => (Expr)new IntLit(k));
        if (s.Step is { } step && s.StepIndexesData)
            return constant is null ? Gen.Constant((Expr)step) : Gen.Frequency((3, Gen.Constant((Expr)step)), (1, constant));
        return constant;
    }

    // ---- expressions -----------------------------------------------------------------------------------------------

    private static Gen<Ty> TypeOf => Gen.Frequency((5, Gen.Constant(Ty.Real)), (2, Gen.Constant(Ty.Bool)), (2, Gen.Constant(Ty.Int)));

    private static Gen<Expr> ExprOf(Ty t, Scope s, int depth) => t switch
    {
        Ty.Real => RealOf(s, depth),
        Ty.Bool => BoolOf(s, depth),
        _ => IntOf(s, depth),
    };

    /// <summary>The leaves of type <paramref name="t"/>: variables, data, plate elements (besides literals).</summary>
    private static List<Expr> Leaves(Ty t, Scope s)
    {
        var leaves = new List<Expr>(s.Vars.Where(v => v.Type == t));
        string? array = t switch { Ty.Real => "y", Ty.Bool => "b", _ => "c" };
        if (s.Args.Length > 0) leaves.Add(new Datum(array, new IntLit(s.Args.Length - 1), t));
        if (s.Step is { } step && s.StepIndexesData) leaves.Add(new Datum(array, step, t));
        foreach (var (name, element, count) in s.Plates)
            if (element == t && count > 0) leaves.Add(new PlateElement(name, count - 1, t));
        if (t == Ty.Real) leaves.Add(new ArgRef("a", Ty.Real));
        if (t == Ty.Int) leaves.Add(new ArgRef("n", Ty.Int));
        return leaves;
    }

    private static Gen<Expr> Leaf(Ty t, Scope s, Gen<Expr> literal)
    {
        var leaves = Leaves(t, s);
        return leaves.Count == 0 ? literal : Gen.Frequency((1, literal), (3, Gen.Elements(leaves.ToArray())));
    }

    private static Gen<Expr> RealOf(Scope s, int depth)
    {
        var leaf = Leaf(Ty.Real, s, Gen.Choose(-6, 6).Select(v => (Expr)new RealLit(v / 4.0)));
        if (depth == 0) return leaf;
        return Gen.Frequency(
            (4, leaf),
            (3, from op in Gen.Elements('+', '-', '*') from l in RealOf(s, depth - 1) from r in RealOf(s, depth - 1) select (Expr)new Arith(op, l, r)),
            (2, from f in Gen.Elements("Tanh", "Logistic", "Softplus", "Abs") from e in RealOf(s, depth - 1) select (Expr)new Fn(f, e)),
            (1, from c in BoolOf(s, depth - 1) from l in RealOf(s, depth - 1) from r in RealOf(s, depth - 1) select (Expr)new IfElse(c, l, r)),
            (1, IntOf(s, depth - 1).Select(e => (Expr)new IntToReal(e))));
    }

    private static Gen<Expr> BoolOf(Scope s, int depth)
    {
        var leaf = Leaf(Ty.Bool, s, Gen.Elements(true, false).Select(v => (Expr)new BoolLit(v)));
        if (depth == 0) return leaf;
        return Gen.Frequency(
            (4, leaf),
            (2, from l in RealOf(s, depth - 1) from c in Gen.Choose(-4, 4) select (Expr)new Cmp(">", l, new RealLit(c / 4.0))),
            (1, from l in IntOf(s, depth - 1) from c in Gen.Choose(0, 2) select (Expr)new Cmp("==", l, new IntLit(c))),
            (1, BoolOf(s, depth - 1).Select(e => (Expr)new Not(e))));
    }

    private static Gen<Expr> IntOf(Scope s, int depth)
    {
        var leaf = Leaf(Ty.Int, s, Gen.Choose(0, 2).Select(v => (Expr)new IntLit(v)));
        if (depth == 0) return leaf;
        return Gen.Frequency(
            (4, leaf),
            (2, from l in IntOf(s, depth - 1) from c in Gen.Choose(1, 2) select (Expr)new Arith('+', l, new IntLit(c))),
            (1, from c in BoolOf(s, depth - 1) from l in IntOf(s, depth - 1) from r in IntOf(s, depth - 1) select (Expr)new IfElse(c, l, r)));
    }

    /// <summary>A positive real (a scale, rate or shape): a literal, or 0.5 + softplus of an expression.</summary>
    private static Gen<Expr> PositiveOf(Scope s) => Gen.Frequency(
        (2, Gen.Choose(2, 8).Select(v => (Expr)new RealLit(v / 4.0))),
        (3, RealOf(s, 1).Select(e => (Expr)new Fn("Pos", e))));

    /// <summary>A probability in (0, 1): a literal, 0.05 + 0.9·logistic of an expression, or a conditional between literals.</summary>
    private static Gen<Expr> ProbabilityOf(Scope s) => Gen.Frequency(
        (2, Gen.Choose(1, 9).Select(v => (Expr)new RealLit(v / 10.0))),
        (3, RealOf(s, 1).Select(e => (Expr)new Fn("Prob", e))),
        (1, from c in BoolOf(s, 1) from p in Gen.Choose(1, 9) from q in Gen.Choose(1, 9) select (Expr)new IfElse(c, new RealLit(p / 10.0), new RealLit(q / 10.0))));

    private static Gen<Size> SizeOf(Scope s) => Gen.Frequency(
        (2, Gen.Choose(0, 3).Select(k => new Size(k.ToString(System.Globalization.CultureInfo.InvariantCulture), k))),
        (2, Gen.Constant(new Size("n", s.Args.N))),
        (2, Gen.Constant(new Size("y.Length", s.Args.Length))));
}
