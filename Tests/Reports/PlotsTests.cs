using Probabilistic.Reports;
using ScottPlot;
using Xunit;

namespace Probabilistic.Tests.Reports;

public class PlotsTests
{
    private const int Width = 320, Height = 240;

    public static TheoryData<string> PlotNames => new()
    {
        "trace", "rank", "density", "density-bounded", "histogram", "histogram-discrete", "pair", "pair-matrix", "forest", "forest-hdi", "energy",
        "autocorrelation", "ess-evolution", "mcse", "objective", "objective-history", "ess", "logevidence", "weighted-density",
        "weighted-histogram", "weighted-histogram-discrete", "predictive", "predictive-intervals", "predictive-statistic",
        "prior-posterior", "prior-posterior-draws", "prior-posterior-discrete", "pareto-k", "loo-pit", "sbc",
        "sbc-result", "pareto-k-loo", "loo-pit-loo", "predictive-sample", "predictive-sample-intervals", "predictive-sample-statistic",
    };

    private static Plot Make(string name)
    {
        var posterior = ReportFixtures.Posterior();
        return name switch
        {
            "trace" => Plots.Trace(posterior, "mu"),
            "rank" => Plots.Rank(posterior, "theta[1]"),
            "density" => Plots.Density(posterior, "mu"),
            "histogram" => Plots.Histogram(posterior, "theta[2]"),
            "pair" => Plots.Pair(posterior, "mu", "theta[1]"),
            "forest" => Plots.Forest(posterior),
            "energy" => Plots.Energy(posterior),
            "objective" => Plots.Objective(ReportFixtures.Fit()),
            "ess" => Plots.EffectiveSampleSize(ReportFixtures.Steps(), 1000),
            "logevidence" => Plots.LogEvidence(ReportFixtures.Steps(), -22),
            "weighted-density" => Plots.Density(ReportFixtures.Weighted(), x => x, "x"),
            "weighted-histogram" => Plots.Histogram(ReportFixtures.Weighted(), x => x, "x"),
            "predictive" => Plots.PosteriorPredictive([1, 2, 2.5, 3, 4], [[1.5, 2, 3, 3.5], [0, 1, 2, 5]]),
            "density-bounded" => Plots.Density(ReportFixtures.Mixed(), "tau", lower: 0),
            "histogram-discrete" => Plots.Histogram(ReportFixtures.Mixed(), "k"),
            "pair-matrix" => Plots.PairMatrix(posterior, ["mu", "theta[1]", "theta[2]"]),
            "forest-hdi" => Plots.Forest(posterior, interval: ForestInterval.Hdi),
            "autocorrelation" => Plots.Autocorrelation(posterior, "mu"),
            "ess-evolution" => Plots.EssEvolution(posterior, ["mu", "theta[1]"]),
            "mcse" => Plots.Mcse(posterior, "theta[2]"),
            "objective-history" => Plots.Objective([5, 4, 3, double.NaN, 2.5, 2.4], "ELBO", window: 2),
            "weighted-histogram-discrete" => Plots.Histogram(ReportFixtures.Weighted(), x => Math.Round(x), "round(x)"),
            "predictive-intervals" => Plots.PosteriorPredictiveIntervals([1, 2, 3], [[1.5, 2, 3], [0, 1, 2], [1, 3, 4]]),
            "predictive-statistic" => Plots.PosteriorPredictiveStatistic([1, 2, 3], [[1.5, 2, 3], [0, 1, 2], [1, 3, 4]], v => v.Max(), "max"),
            "prior-posterior" => Plots.PriorPosterior(ReportFixtures.Posterior(withStatistics: false), posterior, "mu"),
            "prior-posterior-draws" => Plots.PriorPosterior([0.1, 0.5, 1.5, 2.5, 3], [1, 1.1, 1.2, 1.4], "sigma"),
            "prior-posterior-discrete" => Plots.PriorPosterior([0, 1, 2, 3, 3], [2, 2, 3], "k"),
            "pareto-k" => Plots.ParetoK([0.1, 0.3, 0.8, -0.1, 1.2], draws: 4000),
            "loo-pit" => Plots.LooPit([0.1, 0.5, 0.52, 0.7, 0.9, 0.33, 0.25, 0.61, 0.8, 0.05]),
            "sbc-result" => Plots.SbcEcdf(new Probabilistic.Inference.Workflow.SbcResult(["mu", "sigma"], [[0, 5, 9, 3, 3, 7, 1, 8], [1, 1, 2, 9, 0, 4, 6, 5]], 9, 0.05, 1)),
            "pareto-k-loo" => Plots.ParetoK(Loo()),
            "loo-pit-loo" => Plots.LooPit(Loo(), Predictive()),
            "predictive-sample" => Plots.PosteriorPredictive(Predictive()),
            "predictive-sample-intervals" => Plots.PosteriorPredictiveIntervals(Predictive()),
            "predictive-sample-statistic" => Plots.PosteriorPredictiveStatistic(Predictive(), v => v.Average(), "mean"),
            "sbc" => Plots.SbcEcdf([("mu", [0, 5, 9, 3, 3, 7, 1, 8]), ("sigma", [1, 1, 2, 9, 0, 4, 6, 5])], maxRank: 9),
            _ => throw new ArgumentException(name),
        };
    }

