using Probabilistic.Inference.Particles;

namespace Probabilistic.Inference;

public static partial class Infer
{
    /// <summary>
    /// Gibbs sampling for models with discrete and continuous choices: each sweep draws every unobserved discrete
    /// choice (of finite support) from its exact conditional, then moves all continuous choices with one HMC/NUTS
    /// transition given the discrete values; warmup sweeps adapt the continuous kernel as Stan does. The posterior
    /// has the continuous columns, then one column per discrete choice (its value as a number; booleans as 0/1).
    /// </summary>
    /// <exception cref="ModelException">A discrete choice has an infinite support, the set of continuous choices
    /// changes with the discrete values, the evidence is impossible (the observation of density zero is named), or
    /// <see cref="McmcOptions.InitialValues"/> names an address that is not a sampled choice.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (named by the exception's parameter name).</exception>
    /// <exception cref="ArgumentException">A run setting is set differently on <see cref="GibbsOptions.Continuous"/> and on <see cref="GibbsOptions"/>.</exception>
    /// <exception cref="OperationCanceledException">Cancelled before any chain kept a draw (during warmup sweeps, or before
    /// starting); a later cancellation stops every chain after its current sweep and throws an
    /// <see cref="InferenceCanceledException{TResult}"/> whose <c>PartialResult</c> holds the draws all chains reached
    /// (each chain cut to the shortest).</exception>
    public static Posterior Gibbs<T>(Model<T> model, ChoiceMap? observations = null, GibbsOptions? options = null,
        IProgress<McmcProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        observations ??= ChoiceMap.Empty;
        var gibbs = options ?? new GibbsOptions();
        var o = gibbs.Resolve();
        o.Validate(GibbsName);
        return UnnamedModelException.In(GibbsName, () => RunGibbs(model, observations, gibbs.InitialValues, o, progress, cancellationToken));
    }

    private const string GibbsName = "Gibbs";

    // The run: the options resolved (the run settings top-level, the kernel tuning from Continuous) and validated.
    private static Posterior RunGibbs<T>(Model<T> model, ChoiceMap observations, ChoiceMap? initialValues, HamiltonianOptions o,
        IProgress<McmcProgress>? progress, CancellationToken cancellationToken)
    {
        var rows = new double[o.Chains][][];
        var stats = new DrawStatistics[o.Chains][];
        List<PosteriorColumn>? columns = null;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = o.MaxDegreeOfParallelism };
        ParallelRun.Invoke(() => Parallel.For(0, o.Chains, parallel, k =>
        {
            var chain = new GibbsChain<T>(model, observations, o, k, initialValues);
            chain.Initialize();
            if (k == 0) columns = Columns(chain);
            int total = o.Warmup + o.Draws * o.Thin, done = 0, divergences = 0;
            var kept = new List<double[]>();
            var keptStats = new List<DrawStatistics>();
            for (int it = 0; it < total && !cancellationToken.IsCancellationRequested; it++)
            {
                var s = chain.Sweep();
                if (s.Divergent) divergences++;
                bool warmup = it < o.Warmup;
                if (!warmup && (it - o.Warmup) % o.Thin == 0)
                {
                    var row = new double[chain.Density.ConstrainedDimension + chain.DiscreteAddresses.Count];
                    chain.Write(row);
                    kept.Add(row);
                    keptStats.Add(s);
                }
                progress?.Report(new McmcProgress(k, ++done, total, warmup ? SamplerPhase.Warmup : SamplerPhase.Sampling, s.StepSize, divergences));
            }
            rows[k] = kept.ToArray();
            stats[k] = keptStats.ToArray();
        }));
        int n = rows.Min(r => r.Length);
        if (n == 0) throw new OperationCanceledException($"{GibbsName}: cancelled before any chain kept a draw.", cancellationToken);
        var posterior = new Posterior(columns!, rows.Select(r => r[..n]).ToArray(), stats.Select(s => s[..n]).ToArray(), o.DiagnosticTreeDepth, "Gibbs");
        return CancellationRule.Finish(Workflow.GeneratedQuantities.Attach(model, observations, posterior, strict: false),
            cancellationToken, GibbsName, $"the {posterior.Draws} draws per chain every chain reached");
    }

    private static List<PosteriorColumn> Columns<T>(GibbsChain<T> chain)
    {
        var columns = new List<PosteriorColumn>();
        foreach (var b in chain.Density.Blocks)
            for (int i = 0; i < b.ConstrainedLength; i++) columns.Add(new PosteriorColumn(b.ColumnName(i), b.Address, b.IsVector ? i : -1));
        foreach (var a in chain.DiscreteAddresses) columns.Add(new PosteriorColumn(ParameterBlock.StanName(a), a, -1));
        return columns;
    }
}
