using Probabilistic.Reports;
using Xunit;

namespace Probabilistic.Tests.Reports;

public class EcdfBandTests
{
    [Fact]
    public void UniformEcdfsStayInsideTheBandAtItsCoverage()
    {
        // n = 50 uniform draws on a grid of 49 points, a 95% simultaneous band from 1000 simulations. 600 fresh samples:
        // the fraction wholly inside has sd √(0.95·0.05/600) ≈ 0.009, and the band's own γ (a 5% quantile of 1000
        // simulated minima) moves the coverage by about √(0.05·0.95/1000) ≈ 0.007: [0.91, 0.99] is over 3.5 combined sd.
        int n = 50;
        var grid = Enumerable.Range(1, 49).Select(i => i / 50.0).ToArray();
        var band = new EcdfBand(n, grid, alpha: 0.05, simulations: 1000, seed: 3);
        Assert.True(band.Gamma < 0.05 && band.Gamma > 0, $"gamma {band.Gamma}");
        var rng = new Rng(99);
        int inside = 0, samples = 600;
        for (int s = 0; s < samples; s++)
        {
            var f = band.Ecdf(Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray());
            if (Enumerable.Range(0, f.Length).All(i => f[i] >= band.Lower[i] && f[i] <= band.Upper[i])) inside++;
        }
        Assert.InRange(inside / (double)samples, 0.91, 0.99);
        // The simultaneous band is wider than a pointwise 95% band: at z = 0.5 the pointwise 95% band of Bin(50, 0.5)/50 is [0.36, 0.64].
        Assert.True(band.Lower[24] <= 0.36 && band.Upper[24] >= 0.64);
    }

    [Fact]
    public void BadArgumentsAreNamed()
    {
        Assert.Equal("n", Assert.Throws<ArgumentOutOfRangeException>(() => new EcdfBand(0, [0.5])).ParamName);
        Assert.Equal("grid", Assert.Throws<ArgumentException>(() => new EcdfBand(10, [0.5, 0.4])).ParamName);
        Assert.Equal("grid", Assert.Throws<ArgumentException>(() => new EcdfBand(10, [1.0])).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => new EcdfBand(3, [0.5]).Ecdf([0.1])).ParamName);
    }
}
