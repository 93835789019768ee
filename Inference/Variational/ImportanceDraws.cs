namespace Probabilistic.Inference.Variational;

/// <summary>The step the multi-sample objectives share: K draws from the guide and their log weights log p(x, zₖ) − log q(zₖ).</summary>
internal static class ImportanceDraws
{
    public static (GuideDraw<TScalar>[] Draws, TScalar[] LogW) Draw<TScalar>(ObjectiveContext<TScalar> context, int k)
        where TScalar : Numerics.IDifferentiableScalar<TScalar>
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
}
