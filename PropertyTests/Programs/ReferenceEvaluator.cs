using System.Collections.Immutable;

namespace Probabilistic.PropertyTests.Programs;

/// <summary>One random choice of a reference execution: its full address (<c>n0/a1</c>), value, log probability, and whether it is a Bernoulli (a bool in the library).</summary>
public sealed record ChoiceRecord(string Address, int Value, double LogProb, bool IsFlip);

/// <summary>
/// One execution as the reference evaluator sees it. <see cref="LogProposal"/> is the log probability
/// of the values the oracle drew (see <see cref="ReferenceEvaluator.Run"/>).
/// </summary>
public sealed record Execution(ImmutableList<ChoiceRecord> Choices, double LogLikelihood, int ReturnValue, double LogProposal)
{
    public double LogPrior => Choices.Sum(c => c.LogProb);

    public double LogJoint => LogPrior + LogLikelihood;

    /// <summary>
    /// The log weight of each score in execution order: observations, factors, and a false condition (−∞); a true
    /// condition is no score (the library's <c>Condition(true)</c> is <c>Return</c>). A particle filter's step t
    /// passes score t.
    /// </summary>
    public ImmutableList<double> Scores { get; init; } = [];

    public IReadOnlyDictionary<string, ChoiceRecord> ByAddress => Choices.ToDictionary(c => c.Address);

    /// <summary>A canonical text of the choice map, for use as a dictionary key.</summary>
    public string Key => ChoiceKey.Of(Choices.Select(c => (c.Address, c.Value)));
}

/// <summary>
/// Says which values a choice takes: a list of (value, log proposal probability) alternatives, one
/// execution per alternative. The distribution is the one the program uses at that point.
/// </summary>
public delegate IEnumerable<(int Value, double LogProposal)> ChoiceOracle(string address, DistSpec distribution);

/// <summary>
/// An evaluator of program descriptions written independently of the library (it shares no code
/// with its interpreter or its enumerator): a recursive walk in continuation-passing style that
/// forks at each choice on the alternatives an oracle gives, and lists every complete execution.
/// </summary>
public static class ReferenceEvaluator
{
    /// <summary>Every execution, branching on every value of positive probability; LogProposal is then the log prior.</summary>
    public static List<Execution> Enumerate(ProgramSpec program) =>
        Run(program, (_, d) => d.Support.Select(v => (v, d.LogProb(v))));

    /// <summary>The execution that takes the values of <paramref name="choices"/>; null when it lacks a visited address or has an unvisited one.</summary>
    public static Execution? Assess(ProgramSpec program, IReadOnlyDictionary<string, int> choices)
    {
        var runs = Run(program, (a, _) => choices.TryGetValue(a, out int v) ? [(v, 0.0)] : []);
        return runs.Count == 1 && runs[0].Choices.Count == choices.Count ? runs[0] : null;
    }

    /// <summary>
    /// The executions that Regenerate may propose from <paramref name="current"/> with a selection:
    /// a choice of <paramref name="current"/> that is not selected keeps its value (proposal factor 1),
    /// any other choice is drawn from its prior. LogProposal is then log q(t' | t).
    /// </summary>
    public static List<Execution> RegenerateProposals(ProgramSpec program, Execution current, Func<string, bool> selected)
    {
        var previous = current.ByAddress;
        return Run(program, (a, d) => previous.TryGetValue(a, out var c) && !selected(a)
            ? [(c.Value, 0.0)]
            : d.Support.Select(v => (v, d.LogProb(v))));
    }

    public static List<Execution> Run(ProgramSpec program, ChoiceOracle oracle)
    {
        var results = new List<Execution>();
        var start = new Execution([], 0.0, 0, 0.0);
        RunBlock(program.Body, 0, [], "", start, oracle, (s, v) => results.Add(s with { ReturnValue = v }));
        return results;
    }

    private static void RunBlock(Block b, int i, ImmutableArray<int> env, string prefix, Execution s, ChoiceOracle oracle, Action<Execution, int> k)
    {
        if (i == b.Stmts.Length)
        {
            k(s, b.Return(env));
            return;
        }
        void Next(Execution s2, ImmutableArray<int> env2) => RunBlock(b, i + 1, env2, prefix, s2, oracle, k);
        switch (b.Stmts[i])
        {
            case Choose c:
                var d = c.Dist.Resolve(env);
                string address = prefix + c.Name;
                foreach (var (v, lq) in oracle(address, d))
                {
                    var s2 = s with { Choices = s.Choices.Add(new ChoiceRecord(address, v, d.LogProb(v), d is FlipSpec)), LogProposal = s.LogProposal + lq };
                    Next(s2, env.Add(v));
                }
                break;
            case Branch br:
                RunBlock(br.When.Holds(env) ? br.Then : br.Else, 0, env, prefix, s, oracle, (s2, v) => Next(s2, env.Add(v)));
                break;
            case Nest n:
                RunBlock(n.Body, 0, env, prefix + n.Name + "/", s, oracle, (s2, v) => Next(s2, env.Add(v)));
                break;
            case FactorStmt f:
                Next(s with { LogLikelihood = s.LogLikelihood + f.LogWeight, Scores = s.Scores.Add(f.LogWeight) }, env);
                break;
            case ConditionStmt cs:
                Next(cs.When.Holds(env) ? s : s with { LogLikelihood = double.NegativeInfinity, Scores = s.Scores.Add(double.NegativeInfinity) }, env);
                break;
            case ObserveStmt o:
                double score = o.Dist.Resolve(env).LogProb(o.Datum);
                Next(s with { LogLikelihood = s.LogLikelihood + score, Scores = s.Scores.Add(score) }, env);
                break;
        }
    }
}
