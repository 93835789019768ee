namespace Probabilistic.Inference.Workflow;

/// <summary>Options of <see cref="Sbc.Run"/>.</summary>
public sealed record SbcOptions
{
    /// <summary>The number of simulated data sets N (each fitted once).</summary>
    public int Replicates { get; init; } = 200;

    /// <summary>
    /// L: each fit's draws are thinned to L evenly spaced draws (over all chains), so ranks lie in {0, …, L}. Thinning
    /// reduces the autocorrelation that makes ranks of MCMC draws non-uniform (Talts et al. 2018, section 5).
    /// </summary>
    public int RankDraws { get; init; } = 99;

    /// <summary>The seed: replicate r's prior draw depends only on (seed, r) and its fit gets seed <see cref="Sbc.FitSeed"/>.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>The level α of each parameter's uniformity test.</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>Maximum number of replicates fitted at once (results do not depend on it).</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}

/// <summary>Progress of <see cref="Sbc.Run"/>: how many of the replicates have been fitted.</summary>
/// <param name="Completed">Replicates fitted so far.</param>
/// <param name="Total">All replicates.</param>
public readonly record struct SbcProgress(int Completed, int Total);

/// <summary>
/// Simulation-based calibration (Talts, Betancourt, Simpson, Vehtari and Gelman 2018, "Validating Bayesian inference
/// algorithms with simulation-based calibration", arXiv:1804.06788; Modrák, Moon, Kim, Kennedy, Gabry, Bürkner 2023,
/// "Simulation-based calibration checking for Bayesian computation: the choice of test quantities shapes sensitivity",
/// Bayesian Analysis). Each replicate draws θ̃ and data ỹ from the prior (one <c>Simulate</c> of the model; the data
/// are the choices at the <c>data</c> addresses), fits the model conditioned on ỹ, and records the rank of θ̃ among L
/// posterior draws, for every parameter, every generated quantity the model returns, and the log-likelihood of the
/// data (the test quantity Modrák et al. recommend). If the algorithm samples the posterior correctly the ranks are
/// uniform on {0, …, L}; <see cref="SbcResult"/> tests that with simultaneous ECDF bands (<see cref="EcdfBands"/>).
/// </summary>
public static class Sbc
{
    /// <summary>The name of the log-likelihood test quantity among the result's parameters.</summary>
    public const string LogLikelihoodName = "log_lik";

