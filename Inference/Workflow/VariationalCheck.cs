using Probabilistic.Inference.Variational;

namespace Probabilistic.Inference.Workflow;

/// <summary>
/// Draws from a variational fit as posterior draws with their quality signal (Yao, Vehtari, Simpson and Gelman 2018,
/// "Yes, but did it work?: Evaluating variational inference", ICML): for each draw θ⁽ˢ⁾ ~ q the log ratio
/// log p(θ⁽ˢ⁾, y) − log q(θ⁽ˢ⁾) is computed by scoring the draw under the model, and the ratios' Pareto k̂ and PSIS
/// effective sample size go into the posterior's <see cref="Posterior.IndependentDraws"/> (printed by its summary, which
/// then shows no R̂). Columns follow the model's order; the model's return value and pointwise log-likelihood are kept
/// as for NUTS.
/// </summary>
internal static class VariationalCheck
{
    public static Posterior Sample<T>(VariationalFit fit, Model<T> model, int draws, ChoiceMap? observations, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (draws < 2) throw new ArgumentOutOfRangeException(nameof(draws), draws, "VariationalFit.Sample: draws must be at least 2 for the Pareto k̂ check.");
        return UnnamedModelException.In("VariationalFit.Sample", () => Checked(fit, model, draws, observations, seed));
    }

    private static Posterior Checked<T>(VariationalFit fit, Model<T> model, int draws, ChoiceMap? observations, ulong seed)
    {
        var conditions = observations ?? ChoiceMap.Empty;
        var rng = new Rng(seed);
        var guideDraws = new GuideDraw[draws];
        for (int d = 0; d < draws; d++) guideDraws[d] = fit.Guide.Draw(fit.Parameters, rng);
        var logRatios = new double[draws];
        var runs = new ModelReplay[draws];
        Particles.ParallelRun.Invoke(() => Parallel.For(0, draws, d =>
        {
            var draw = guideDraws[d];
            logRatios[d] = ModelScorer.LogJoint(model, conditions, draw, fit.Parameters, "VariationalFit.Sample").Value - draw.LogQ.Value;
            runs[d] = ModelReplay.Run(model, draw.Values, conditions, null, false, fit.Parameters);
        }));
        var order = runs[0].Latents;
        var columns = new List<PosteriorColumn>();
        foreach (var (address, value) in order)
        {
            string name = ParameterBlock.StanName(address);
            if (value is Real[] v)
                for (int i = 0; i < v.Length; i++) columns.Add(new PosteriorColumn(name.EndsWith(']') ? $"{name[..^1]},{i + 1}]" : $"{name}[{i + 1}]", address, i));
            else columns.Add(new PosteriorColumn(name, address, -1));
        }
        var rows = runs.Select((run, d) =>
        {
            if (run.Latents.Count != order.Count || run.Latents.Where((l, j) => l.Address != order[j].Address).Any())
                throw new ModelException($"VariationalFit.Sample: the model made different latent choices at draw {d} than at draw 0; its draws cannot be tabled.");
            return run.Latents.SelectMany(l => l.Value switch
            {
                Real r => [r.Value],
                Real[] v => v.Select(x => x.Value),
                int k => [k],
                bool b => [b ? 1.0 : 0.0],
                _ => throw new ModelException($"VariationalFit.Sample: the choice '{l.Address}' has a value of type {l.Value.GetType().Name}, which a column cannot hold.", l.Address),
            }).ToArray();
        }).ToArray();
        var posterior = GeneratedQuantities.Attach(model, observations, new Posterior(columns, [rows], statistics: null, sampler: "VI"), fit.Parameters);
        IndependentDrawsCheck check;
        if (logRatios.Any(r => double.IsNaN(r) || double.IsPositiveInfinity(r)))
            check = new IndependentDrawsCheck(double.NaN, double.NaN, draws, "a log ratio log p − log q is not finite");
        else
        {
            check = IndependentDrawsCheck.FromLogRatios(logRatios);
            if (fit.Guide is MarginalGuide) check = check with { Note = "log q of a marginal guide is its SIR estimate" };
        }
        return posterior.AsIndependent(check);
    }
}
