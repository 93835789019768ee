namespace Probabilistic.PropertyTests.Inference.Particles;

/// <summary>
/// Every outcome of a randomized computation whose randomness is finite, with its probability, by replay:
/// run it with a scripted source, then, for every draw past the script's prefix, schedule a run that takes the
/// same draws up to there and another outcome at that draw (a depth-first walk of the tree of draws, each leaf one
/// run). The computation must be deterministic given its draws.
/// </summary>
public static class OutcomeEnumeration
{
    /// <summary>The outcomes (probability, result), or null when there are more than <paramref name="maxOutcomes"/>.</summary>
    public static List<(double Probability, TResult Result)>? Enumerate<TResult>(Func<ScriptedRandomness, TResult> run, int maxOutcomes)
    {
        var outcomes = new List<(double, TResult)>();
        var pending = new Stack<int[]>();
        pending.Push([]);
        while (pending.Count > 0)
        {
            if (outcomes.Count == maxOutcomes) return null;
            var prefix = pending.Pop();
            var script = new ScriptedRandomness(prefix);
            var result = run(script);
            outcomes.Add((script.Probability, result));
            for (int j = prefix.Length; j < script.Taken.Count; j++)
                for (int other = 1; other < script.Alternatives[j]; other++)
                    pending.Push([.. script.Taken.Take(j), other]);
        }
        return outcomes;
    }
}
