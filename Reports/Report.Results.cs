using System.Globalization;
using Probabilistic.Inference;
using Probabilistic.Inference.Variational;

namespace Probabilistic.Reports;

public sealed partial class Report
{
    /// <summary>
    /// The standard report of MCMC draws: convergence warnings (R̂, ESS) and the sampler's (divergences, tree depth,
    /// E-BFMI) at the top; the summary table; the sampler's diagnostics; a forest plot (of the first <see cref="ForestColumns"/> or <paramref name="maxColumns"/> columns); per column (the first
    /// <paramref name="maxColumns"/>), trace, rank and density plots; a pair plot of the first two columns with
    /// divergences marked; and the energy plot when the draws come from HMC/NUTS.
    /// </summary>
    /// <param name="posterior">The draws.</param>
    /// <param name="title">The report's title.</param>
    /// <param name="maxColumns">How many columns get their own plots (the table always shows all).</param>
    public static Report For(Posterior posterior, string title, int maxColumns = 6)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        if (maxColumns < 0) throw new ArgumentOutOfRangeException(nameof(maxColumns), maxColumns, "Report.For: maxColumns must not be negative.");
        var report = new Report(title);
        report.AddSummarySection(posterior);
        var names = posterior.Columns.Select(c => c.Name).ToArray();
        var forest = names.Take(Math.Max(maxColumns, ForestColumns)).ToArray();
        report.AddHeading("Intervals").AddPlot(forest.Length < names.Length ? $"forest (the first {forest.Length} of {names.Length} columns)" : "forest", Plots.Forest(posterior, forest));
        foreach (var name in names.Take(maxColumns))
        {
            report.AddHeading(name)
                .AddPlot($"trace of {name}", Plots.Trace(posterior, name), width: 420, height: 300)
                .AddPlot($"rank plot of {name}", Plots.Rank(posterior, name), width: 420, height: 300)
                .AddPlot($"density of {name}", Plots.Density(posterior, name), width: 420, height: 300);
        }
        if (names.Length >= 2) report.AddHeading("Pairs").AddPlot($"{names[1]} against {names[0]}", Plots.Pair(posterior, names[0], names[1]));
        if (posterior.Statistics is not null) report.AddHeading("Energy").AddPlot("energy", Plots.Energy(posterior));
        return report;
    }

    /// <summary>
    /// The standard report of a weighted sample from importance sampling or SMC: particles, ESS and log evidence; for each
    /// named quantity its weighted mean and sd, density and histogram; and, given the recorded <paramref name="steps"/>,
    /// the ESS and log evidence over the SMC steps. A final ESS below 10% of the particles is a warning.
    /// </summary>
    /// <param name="sample">The weighted sample.</param>
    /// <param name="quantities">The scalars to report, by name (e.g. <c>("x_T", x =&gt; x.Value)</c>).</param>
    /// <param name="title">The report's title.</param>
    /// <param name="steps">The steps an <see cref="SmcRecorder"/> recorded, or null.</param>
    public static Report For<T>(WeightedSample<T> sample, IReadOnlyList<(string Name, Func<T, double> Selector)> quantities, string title, IReadOnlyList<SmcProgress>? steps = null)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(quantities);
        var inv = CultureInfo.InvariantCulture;
        var report = new Report(title);
        if (sample.EffectiveSampleSize < 0.1 * sample.Count)
            report.AddWarning(string.Format(inv, "The effective sample size {0:F1} is below 10% of the {1} particles: the weights are degenerate.", sample.EffectiveSampleSize, sample.Count));
        var rows = new List<IReadOnlyList<string>>
        {
            new[] { "particles", sample.Count.ToString(inv) },
            new[] { "effective sample size", SummaryHtml.Number(sample.EffectiveSampleSize) },
            new[] { "log evidence", SummaryHtml.Number(sample.LogEvidence) },
            new[] { "log evidence standard error", SummaryHtml.Number(sample.LogEvidenceStandardError) },
        };
        foreach (var (name, selector) in quantities)
        {
            double mean = sample.Expectation(selector);
            rows.Add([$"E[{name}]", SummaryHtml.Number(mean)]);
            rows.Add([$"sd[{name}]", SummaryHtml.Number(Math.Sqrt(sample.Expectation(v => (selector(v) - mean) * (selector(v) - mean))))]);
        }
        report.AddHeading("Summary").AddTable(["quantity", "value"], rows);
        foreach (var (name, selector) in quantities)
            report.AddHeading(name)
                .AddPlot($"density of {name}", Plots.Density(sample, selector, name), width: 420, height: 300)
                .AddPlot($"histogram of {name}", Plots.Histogram(sample, selector, name), width: 420, height: 300);
        if (steps is { Count: > 0 })
            report.AddHeading("SMC steps")
                .AddPlot("effective sample size per step", Plots.EffectiveSampleSize(steps, sample.Count), width: 420, height: 300)
                .AddPlot("log evidence per step", Plots.LogEvidence(steps), width: 420, height: 300);
        return report;
    }

    /// <summary>
    /// The standard report of a variational fit: the objective curve, the fitted parameters, and the summary and plots of
    /// <paramref name="draws"/> draws from the guide (as <see cref="For(Posterior, string, int)"/> without the MCMC-only parts).
    /// </summary>
    /// <param name="fit">The fit.</param>
    /// <param name="title">The report's title.</param>
    /// <param name="draws">How many guide draws to summarize.</param>
    /// <param name="seed">The seed of those draws.</param>
    public static Report For(VariationalFit fit, string title, int draws = 2000, ulong seed = 1)
    {
        ArgumentNullException.ThrowIfNull(fit);
        var report = new Report(title);
        var history = fit.History;
        report.AddParagraph(string.Format(CultureInfo.InvariantCulture, "{0} steps of {1}; mean estimate over the last {2}: {3}.",
            history.Count, fit.Objective, Math.Min(100, history.Count), SummaryHtml.Number(history.TakeLast(100).DefaultIfEmpty(double.NaN).Average())));
        if (history.Count > 0) report.AddPlot("objective", Plots.Objective(fit));
        var posterior = fit.Sample(draws, seed);
        report.AddHeading("Guide draws").AddSummary(posterior.Summary());
        report.AddPlot("forest", Plots.Forest(posterior, posterior.Columns.Take(ForestColumns).Select(c => c.Name).ToArray()));
        foreach (var column in posterior.Columns.Take(6))
            report.AddPlot($"density of {column.Name}", Plots.Density(posterior, column.Name), width: 420, height: 300);
        return report;
    }

    /// <summary>The forest plot of a standard report shows at least this many columns (more when maxColumns is larger), the first ones.</summary>
    public const int ForestColumns = 12;

    private void AddSummarySection(Posterior posterior)
    {
        var summary = posterior.Summary();
        foreach (var w in SummaryWarnings.For(summary, posterior.Chains)) AddWarning(w);
        AddParagraph($"{posterior.Chains} chain(s) × {posterior.Draws} draws from {posterior.Sampler}.");
        AddHeading("Summary").AddSummary(summary);
        if (posterior.SamplerDiagnostics.HasStatistics) AddHeading("Sampler diagnostics").AddDiagnostics(posterior.SamplerDiagnostics);
    }
}
