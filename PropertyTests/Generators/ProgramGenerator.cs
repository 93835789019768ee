using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using Probabilistic.PropertyTests.Programs;

namespace Probabilistic.PropertyTests.Generators;

/// <summary>
/// Random finite discrete programs: Bernoulli and categorical choices (parameters on a grid, some
/// exactly 0 or 1, some chosen by a test on earlier values), branches on earlier values (so the set of
/// addresses differs between executions, and one address may carry different distributions on different
/// paths), nested calls (namespaces), factors, conditions (rarely <c>false</c>: a program of probability 0),
/// and observations with fixed data. Names come from small pools, so branches often reuse an address;
/// <see cref="AddressRepair"/> then makes them unique along every path. At most
/// <see cref="MaxPaths"/> executions, so each program enumerates in microseconds.
/// </summary>
public static class ProgramGenerator
{
    public const int MaxPaths = 200;
    private const int MaxDepth = 2;

    public static Gen<ProgramSpec> Programs =>
        from body in BlockOf(0)
        from seed in Gen.Choose(0, int.MaxValue)
        let repaired = AddressRepair.Repair(body)
        where PathBound(repaired) <= MaxPaths
        select new ProgramSpec(repaired, (ulong)seed);

    /// <summary>An upper bound on the number of executions (a branch counts as its larger side).</summary>
    public static long PathBound(Block b)
    {
        long n = 1;
        foreach (var s in b.Stmts)
        {
            n *= s switch
            {
                Choose c => Math.Max(c.Dist.Then.Support.Count, c.Dist.Else?.Support.Count ?? 0),
                Branch br => Math.Max(PathBound(br.Then), PathBound(br.Else)),
                Nest nest => PathBound(nest.Body),
                _ => 1,
            };
            if (n > 1_000_000) return n;
        }
        return n;
    }

    private static Gen<Block> BlockOf(int depth) =>
        from length in depth == 0 ? Gen.Choose(2, 7) : Gen.Choose(0, 4)
        from stmts in Gen.ArrayOf(StatementOf(depth), length)
        from returnCount in Gen.Choose(0, 3)
        from returnVars in Gen.ArrayOf(VarOf, returnCount)
        from modulus in depth == 0 ? Gen.Choose(2, 5) : Gen.Choose(2, 3)
        select new Block([.. stmts], [.. returnVars], modulus);

    private static Gen<Stmt> StatementOf(int depth)
    {
        var options = new List<(int, Gen<Stmt>)>
        {
            (50, Name('a').SelectMany(n => DistChoiceOf(FlipOf), (n, d) => (Stmt)new Choose(n, d))),
            (40, Name('c').SelectMany(n => DistChoiceOf(CatOf), (n, d) => (Stmt)new Choose(n, d))),
            (20, Gen.Choose(-30, 30).Select(w => (Stmt)new FactorStmt(w / 10.0))),
            (5, VarOf.Select(v => (Stmt)new ConditionStmt(new AtLeast(v, 1)))),
            (1, Gen.Constant((Stmt)new ConditionStmt(new Never()))),
            (20, ObserveOf),
        };
        if (depth < MaxDepth)
        {
            options.Add((40, from c in CondOf from t in BlockOf(depth + 1) from e in BlockOf(depth + 1) select (Stmt)new Branch(c, t, e)));
            options.Add((10, from n in Name('n') from body in BlockOf(depth + 1) select (Stmt)new Nest(n, body)));
        }
        return Gen.Frequency(options.ToArray());
    }

    private static Gen<string> Name(char kind) => Gen.Choose(0, 2).Select(i => $"{kind}{i}");

    /// <summary>A variable: mostly one of the two latest (−1, −2), else any.</summary>
    private static Gen<int> VarOf => Gen.Frequency((2, Gen.Choose(-2, -1)), (1, Gen.Choose(0, 7)));

    private static Gen<Cond> CondOf =>
        from v in VarOf
        from t in Gen.Frequency((3, Gen.Constant(1)), (1, Gen.Constant(2)))
        select (Cond)new AtLeast(v, t);

    private static Gen<DistSpec> FlipOf =>
        Gen.Frequency(
            (18, Gen.Choose(1, 9).Select(i => (DistSpec)new FlipSpec(i / 10.0))),
            (1, Gen.Constant((DistSpec)new FlipSpec(0))),
            (1, Gen.Constant((DistSpec)new FlipSpec(1))));

    private static Gen<DistSpec> CatOf =>
        from k in Gen.Frequency((6, Gen.Constant(2)), (6, Gen.Constant(3)), (1, Gen.Constant(4)))
        from weights in Gen.ArrayOf(Gen.Frequency((1, Gen.Constant(0)), (6, Gen.Choose(1, 4))), k)
        select (DistSpec)new CatSpec(Normalize(weights));

    private static ImmutableArray<double> Normalize(int[] weights)
    {
        if (weights.All(w => w == 0)) weights[^1] = 1;
        double total = weights.Sum();
        return [.. weights.Select(w => w / total)];
    }

    /// <summary>A distribution, or in a third of cases two of them chosen by a test on an earlier value.</summary>
    private static Gen<DistChoice> DistChoiceOf(Gen<DistSpec> dist) =>
        Gen.Frequency(
            (2, dist.Select(d => new DistChoice(d))),
            (1, from c in CondOf from t in dist from e in dist select new DistChoice(t, c, e)));

    private static Gen<Stmt> ObserveOf =>
        from kind in Gen.Elements(FlipOf, CatOf)
        from dist in DistChoiceOf(kind)
        from named in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
        from name in Name('o')
        from datum in Gen.Elements(dist.Then.Support.ToArray())
        select (Stmt)new ObserveStmt(named ? name : null, dist, datum);
}
