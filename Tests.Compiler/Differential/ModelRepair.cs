using System.Collections.Immutable;

namespace Probabilistic.Compiler.Tests.Differential;

/// <summary>
/// Makes a generated or shrunk program well formed: fresh addresses (a0, a1, … in text order, so none repeats), and a
/// final Factor when some draw would follow the last score (the compiler's PROB008 rule, mirrored here); checks that every
/// variable a clause reads is bound before it; bounds the number of executions of a finite program.
/// </summary>
public static class ModelRepair
{
    /// <summary>The name of the Factor <see cref="Repair"/> appends.</summary>
    public const string TailName = "tail";

    /// <summary>The program with fresh addresses and, where needed, a final score.</summary>
    public static ModelProgram Repair(ModelProgram p)
    {
        int next = 0;
        string Fresh() => "a" + next++;
        var body = Readdress(p.Body, Fresh);
        if (!DrawsPrecedeScores(Flatten(body), scoreFollows: false))
            body = body with { Clauses = body.Clauses.Add(new FactorClause(TailName, new RealLit(-0.5))) };
        return p with { Body = body };
    }

    private static Query Readdress(Query q, Func<string> fresh) => q with
    {
        Clauses = [.. q.Clauses.Select(c => c switch
        {
            SampleClause s => s with { Address = fresh() },
            ObserveClause { Address: not null } o => o with { Address = fresh() },
            PlateClause p => p with { Address = fresh() },
            FoldClause f => f with { Address = fresh(), Body = Readdress(f.Body, fresh) },
            ObserveEachClause { Address: not null } e => e with { Address = fresh() },
            NestedClause n => n with { Body = Readdress(n.Body, fresh) },
            SampledCountClause s => s with { Address = fresh() },
            ChosenModelClause m => m with { Address = fresh(), ElseAddress = fresh() },
            SampledAddressClause a => a with { Address = fresh(), ElseAddress = fresh() },
            _ => c,
        })],
    };

    // The compiler's view of a query: nested queries spliced in, ObserveEach a loop whose body is one score.
    private abstract record Step;
    private sealed record DrawStep : Step;
    private sealed record ScoreStep : Step;
    private sealed record LoopStep(List<Step> Body) : Step;

    private static List<Step> Flatten(Query q)
    {
        var steps = new List<Step>();
        foreach (var c in q.Clauses)
        {
            switch (c)
            {
                case SampleClause or PlateClause or SampledCountClause or ChosenModelClause or SampledAddressClause: steps.Add(new DrawStep()); break;
                case ObserveClause or FactorClause: steps.Add(new ScoreStep()); break;
                case FoldClause f: steps.Add(new LoopStep(Flatten(f.Body))); break;
                case ObserveEachClause: steps.Add(new LoopStep([new ScoreStep()])); break;
                case NestedClause n: steps.AddRange(Flatten(n.Body)); break;
            }
        }
        return steps;
    }

    // ModelParser.CheckDrawsBeforeScores: from the end, every draw must have a score after it (a loop's body counts its
    // own scores, and a loop with a score in its body counts as a score for what precedes it).
    private static bool DrawsPrecedeScores(List<Step> steps, bool scoreFollows)
    {
        for (int k = steps.Count - 1; k >= 0; k--)
        {
            switch (steps[k])
            {
                case ScoreStep: scoreFollows = true; break;
                case DrawStep when !scoreFollows: return false;
                case LoopStep loop:
                    if (!DrawsPrecedeScores(loop.Body, scoreFollows)) return false;
                    scoreFollows |= loop.Body.OfType<ScoreStep>().Any();
                    break;
            }
        }
        return true;
    }