    /// <summary>
    /// Runs SBC: replicates in parallel, each reproducible from (<see cref="SbcOptions.Seed"/>, replicate).
    /// </summary>
    /// <param name="model">The model, its data made as random choices (e.g. <c>Plate("y", n, …)</c>), not <c>Observe</c>d constants.</param>
    /// <param name="data">The addresses of the data among the model's choices (<c>Selection.Prefix("y")</c>).</param>
    /// <param name="fit">The algorithm under test: (model, data as conditions, seed) ↦ posterior draws of the other choices,
    /// e.g. <c>(m, y, seed) =&gt; Infer.Nuts(m, y, new NutsOptions { Seed = seed })</c>.</param>
    /// <param name="options">Replicates, L, seed, α, parallelism.</param>
    /// <param name="progress">Receives the number of replicates fitted after each one.</param>
    /// <param name="cancellationToken">Stops between replicates.</param>
    public static SbcResult Run<T>(Model<T> model, Selection data, Func<Model<T>, ChoiceMap, ulong, Posterior> fit, SbcOptions? options = null,
        IProgress<SbcProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(fit);
        var o = options ?? new SbcOptions();
        if (o.Replicates < 2) throw new ArgumentOutOfRangeException(nameof(options), o.Replicates, "Sbc: Replicates must be at least 2.");
        if (o.RankDraws < 1) throw new ArgumentOutOfRangeException(nameof(options), o.RankDraws, "Sbc: RankDraws must be positive.");
        var perReplicate = new Dictionary<string, int>[o.Replicates];
        string[]? names = null;
        var gate = new object();
        int completed = 0;
        Particles.ParallelRun.Invoke(() => Parallel.For(0, o.Replicates, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, o.MaxDegreeOfParallelism), CancellationToken = cancellationToken }, r =>
        {
            var rng = new Rng(o.Seed, (ulong)r);
            var truth = model.Simulate(rng);
            var conditions = truth.Choices.Filter(data);
            if (conditions.Count == 0) throw new ModelException($"Sbc: the model made no choice at the data addresses {data}; the data must be random choices.");
            var posterior = fit(model, conditions, FitSeed(o.Seed, r)) ?? throw new InvalidOperationException($"Sbc: the algorithm returned no posterior for replicate {r}.");
            var (ranks, order) = Ranks(truth, conditions, posterior, o.RankDraws, rng, r);
            perReplicate[r] = ranks;
            lock (gate)
            {
                names ??= order;
                completed++;
                progress?.Report(new SbcProgress(completed, o.Replicates));
            }
        }));
        var columns = names!.Where(n => perReplicate.All(p => p.ContainsKey(n))).ToArray();
        var table = columns.Select(n => perReplicate.Select(p => p[n]).ToArray()).ToArray();
        return new SbcResult(columns, table, o.RankDraws, o.Alpha, o.Seed);
    }

    /// <summary>The seed replicate <paramref name="replicate"/>'s fit gets (SplitMix64 of the pair).</summary>
    public static ulong FitSeed(ulong seed, int replicate)
    {
        ulong z = seed * 0x9E3779B97F4A7C15UL + (ulong)replicate + 1;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static (Dictionary<string, int> Ranks, string[] Order) Ranks<T>(Trace<T> truth, ChoiceMap conditions, Posterior posterior, int rankDraws, Rng rng, int replicate)
    {
        int total = posterior.Chains * posterior.Draws;
        if (total < rankDraws)
            throw new ArgumentException($"Sbc: replicate {replicate}'s posterior has {total} draws, fewer than RankDraws = {rankDraws}.");
        var keep = Enumerable.Range(0, rankDraws).Select(j => (int)((long)j * total / rankDraws)).ToArray();
        var ranks = new Dictionary<string, int>();
        var order = new List<string>();
        void Add(string name, double trueValue, double[] draws)
        {
            int below = 0, ties = 0;
            foreach (var j in keep)
            {
                if (draws[j] < trueValue) below++;
                else if (draws[j] == trueValue) ties++;
            }
            // Ties (discrete parameters) are broken uniformly at random, which keeps ranks uniform (Talts et al., section 4.1).
            ranks[name] = below + (ties == 0 ? 0 : rng.NextInt(ties + 1));
            order.Add(name);
        }
        foreach (var column in posterior.Parameters)
        {
            if (!truth.TryGetChoice(column.Address, out var choice)) continue;
            double value = choice.BoxedValue switch
            {
                Real x when column.Index < 0 => x.Value,
                Real[] v when column.Index >= 0 && column.Index < v.Length => v[column.Index].Value,
                int k when column.Index < 0 => k,
                bool b when column.Index < 0 => b ? 1 : 0,
                _ => double.NaN,
            };
            if (!double.IsNaN(value)) Add(column.Name, value, posterior[column.Name]);
        }
        var generated = posterior.GeneratedQuantities.ToDictionary(c => c.Name, c => c);
        foreach (var (path, value) in ReturnValueColumns.Flatten(truth.ReturnValue))
        {
            var name = ReturnValueColumns.Column(path).Name;
            if (generated.ContainsKey(name) && !ranks.ContainsKey(name)) Add(name, value, posterior[name]);
        }
        if (posterior.LogLikelihood is { } ll)
        {
            double trueLogLik = 0;
            foreach (var choice in truth.ChoiceRecords)
                if (conditions.Contains(choice.Address)) trueLogLik += choice.LogProb;
            trueLogLik += truth.Scores.Where(s => s.IsObservation).Sum(s => s.LogWeight);
            var matrix = ll.Matrix();
            Add(LogLikelihoodName, trueLogLik, matrix.Select(row => row.Sum()).ToArray());
        }
        return (ranks, order.ToArray());
    }
}
