using Probabilistic.Numerics;

namespace Probabilistic.Inference.Variational;

/// <summary>
/// The steps the multi-sample objectives share: K draws from the guide and their log weights log p(x, zₖ) − log q(zₖ),
/// and the branch terms of their branching choices (<see cref="ObjectiveContext{TScalar}.BranchTerms"/>) for an estimate
/// that is a function of the log weights.
/// </summary>
internal static class ImportanceDraws
{
    public static (GuideDraw<TScalar>[] Draws, TScalar[] LogW) Draw<TScalar>(ObjectiveContext<TScalar> context, int k)
        where TScalar : IDifferentiableScalar<TScalar>
    {
        var draws = new GuideDraw<TScalar>[k];
        var logW = new TScalar[k];
        for (int i = 0; i < k; i++)
        {
            draws[i] = context.Draw();
            logW[i] = context.LogJoint(draws[i]) - draws[i].LogQ;
        }
        return (draws, logW);
    }

    /// <summary>
    /// Adds to <paramref name="surrogate"/> the branch terms of <paramref name="draws"/> for the estimate
    /// <paramref name="estimate"/>(log w₁, …, log w_K), re-evaluating only the log weight of the draw a branch replaces;
    /// returns <paramref name="surrogate"/> itself (no node, no allocation) when no draw made a branching choice.
    /// </summary>
    public static TScalar AddBranchTerms<TScalar>(ObjectiveContext<TScalar> context, TScalar surrogate, GuideDraw<TScalar>[] draws, TScalar[] logW, Func<double[], double> estimate)
        where TScalar : IDifferentiableScalar<TScalar>
    {
        bool any = false;
        foreach (var d in draws) any |= context.BranchingChoices(d).Count > 0;
        if (!any) return surrogate;
        var values = Array.ConvertAll(logW, w => w.Value);
        var replaced = new double[values.Length];
        return surrogate + context.BranchTerms(draws, (k, d) =>
        {
            values.CopyTo(replaced, 0);
            replaced[k] = (context.LogJoint(d) - d.LogQ).Value;
            return estimate(replaced);
        });
    }
}