    /// <summary>An upper bound on the number of executions (the product of the draws' support sizes); long.MaxValue when a draw is not finite.</summary>
    public static long PathBound(Query q)
    {
        long n = 1;
        foreach (var c in q.Clauses)
        {
            long factor = c switch
            {
                SampleClause s => s.Dist.IsFinite ? s.Dist.Support : long.MaxValue,
                PlateClause p => p.Dist.IsFinite ? Power(p.Dist.Support, p.Count.Value) : long.MaxValue,
                FoldClause f => Power(PathBound(f.Body), f.Steps.Value),
                NestedClause nested => PathBound(nested.Body),
                SampledCountClause s => s.Dist.IsFinite ? Power(s.Dist.Support, 3) * 3 : long.MaxValue,
                ChosenModelClause m => m.Then.IsFinite && m.Else.IsFinite ? Math.Max(m.Then.Support, m.Else.Support) : long.MaxValue,
                SampledAddressClause a => a.Dist.IsFinite ? a.Dist.Support : long.MaxValue,
                _ => 1,
            };
            n = factor == long.MaxValue || n > long.MaxValue / Math.Max(1, factor) ? long.MaxValue : n * factor;
        }
        return n;
    }

    private static long Power(long b, int e)
    {
        long r = 1;
        for (int i = 0; i < e; i++)
        {
            if (b != 0 && r > long.MaxValue / b) return long.MaxValue;
            r *= b;
        }
        return r;
    }

    /// <summary>True when every query has a clause and every variable, plate element and plate array an expression reads is bound before it (in scope).</summary>
    public static bool IsWellFormed(ModelProgram p) => WellFormed(p.Body, ImmutableHashSet<string>.Empty, ImmutableDictionary<string, int>.Empty);

    private static bool WellFormed(Query q, ImmutableHashSet<string> vars, ImmutableDictionary<string, int> plates)
    {
        if (q.Clauses.IsEmpty || q.Clauses[0] is LetClause) return false; // a query starts with a from clause
        foreach (var c in q.Clauses)
        {
            bool ok = c switch
            {
                SampleClause s => Reads(s.Dist, vars, plates),
                ObserveClause o => Reads(o.Dist, vars, plates) && Reads(o.Value, vars, plates),
                FactorClause f => Reads(f.LogWeight, vars, plates),
                LetClause l => Reads(l.Value, vars, plates),
                ReturnClause r => Reads(r.Value, vars, plates),
                PlateClause p => Reads(p.Dist, p.Index is null ? vars : vars.Add(p.Index), plates),
                FoldClause f => f.Init.All(e => Reads(e, vars, plates))
                    && WellFormed(f.Body, vars.Add(f.Prev).Add(f.Step), plates),
                ObserveEachClause e => Reads(e.Dist, vars.Add(e.Index), plates),
                NestedClause n => WellFormed(n.Body, vars, plates),
                SampledCountClause s => vars.Contains(s.Sampled.Root) && Reads(s.Dist, vars, plates),
                ChosenModelClause m => vars.Contains(m.Test.Root) && Reads(m.Then, vars, plates) && Reads(m.Else, vars, plates),
                SampledAddressClause a => vars.Contains(a.Test.Root) && Reads(a.Dist, vars, plates),
                _ => false,
            };
            if (!ok) return false;
            if (c is PlateClause plate) plates = plates.SetItem(plate.Name, plate.Count.Value);
            else vars = vars.Add(c.Name);
        }
        return q.Select.All(e => Reads(e, vars, plates));
    }

    private static bool Reads(DistSpec d, ImmutableHashSet<string> vars, ImmutableDictionary<string, int> plates) =>
        ModelRewrite.Expressions(d).All(e => Reads(e, vars, plates));

    private static bool Reads(Expr e, ImmutableHashSet<string> vars, ImmutableDictionary<string, int> plates) =>
        ModelRewrite.Nodes(e).All(x => x switch
        {
            Var v => vars.Contains(v.Root),
            PlateElement pe => plates.TryGetValue(pe.Array, out int count) && pe.Index < count,
            PlateArray pa => plates.ContainsKey(pa.Array),
            _ => true,
        });
}
