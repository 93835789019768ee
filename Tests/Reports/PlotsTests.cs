using Probabilistic.Reports;
using ScottPlot;
using Xunit;

namespace Probabilistic.Tests.Reports;

public class PlotsTests
{
    private const int Width = 320, Height = 240;

    public static TheoryData<string> PlotNames => new() { "trace", "rank", "density", "histogram", "pair", "forest", "energy", "objective", "ess", "logevidence", "weighted-density", "weighted-histogram", "predictive" };

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
            _ => throw new ArgumentException(name),
        };
    }

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
}