    private static Probabilistic.Inference.Workflow.LooResult Loo() =>
        Probabilistic.Inference.Workflow.Loo.Compute(Probabilistic.Inference.Infer.LogLikelihood(ReportFixtures.Regression, ReportFixtures.RegressionPosterior()));

    private static Probabilistic.Inference.Workflow.PredictiveSample Predictive() =>
        Probabilistic.Inference.Infer.Predictive(ReportFixtures.Regression, ReportFixtures.RegressionPosterior());

    [Theory]
    [MemberData(nameof(PlotNames))]
    public void EachPlotRendersAPngOfTheRequestedSize(string name) =>
        PngImage.AssertPng(Make(name).ToPng(Width, Height), Width, Height);

    [Fact]
    public void SaveWritesPngAndSvgByExtension()
    {
        var dir = Path.Combine(Path.GetTempPath(), "probabilistic-tests", Guid.NewGuid().ToString("N"));
        var plot = Plots.Trace(ReportFixtures.Posterior(), "mu");
        PngImage.AssertPng(File.ReadAllBytes(plot.SaveAs(Path.Combine(dir, "trace.png"), 300, 200)), 300, 200);
        var svg = File.ReadAllText(plot.SaveAs(Path.Combine(dir, "trace.svg"), 300, 200));
        Assert.Contains("<svg", svg);
        Assert.Contains("Trace of mu", svg);
        var e = Assert.Throws<ArgumentException>(() => plot.SaveAs(Path.Combine(dir, "trace.gif")));
        Assert.Equal("path", e.ParamName);
    }

    [Fact]
    public void PairPlotMarksTheThreeDivergences()
    {
        var plot = Plots.Pair(ReportFixtures.Posterior(), "mu", "theta[1]");
        var marks = plot.GetPlottables<ScottPlot.Plottables.Scatter>().Single(s => s.LegendText.StartsWith("divergent", StringComparison.Ordinal));
        Assert.Equal("divergent (3)", marks.LegendText);
        Assert.Equal(3, marks.Data.GetScatterPoints().Count);
    }

    [Fact]
    public void EnergyPlotNeedsSamplerStatistics()
    {
        var e = Assert.Throws<ArgumentException>(() => Plots.Energy(ReportFixtures.Posterior(withStatistics: false)));
        Assert.Equal("posterior", e.ParamName);
    }

    [Fact]
    public void UnknownColumnNamesTheColumns()
    {
        var e = Assert.Throws<KeyNotFoundException>(() => Plots.Trace(ReportFixtures.Posterior(), "sigma"));
        Assert.Contains("theta[1]", e.Message);
    }

    [Fact]
    public void KernelDensityIntegratesToOneAndFindsTheMode()
    {
        // The weighted sample is N(0, 1) reweighted by N(x; 1, 1): the posterior N(0.5, 1/2), mode 0.5.
        var sample = ReportFixtures.Weighted();
        var kde = new KernelDensity(sample.Values, sample.Weights);
        var (x, y) = kde.Grid(400);
        double integral = 0;
        for (int k = 1; k < x.Length; k++) integral += 0.5 * (y[k] + y[k - 1]) * (x[k] - x[k - 1]);
        Assert.Equal(1.0, integral, 2);
        double mode = x[Array.IndexOf(y, y.Max())];
        Assert.InRange(mode, 0.2, 0.8);
    }

    [Fact]
    public void DensityOfAScaleDoesNotSpillBelowZeroAndKeepsItsHeightAtZero()
    {
        // tau = |N(0, 1)|: the half-normal density 2φ(x), 0.798 at 0. Without reflection the estimate spills below 0 and
        // is about half as high at 0.
        var plot = Plots.Density(ReportFixtures.Mixed(), "tau", lower: 0);
        var all = plot.GetPlottables<ScottPlot.Plottables.Scatter>().Single(s => s.LegendText == "all chains").Data.GetScatterPoints();
        Assert.True(all.Min(p => p.X) >= 0, $"the density starts at {all.Min(p => p.X)}");
        // 400 draws, h ≈ 0.9·0.6·400^(−1/5) ≈ 0.17: the estimate at 0 has sd ≈ √(2 f(0) R(K)/(n h)) ≈ 0.06 and a bias
        // of about h²/2·f''(0) ≈ −0.01; ±0.2 is over 3 sd, and rules out the unreflected ≈ 0.4.
        Assert.InRange(all.First().Y, 0.6, 1.0);
        var unbounded = Plots.Density(ReportFixtures.Mixed(), "tau", lower: double.NegativeInfinity).GetPlottables<ScottPlot.Plottables.Scatter>()
            .Single(s => s.LegendText == "all chains").Data.GetScatterPoints();
        Assert.True(unbounded.Min(p => p.X) < 0);
    }

