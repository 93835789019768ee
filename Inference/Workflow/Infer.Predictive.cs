using Probabilistic.Inference.Variational;
using Probabilistic.Inference.Workflow;

namespace Probabilistic.Inference;

public static partial class Infer
{
    /// <summary>
    /// The posterior predictive distribution: for each of <paramref name="draws"/> posterior draws (evenly spaced over all
    /// chains; every draw when null), the model is re-run with its latent choices fixed to the draw and every observation
    /// replaced by a fresh draw from its distribution (Gelman et al., BDA3, section 6.3; Pyro's <c>Predictive</c>).
    /// </summary>
    /// <param name="model">The model the posterior came from.</param>
    /// <param name="posterior">The posterior draws (from NUTS, HMC, Gibbs, or a variational fit's <c>Sample</c>).</param>
    /// <param name="draws">How many replicates (at most the posterior's draws), or null for one per draw.</param>
    /// <param name="observations">The conditions the posterior was fitted with: these choices are observations too.</param>
    /// <param name="seed">Seeds the replicates; replicate i depends only on (seed, i).</param>
    /// <param name="parameters">The values of the model's <c>Param</c>s, if it has any (a variational fit's <c>Parameters</c>).</param>
    public static PredictiveSample Predictive<T>(Model<T> model, Posterior posterior, int? draws = null, ChoiceMap? observations = null, ulong seed = 1,
        IParameterSource? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(posterior);
        int total = posterior.Chains * posterior.Draws;
        int n = draws ?? total;
        if (n < 1 || n > total)
            throw new ArgumentOutOfRangeException(nameof(draws), n, $"Predictive: draws must be between 1 and the posterior's {total} draws.");
        return UnnamedModelException.In("Predictive", () =>
        {
            var runs = new ModelReplay[n];
            Particles.ParallelRun.Invoke(() => Parallel.For(0, n, i =>
            {
                int pooled = (int)((long)i * total / n);
                runs[i] = ModelReplay.Run(model, posterior.LatentValues(pooled / posterior.Draws, pooled % posterior.Draws), observations, new Rng(seed, (ulong)i), true, parameters);
            }));
            return Collect("posterior", runs, latents: null);
        });
    }

    /// <summary>
    /// The posterior predictive distribution of a variational fit: <paramref name="draws"/> draws from the guide
    /// (<see cref="VariationalFit.Sample"/>), each with a replicate of every observation.
    /// </summary>
    public static PredictiveSample Predictive<T>(Model<T> model, VariationalFit fit, int draws, ChoiceMap? observations = null, ulong seed = 1)
    {
        ArgumentNullException.ThrowIfNull(fit);
        return Predictive(model, fit.Sample(draws, seed), null, observations, seed, fit.Parameters);
    }

    /// <summary>
    /// The prior predictive distribution: <paramref name="draws"/> runs of the model with every latent choice drawn from
    /// its prior and every observation replaced by a draw from its distribution. The latent draws come back in
    /// <see cref="PredictiveSample.Latents"/>.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="draws">How many replicates.</param>
    /// <param name="observations">Choices that are observations (data given as conditions); they are replicated, not kept.</param>
    /// <param name="seed">Seeds the draws; draw i depends only on (seed, i).</param>
    /// <param name="parameters">The values of the model's <c>Param</c>s, if it has any.</param>
    public static PredictiveSample PriorPredictive<T>(Model<T> model, int draws, ChoiceMap? observations = null, ulong seed = 1, IParameterSource? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (draws < 1) throw new ArgumentOutOfRangeException(nameof(draws), draws, "PriorPredictive: draws must be positive.");
        return UnnamedModelException.In("PriorPredictive", () =>
        {
            var runs = new ModelReplay[draws];
            Particles.ParallelRun.Invoke(() => Parallel.For(0, draws, i => runs[i] = ModelReplay.Run(model, null, observations, new Rng(seed, (ulong)i), true, parameters)));
            return Collect("prior", runs, LatentPosterior(runs));
        });
    }

