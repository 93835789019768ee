using System.Globalization;
using System.Text.RegularExpressions;
using Xunit;

namespace Probabilistic.Tests.Examples;

public class PathfinderGalleryTests
{
    /// <summary>Each row's Pathfinder mean lies within one NUTS posterior sd of NUTS's mean (the paper's criterion), and so does that of NUTS started by Pathfinder.</summary>
    [Fact]
    public void PathfinderAgreesWithNutsOnTheRegression()
    {
        var text = GalleryTests.RunExample("pathfinder", "--quick", "--quiet");
        Assert.Contains("Pareto k̂", text);
        foreach (var name in new[] { "beta\\[1\\]", "beta\\[2\\]", "beta\\[3\\]", "sigma" })
        {
            var m = Regex.Match(text, $@"\| {name} \| (-?[\d.]+) \(([\d.]+)\) \| (-?[\d.]+) \(([\d.]+)\) \| (-?[\d.]+) \(");
            Assert.True(m.Success, text);
            double Value(int g) => double.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
            Assert.True(Math.Abs(Value(3) - Value(1)) <= Value(2), $"{name}: Pathfinder {Value(3)}, NUTS {Value(1)} ± {Value(2)}");
            Assert.True(Math.Abs(Value(5) - Value(1)) <= Value(2), $"{name}: NUTS from Pathfinder {Value(5)}, NUTS {Value(1)} ± {Value(2)}");
        }
    }
}