    [Fact]
    public void DensityByDefaultStaysWithinTheDrawsRange()
    {
        var posterior = ReportFixtures.Mixed();
        var tau = posterior["tau"];
        var points = Plots.Density(posterior, "tau").GetPlottables<ScottPlot.Plottables.Scatter>().SelectMany(s => s.Data.GetScatterPoints()).ToArray();
        Assert.True(points.Min(p => p.X) >= tau.Min() && points.Max(p => p.X) <= tau.Max());
        // The property holds for any draws, not just the fixture's: the grid's last point must not round past the largest
        // draw (lo + (hi − lo) can exceed hi by one ulp; the fixture's stream once hid that, another stream exposed it).
        var rng = new Rng(17);
        for (int r = 0; r < 200; r++)
        {
            var draws = Enumerable.Range(0, 50).Select(_ => Math.Exp(rng.NextGaussian())).ToArray();
            var (x, _) = new KernelDensity(draws, null, draws.Min(), draws.Max()).Grid();
            Assert.True(x[0] >= draws.Min() && x[^1] <= draws.Max(), $"replicate {r}: grid [{x[0]:R}, {x[^1]:R}] outside [{draws.Min():R}, {draws.Max():R}]");
        }
    }

    [Fact]
    public void KernelDensityReflectionIntegratesToOneInsideTheBounds()
    {
        var rng = new Rng(5);
        var draws = Enumerable.Range(0, 2000).Select(_ => rng.NextDouble()).ToArray(); // Uniform(0, 1): density 1 on the support
        var kde = new KernelDensity(draws, lower: 0, upper: 1);
        var (x, y) = kde.Grid(400);
        Assert.Equal(0, x[0]);
        Assert.Equal(1, x[^1]);
        double integral = 0;
        for (int k = 1; k < x.Length; k++) integral += 0.5 * (y[k] + y[k - 1]) * (x[k] - x[k - 1]);
        Assert.Equal(1.0, integral, 2);
        // At the edges a reflected estimate of the uniform stays near 1 (unreflected: near 0.5). n = 2000, h ≈ 0.9·0.29·2000^(−1/5)
        // ≈ 0.057: sd of f̂(0) ≈ √(2·0.28/(2000·0.057)) ≈ 0.07; ±0.25 is over 3 sd.
        Assert.InRange(kde.Density(0), 0.75, 1.25);
        Assert.InRange(kde.Density(1), 0.75, 1.25);
        Assert.Equal(0, kde.Density(-0.1));
    }

    [Fact]
    public void DiscreteHistogramsCentreUnitBarsOnTheIntegers()
    {
        var posterior = ReportFixtures.Mixed();
        var bars = Plots.Histogram(posterior, "k").GetPlottables<ScottPlot.Plottables.BarPlot>().Single().Bars.ToArray();
        var k = posterior["k"];
        Assert.Equal((int)(k.Max() - k.Min()) + 1, bars.Length);
        foreach (var bar in bars) Assert.Equal(Math.Round(bar.Position), bar.Position, 12);
        Assert.Equal(1.0, bars.Sum(b => b.Value), 12); // probabilities
        Assert.Equal(k.Count(v => v == 3) / (double)k.Length, bars.Single(b => b.Position == 3).Value, 12);
    }

