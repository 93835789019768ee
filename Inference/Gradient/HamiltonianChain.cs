namespace Probabilistic.Inference;

/// <summary>The draws of one chain: constrained values [draw][column] and the sampler's statistics per draw.</summary>
internal sealed record ChainResult(double[][] Draws, DrawStatistics[] Statistics);

/// <summary>
/// Runs one HMC or NUTS chain as Stan's <c>run_adaptive_sampler</c>: initialization, warmup (adapting), then
/// sampling, keeping every <see cref="McmcOptions.Thin"/>-th draw mapped to the constrained space.
/// </summary>
internal static class HamiltonianChain
{
    public static ChainResult Run(ChainSetup setup, HamiltonianOptions o, int chain, int columns,
        IProgress<McmcProgress>? progress, CancellationToken cancellationToken)
    {
        var kernel = new HamiltonianKernel(setup.Density, o, chain, new Rng(o.Seed, (ulong)chain));
        kernel.Initialize(setup.InitialPoint, setup.Given, setup.InverseMetric);
        int total = o.Warmup + o.Draws * o.Thin;
        int divergences = 0, done = 0;
        for (int it = 0; it < o.Warmup && !cancellationToken.IsCancellationRequested; it++)
        {
            var s = kernel.Step();
            if (s.Divergent) divergences++;
            progress?.Report(new McmcProgress(chain, ++done, total, SamplerPhase.Warmup, s.StepSize, divergences));
        }
        var draws = new List<double[]>(o.Draws);
        var stats = new List<DrawStatistics>(o.Draws);
        if (kernel.InWarmup) // cancelled during warmup
            return new ChainResult([], []);
        for (int it = 0; it < o.Draws * o.Thin && !cancellationToken.IsCancellationRequested; it++)
        {
            var s = kernel.Step();
            if (s.Divergent) divergences++;
            if (it % o.Thin == 0)
            {
                var x = new double[columns];
                setup.Constrain(kernel.State.Q, x);
                draws.Add(x);
                stats.Add(s);
            }
            progress?.Report(new McmcProgress(chain, ++done, total, SamplerPhase.Sampling, s.StepSize, divergences));
        }
        return new ChainResult(draws.ToArray(), stats.ToArray());
    }
}
