using System.Globalization;
using Probabilistic.Inference;
using Probabilistic.Inference.Variational;

namespace Probabilistic.Reports;

public sealed partial class Report
{
    /// <summary>At most this many scalar columns get their own trace, rank, density, autocorrelation and MCSE plots (8).</summary>
    public const int MaxDetailedColumns = 8;

    /// <summary>The pair-plot matrix shows at most this many columns (5).</summary>
    public const int MaxPairColumns = 5;

    /// <summary>
    /// The standard report of MCMC draws, after ArviZ and bayesplot, for the variables <paramref name="vars"/> (by
    /// default those <see cref="PosteriorVariables.Select"/> picks: the model's scalars and small vectors, not its
    /// per-observation latent vectors): convergence warnings (R̂, ESS) and the sampler's (divergences, tree depth,
    /// E-BFMI) at the top; the summary table of the chosen columns with their 90% highest-density intervals; the
    /// sampler's diagnostics; a forest plot of highest-density intervals; per scalar (at most
    /// <see cref="MaxDetailedColumns"/>) its trace, rank plot, density (boundary-corrected; an integer-aligned
    /// histogram for a discrete one), autocorrelation and quantile MCSEs; the ESS as draws accumulate; the pair-plot
    /// matrix with divergences (at most <see cref="MaxPairColumns"/> continuous scalars); and the energy plot when the
    /// draws come from HMC/NUTS. Each plot appears once.
    /// </summary>
    /// <param name="posterior">The draws.</param>
    /// <param name="title">The report's title.</param>
    /// <param name="vars">The variables (<c>theta</c>) or columns (<c>theta[2]</c>) to report, in order; null for the default.</param>
    /// <exception cref="KeyNotFoundException">A name in <paramref name="vars"/> is not in the posterior; the message lists the variables.</exception>
    public static Report For(Posterior posterior, string title, IReadOnlyList<string>? vars = null)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        var report = new Report(title);
        var variables = PosteriorVariables.Select(posterior, vars);
        var columns = variables.SelectMany(v => v.Columns).Distinct().ToArray();
        report.AddSummarySection(posterior, variables, columns, vars is null);
        report.AddHeading("Intervals").AddPlot(columns.Length == 1 ? $"median and highest-density intervals of {columns[0]}" : "medians and highest-density intervals",
            Plots.Forest(posterior, columns, interval: ForestInterval.Hdi), height: Math.Clamp(120 + 26 * columns.Length, 240, 900));
        var detailed = DetailedColumns(variables);
        foreach (var name in detailed)
        {
            var draws = posterior[name];
            report.AddHeading(name)
                .AddPlot($"trace of {name}", Plots.Trace(posterior, name), width: 420, height: 300)
                .AddPlot($"rank plot of {name}", Plots.Rank(posterior, name), width: 420, height: 300)
                .AddPlot(Plots.IsIntegral(draws) ? $"posterior probabilities of {name}" : $"density of {name}",
                    Plots.IsIntegral(draws) ? Plots.Histogram(posterior, name) : Plots.Density(posterior, name), width: 420, height: 300)
                .AddPlot($"autocorrelation of {name}", Plots.Autocorrelation(posterior, name), width: 420, height: 300)
                .AddPlot($"MCSE of the quantiles of {name}", Plots.Mcse(posterior, name), width: 420, height: 300);
        }
        if (detailed.Count > 0 && posterior.Draws >= 8)
            report.AddHeading("Effective sample size").AddPlot("bulk and tail ESS as the draws accumulate", Plots.EssEvolution(posterior, detailed.Take(6).ToArray()));
        var pairs = detailed.Where(c => !Plots.IsIntegral(posterior[c])).Take(MaxPairColumns).ToArray();
        if (pairs.Length >= 2)
            report.AddHeading("Pairs").AddPlot("pairs of the draws, divergent transitions in red", Plots.PairMatrix(posterior, pairs), width: 180 * pairs.Length + 80, height: 170 * pairs.Length + 80);
        if (posterior.Statistics is not null) report.AddHeading("Energy").AddPlot("energy", Plots.Energy(posterior));
        return report;
    }

    /// <summary>
    /// The standard report of a weighted sample from importance sampling or SMC: particles, ESS and log evidence; for each
    /// named quantity its weighted mean and sd (to the precision of their Monte Carlo error) and its density (an
    /// integer-aligned histogram for a discrete one); and, given the recorded <paramref name="steps"/>, the ESS before
    /// resampling and the log evidence over the SMC steps. Besides the ESS of the final weights the table gives
    /// <see cref="WeightedSample{T}.EffectiveSampleSizeBeforeResampling"/> when the run resampled (after resampling every
    /// weight is equal and the final ESS is the particle count, which says nothing); the ESS before the last resampling,
    /// or the final one when there was none, below 10% of the particles is a warning.
    /// </summary>
    /// <param name="sample">The weighted sample.</param>
    /// <param name="quantities">The scalars to report, by name (e.g. <c>("x_T", x =&gt; x.Value)</c>).</param>
    /// <param name="title">The report's title.</param>
    /// <param name="steps">The steps an <see cref="SmcRecorder"/> recorded, or null.</param>
    /// <param name="exactLogEvidence">The exact log evidence when known (a dashed line on the log-evidence plot), else NaN.</param>
    public static Report For<T>(WeightedSample<T> sample, IReadOnlyList<(string Name, Func<T, double> Selector)> quantities, string title, IReadOnlyList<SmcProgress>? steps = null, double exactLogEvidence = double.NaN)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(quantities);
        var inv = CultureInfo.InvariantCulture;
        var report = new Report(title);
        bool fromSteps = steps is { Count: > 0 };
        bool resampled = !double.IsNaN(sample.EffectiveSampleSizeBeforeResampling);
        double ess = resampled ? sample.EffectiveSampleSizeBeforeResampling : sample.EffectiveSampleSize;
        string essLabel = resampled ? "effective sample size before the last resampling" : "effective sample size of the final weights";
        if (ess < 0.1 * sample.Count)
            report.AddWarning(string.Format(inv, "The {0} ({1}) is below 10% of the {2} particles: the weights are degenerate.", essLabel, NumberFormat.Significant(ess, 3), sample.Count));
        var rows = new List<IReadOnlyList<string>>
        {
            new[] { "particles", sample.Count.ToString(inv) },
            new[] { "effective sample size of the final weights", sample.EffectiveSampleSize.ToString("F0", inv) },
            new[] { "log evidence", $"{NumberFormat.ToPrecision(sample.LogEvidence, sample.LogEvidenceStandardError)} ± {NumberFormat.Significant(sample.LogEvidenceStandardError, 2)}" },
        };
        if (resampled) rows.Insert(2, ["effective sample size before the last resampling", ess.ToString("F0", inv)]);
        foreach (var (name, selector) in quantities)
        {
            double mean = sample.Expectation(selector);
            double sd = Math.Sqrt(sample.Expectation(v => (selector(v) - mean) * (selector(v) - mean)));
            double error = sd / Math.Sqrt(Math.Max(1, ess)); // the weighted mean's Monte Carlo standard error, σ/√ESS (Kong 1992)
            rows.Add([$"E[{name}]", NumberFormat.ToPrecision(mean, error)]);
            rows.Add([$"sd[{name}]", NumberFormat.ToPrecision(sd, error)]);
        }
        report.AddHeading("Summary").AddTable(["quantity", "value"], rows);
        foreach (var (name, selector) in quantities)
        {
            bool discrete = Plots.IsIntegral(sample.Values.Select(selector).ToArray());
            report.AddHeading(name).AddPlot(discrete ? $"posterior probabilities of {name}" : $"density of {name}",
                discrete ? Plots.Histogram(sample, selector, name) : Plots.Density(sample, selector, name), width: 420, height: 300);
        }
        if (fromSteps)
            report.AddHeading("SMC steps")
                .AddPlot("effective sample size before resampling, per step", Plots.EffectiveSampleSize(steps!, sample.Count), width: 420, height: 300)
                .AddPlot(double.IsFinite(exactLogEvidence) ? "log evidence per step, the exact value dashed" : "log evidence per step", Plots.LogEvidence(steps!, exactLogEvidence), width: 420, height: 300);
        return report;
    }

    /// <summary>
    /// The standard report of a variational fit: the objective curve, and the summary, forest and densities of
    /// <paramref name="draws"/> draws from the guide for the variables <paramref name="vars"/> (by default as
    /// <see cref="For(Posterior, string, IReadOnlyList{string}?)"/>), without the MCMC-only parts.
    /// </summary>
    /// <param name="fit">The fit.</param>
    /// <param name="title">The report's title.</param>
    /// <param name="draws">How many guide draws to summarize.</param>
    /// <param name="seed">The seed of those draws.</param>
    /// <param name="vars">The variables or columns to report; null for the default.</param>
    public static Report For(VariationalFit fit, string title, int draws = 2000, ulong seed = 1, IReadOnlyList<string>? vars = null)
    {
        ArgumentNullException.ThrowIfNull(fit);
        return ForFit(fit, title, fit.Sample(draws, seed), vars);
    }

    /// <summary>
    /// The report of a variational fit with its quality check (Yao et al. 2018, "Yes, but did it work?"): as
    /// <see cref="For(VariationalFit, string, int, ulong, IReadOnlyList{string}?)"/>, with the guide draws taken by
    /// <see cref="VariationalFit.Sample{T}(Model{T}, int, ChoiceMap?, ulong)"/>, so that the Pareto k̂ of p/q is
    /// computed and a k̂ above its threshold is a warning (the guide is far from the posterior).
    /// </summary>
    /// <param name="fit">The fit.</param>
    /// <param name="model">The model the fit was made for.</param>
    /// <param name="title">The report's title.</param>
    /// <param name="draws">How many guide draws to summarize and check.</param>
    /// <param name="observations">The observations the fit was conditioned on, if any.</param>
    /// <param name="seed">The seed of those draws.</param>
    /// <param name="vars">The variables or columns to report; null for the default.</param>
    public static Report For<T>(VariationalFit fit, Model<T> model, string title, int draws = 2000, ChoiceMap? observations = null, ulong seed = 1, IReadOnlyList<string>? vars = null)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(model);
        return ForFit(fit, title, fit.Sample(model, draws, observations, seed), vars);
    }

    private static Report ForFit(VariationalFit fit, string title, Posterior posterior, IReadOnlyList<string>? vars)
    {
        var report = new Report(title);
        // The fit's own convergence check (parameters that kept drifting, an objective still rising) and, with the
        // model, the PSIS check of the guide against the posterior.
        foreach (var w in fit.Diagnostics.Warnings)
            report.AddWarning(w.Kind == VariationalWarningKind.ParameterDrift
                ? $"VI did not converge: parameter '{w.Name}' kept drifting. {w.Message}"
                : $"VI objective still rising at the end. {w.Message}");
        if (posterior.IndependentDraws is { } check && !double.IsNaN(check.ParetoK) && !check.Reliable)
            report.AddWarning(string.Format(CultureInfo.InvariantCulture,
                "The guide's Pareto k̂ is {0:F2}, above {1:F2}: the guide is far from the posterior, and its summaries are not to be trusted (Yao et al. 2018).",
                check.ParetoK, check.KThreshold));
        var history = fit.History;
        report.AddParagraph(string.Format(CultureInfo.InvariantCulture, "{0} steps of {1}; mean estimate over the last {2}: {3}.",
            history.Count, fit.Objective, Math.Min(100, history.Count), SummaryHtml.Number(history.TakeLast(100).DefaultIfEmpty(double.NaN).Average())));
        if (history.Count > 0) report.AddPlot("objective", Plots.Objective(fit));
        var variables = PosteriorVariables.Select(posterior, vars);
        var columns = variables.SelectMany(v => v.Columns).Distinct().ToArray();
        report.AddHeading("Guide draws").AddRaw(SummaryHtml.Table(posterior, posterior.Summary(), columns, SummaryHtml.DefaultHdiProbability));
        report.AddPlot("medians and highest-density intervals", Plots.Forest(posterior, columns, interval: ForestInterval.Hdi));
        foreach (var column in DetailedColumns(variables))
            report.AddPlot($"density of {column}", Plots.Density(posterior, column), width: 420, height: 300);
        return report;
    }

    /// <summary>The columns that get their own plots: the scalar variables', or when none was chosen the first vector's elements.</summary>
    private static IReadOnlyList<string> DetailedColumns(IReadOnlyList<(string Name, IReadOnlyList<string> Columns)> variables)
    {
        var scalars = variables.Where(v => v.Columns.Count == 1).Select(v => v.Columns[0]).ToArray();
        return (scalars.Length > 0 ? scalars : variables[0].Columns).Take(MaxDetailedColumns).ToArray();
    }

    private void AddSummarySection(Posterior posterior, IReadOnlyList<(string Name, IReadOnlyList<string> Columns)> variables, IReadOnlyList<string> columns, bool byDefault)
    {
        var summary = posterior.Summary();
        var chosen = new PosteriorSummary(columns.Select(c => summary[c]).ToArray(), summary.Probabilities);
        foreach (var w in SummaryWarnings.For(chosen, posterior.Chains)) AddWarning(w);
        AddParagraph($"{posterior.Chains} chain(s) × {posterior.Draws} draws from {posterior.Sampler}.");
        var generated = variables.Where(v => v.Columns.All(c => posterior.Columns.First(col => col.Name == c).IsGenerated)).Select(v => v.Name).ToArray();
        if (generated.Length > 0)
            AddParagraph($"Generated quantities (the model's return value, computed from each draw): {string.Join(", ", generated)}.");
        // What is left out: a whole variable by its name, or the columns of a variable of which only some were chosen.
        var shown = columns.ToHashSet(StringComparer.Ordinal);
        var hidden = PosteriorVariables.All(posterior)
            .Select(v => (v.Name, v.Columns, Left: v.Columns.Where(c => !shown.Contains(c)).ToArray()))
            .Where(v => v.Left.Length > 0)
            .Select(v => v.Left.Length < v.Columns.Count ? string.Join(", ", v.Left)
                : v.Columns.Count > 1 ? $"{v.Name} ({v.Columns.Count} columns)" : v.Name)
            .ToArray();
        if (hidden.Length > 0)
            AddParagraph($"Variables shown: {string.Join(", ", variables.Select(v => v.Name))}" + (byDefault ? " (the default: scalars and vectors of at most " + PosteriorVariables.MaxDefaultElements + " elements)" : "")
                + $". Not shown: {string.Join(", ", hidden)}; choose with vars.");
        AddHeading("Summary").AddRaw(SummaryHtml.Table(posterior, summary, columns, SummaryHtml.DefaultHdiProbability));
        if (posterior.SamplerDiagnostics.HasStatistics) AddHeading("Sampler diagnostics").AddDiagnostics(posterior.SamplerDiagnostics);
    }
}
