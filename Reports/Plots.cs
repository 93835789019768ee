using ScottPlot;
using Probabilistic.Inference;

namespace Probabilistic.Reports;

/// <summary>
/// Charts of inference results, after ArviZ and bayesplot (Kumar et al. 2019, "ArviZ a unified library for exploratory
/// analysis of Bayesian models in Python"; Gabry et al. 2019, "Visualization in Bayesian workflow"). Each returns a
/// ScottPlot <see cref="Plot"/> that the caller may restyle before saving it (<see cref="PlotExport"/>).
/// </summary>
public static partial class Plots
{
    private static readonly IPalette ChainPalette = new ScottPlot.Palettes.Category10();

    /// <summary>The colour of chain <paramref name="chain"/> (0-based) in every per-chain chart.</summary>
    public static Color ChainColor(int chain) => ChainPalette.GetColor(chain);

    /// <summary>The colour that marks divergent transitions.</summary>
    public static Color DivergenceColor { get; } = Colors.Red;

    private static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }

    private static double[][] ChainsOf(Posterior posterior, string column)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        ArgumentNullException.ThrowIfNull(column);
        return posterior.Chain(column);
    }

    private static double[] Selected<T>(WeightedSample<T> sample, Func<T, double> selector)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(selector);
        return sample.Values.Select(selector).ToArray();
    }

    /// <summary>Makes <paramref name="axis"/> tick only at integers (steps, iterations, counts, ranks, discrete values).</summary>
    private static void IntegerTicks(IAxis axis) =>
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };

    /// <summary>The points whose y is finite.</summary>
    private static (double[] X, double[] Y) Finite(double[] x, double[] y)
    {
        var keep = Enumerable.Range(0, y.Length).Where(i => double.IsFinite(y[i]) && double.IsFinite(x[i])).ToArray();
        return (keep.Select(i => x[i]).ToArray(), keep.Select(i => y[i]).ToArray());
    }

    private static void CheckBins(int bins)
    {
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), bins, "Plots: the number of bins must be positive.");
    }
}