    [Theory]
    [InlineData("ess")]
    [InlineData("logevidence")]
    [InlineData("trace")]
    [InlineData("rank")]
    [InlineData("histogram-discrete")]
    [InlineData("autocorrelation")]
    [InlineData("pareto-k")]
    public void IntegralAxesTickOnlyAtIntegers(string name)
    {
        var ticks = Make(name).Axes.Bottom.TickGenerator;
        Assert.True(ticks is ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly: true }, $"{name}: {ticks.GetType().Name}");
    }

    [Fact]
    public void PairMatrixMarksDivergencesInEveryLowerPanel()
    {
        // 3 columns: 3 panels below the diagonal, each with the 3 divergent draws in red.
        var plot = Plots.PairMatrix(ReportFixtures.Posterior(), ["mu", "theta[1]", "theta[2]"]);
        var red = plot.GetPlottables<ScottPlot.Plottables.Scatter>().Where(s => s.Color == Plots.DivergenceColor).ToArray();
        Assert.Equal(3, red.Length);
        Assert.All(red, s => Assert.Equal(3, s.Data.GetScatterPoints().Count));
        Assert.Contains("3 divergent", plot.Axes.Title.Label.Text);
    }

    [Fact]
    public void ForestHdiOfASkewedColumnStartsAtItsSmallestDraws()
    {
        // tau = |N(0, 1)| is densest at 0: its 90% HDI is [0, 1.645], starting among the smallest draws (below the 2%
        // quantile, ≈ 0.025), while the central interval starts at the 5% quantile (≈ 0.063).
        var posterior = ReportFixtures.Mixed();
        var tau = posterior["tau"].Order().ToArray();
        double Start(ForestInterval kind) => Plots.Forest(posterior, ["tau"], interval: kind).GetPlottables<ScottPlot.Plottables.LinePlot>().First().Start.X;
        Assert.True(Start(ForestInterval.Hdi) <= tau[(int)(0.02 * tau.Length)], $"HDI from {Start(ForestInterval.Hdi)}");
        Assert.Equal(tau[(int)(0.05 * (tau.Length - 1))], Start(ForestInterval.Central), 1);
        Assert.True(Start(ForestInterval.Central) > tau[(int)(0.02 * tau.Length)]);
    }

    [Fact]
    public void SbcPlotFlagsNonUniformRanks()
    {
        // 200 simulations whose ranks all lie in the upper half of 0 … 19: far outside any 95% band for uniform ranks.
        var rng = new Rng(2);
        var uniform = Enumerable.Range(0, 200).Select(_ => (int)(rng.NextDouble() * 20)).ToArray();
        var biased = Enumerable.Range(0, 200).Select(_ => 10 + (int)(rng.NextDouble() * 10)).ToArray();
        var legends = Plots.SbcEcdf([("a", uniform), ("b", biased)], maxRank: 19).GetPlottables<ScottPlot.Plottables.Scatter>().Select(s => s.LegendText).ToArray();
        Assert.Contains("a", legends);
        Assert.Contains(legends, l => l.StartsWith("b (outside at", StringComparison.Ordinal));
    }

    [Fact]
    public void ParetoKMarksObservationsAboveTheThreshold()
    {
        // S = 4000 draws: threshold min(1 − 1/log10(4000), 0.7) = 0.7; 0.8 and 1.2 are above it.
        var plot = Plots.ParetoK([0.1, 0.3, 0.8, -0.1, 1.2], draws: 4000);
        var bad = plot.GetPlottables<ScottPlot.Plottables.Scatter>().Single(s => s.LegendText == "unreliable").Data.GetScatterPoints();
        Assert.Equal([3.0, 5.0], bad.Select(p => p.X).ToArray());
        Assert.Contains("2 of 5 above 0.7", plot.Axes.Title.Label.Text);
    }

    [Fact]
    public void PredictiveStatisticReportsThePosteriorPredictivePValue()
    {
        // T = max: replicate maxima 3, 2, 4 against the data's 3: P(T(ỹ) ≥ 3) = 2/3.
        var plot = Plots.PosteriorPredictiveStatistic([1, 2, 3], [[1.5, 2, 3], [0, 1, 2], [1, 3, 4]], v => v.Max(), "max");
        Assert.Contains("= 0.67", plot.Axes.Title.Label.Text);
    }

    [Fact]
    public void NewPlotsRejectBadInput()
    {
        Assert.Equal("ranks", Assert.Throws<ArgumentException>(() => Plots.SbcEcdf([("a", [0, 12])], maxRank: 9)).ParamName);
        Assert.Equal("pit", Assert.Throws<ArgumentException>(() => Plots.LooPit([0.5, 1.5])).ParamName);
        Assert.Equal("replicates", Assert.Throws<ArgumentException>(() => Plots.PosteriorPredictiveIntervals([1, 2], [[1]])).ParamName);
        Assert.Equal("columns", Assert.Throws<ArgumentException>(() => Plots.PairMatrix(ReportFixtures.Posterior(), ["mu"])).ParamName);
        Assert.Equal("lower", Assert.Throws<ArgumentException>(() => Plots.Density(ReportFixtures.Mixed(), "tau", lower: 0.5)).ParamName);
    }

    [Fact]
    public void ObjectiveCurveIsTitledAndClipsNoEstimate()
    {
        // A VAE-like history: a steep start from -68000 to -30000. Every estimate lies inside the axes.
        var history = Enumerable.Range(0, 150).Select(i => -30000 - 38000 * Math.Exp(-i / 10.0)).ToArray();
        var plot = Plots.Objective(history, "ELBO");
        Assert.Equal("Objective: ELBO", plot.Axes.Title.Label.Text);
        var limits = plot.Axes.GetLimits();
        Assert.True(limits.Bottom <= history.Min() && limits.Top >= history.Max(), $"y from {limits.Bottom} to {limits.Top}");
        Assert.True(limits.Left <= 1 && limits.Right >= history.Length);
    }
}