    /// <summary>
    /// The log-likelihood of each observation at each draw of <paramref name="posterior"/> (for <see cref="Loo"/> and
    /// <see cref="Waic"/>): the model is re-run at every draw. Samplers that run a model keep it already
    /// (<see cref="Posterior.LogLikelihood"/>).
    /// </summary>
    public static PointwiseLogLikelihood LogLikelihood<T>(Model<T> model, Posterior posterior, ChoiceMap? observations = null, IParameterSource? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(posterior);
        return UnnamedModelException.In("LogLikelihood", () => GeneratedQuantities.Attach(model, observations, posterior, parameters).LogLikelihood)
            ?? throw new ModelException("LogLikelihood: the model makes no observation.");
    }

    /// <summary>
    /// <paramref name="posterior"/> with the model's return value at each draw as columns after the parameters (Stan's
    /// generated quantities) and its pointwise log-likelihood, for posteriors that came without them (read from a file,
    /// or from a density).
    /// </summary>
    public static Posterior WithGeneratedQuantities<T>(Model<T> model, Posterior posterior, ChoiceMap? observations = null, IParameterSource? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(posterior);
        var parametersOnly = posterior.GeneratedQuantities.Count == 0 ? posterior : throw new ArgumentException("WithGeneratedQuantities: the posterior has generated quantities already.", nameof(posterior));
        return UnnamedModelException.In("WithGeneratedQuantities", () => GeneratedQuantities.Attach(model, observations, parametersOnly, parameters));
    }

    private static PredictiveSample Collect(string kind, ModelReplay[] runs, Posterior? latents)
    {
        var first = runs[0];
        var names = first.Names.ToArray();
        var lengths = first.Replicates.Select(r => r.Length).ToArray();
        var rows = new double[runs.Length][];
        for (int i = 0; i < runs.Length; i++)
        {
            var run = runs[i];
            if (!run.Names.SequenceEqual(names) || run.Replicates.Select(r => r.Length).Where((len, j) => len != lengths[j]).Any())
                throw new UnnamedModelException($"the model made different observations at draw {i} than at draw 0; replicates need the same observations every run.");
            rows[i] = run.Replicates.SelectMany(r => r).ToArray();
        }
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Length)
            throw new UnnamedModelException("two observations share an address; name each observation once.");
        return new PredictiveSample(kind, names, lengths, rows, first.Observed.SelectMany(o => o).ToArray(), latents, runs.Select(r => r.ReturnValue).ToArray());
    }

    private static Posterior? LatentPosterior(ModelReplay[] runs)
    {
        var first = runs[0].Latents;
        if (first.Count == 0) return null;
        var columns = new List<PosteriorColumn>();
        foreach (var (address, value) in first)
        {
            string name = ParameterBlock.StanName(address);
            if (value is Real[] v)
                for (int i = 0; i < v.Length; i++) columns.Add(new PosteriorColumn(name.EndsWith(']') ? $"{name[..^1]},{i + 1}]" : $"{name}[{i + 1}]", address, i));
            else columns.Add(new PosteriorColumn(name, address, -1));
        }
        var rows = runs.Select((run, d) =>
        {
            if (run.Latents.Count != first.Count || run.Latents.Where((l, j) => l.Address != first[j].Address).Any())
                throw new UnnamedModelException($"the model made different latent choices at draw {d} than at draw 0 (stochastic structure); its latent draws cannot be tabled.");
            return run.Latents.SelectMany(l => l.Value switch
            {
                Real r => [r.Value],
                Real[] v => v.Select(x => x.Value),
                int k => [k],
                bool b => [b ? 1.0 : 0.0],
                _ => throw new UnnamedModelException($"the choice '{l.Address}' has a value of type {l.Value.GetType().Name}, which a column cannot hold.", l.Address),
            }).ToArray();
        }).ToArray();
        return new Posterior(columns, [rows], statistics: null, sampler: "prior");
    }
}
