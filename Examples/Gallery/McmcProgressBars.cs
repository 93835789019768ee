using Probabilistic.Inference;

namespace Probabilistic.Examples.Gallery;

/// <summary>Runs an MCMC algorithm under <see cref="LiveProgress"/> with one bar per chain.</summary>
public static class McmcProgressBars
{
    /// <summary>Runs <paramref name="run"/> with a bar for each of <paramref name="chains"/> chains, fed by <see cref="McmcProgress"/>.</summary>
    public static Posterior Run(ExampleOptions options, int chains, Func<IProgress<McmcProgress>?, Posterior> run) =>
        LiveProgress.Run<McmcProgress, Posterior>(options, Enumerable.Range(1, chains).Select(c => $"chain {c}").ToArray(),
            p => (p.Chain, p.Total > 0 ? (double)p.Iteration / p.Total : 0), run);
}
