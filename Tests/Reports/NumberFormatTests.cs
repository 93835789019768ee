using Probabilistic.Reports;
using Xunit;

namespace Probabilistic.Tests.Reports;

public class NumberFormatTests
{
    [Theory]
    [InlineData(3.4281, 0.0934, "3.4")]        // 2·MCSE = 0.19: the first decimal is the last one worth printing
    [InlineData(4.4987, 0.00913, "4.50")]      // 2·MCSE = 0.018: two decimals, trailing zero kept
    [InlineData(0.0028113, 0.0934, "0.0028")]  // never fewer than two significant digits
    [InlineData(12345.6, 40, "12350")]         // 2·MCSE = 80: the tens are the last digit worth printing
    [InlineData(0.52298202, 0, "0.522982")]    // exact: six significant digits
    [InlineData(-1.2655, double.NaN, "-1.2655")]
    [InlineData(double.NaN, 0.1, "NA")]
    public void ToPrecisionKeepsTheDigitsTheErrorSupports(double x, double error, string expected) =>
        Assert.Equal(expected, NumberFormat.ToPrecision(x, error));

    [Fact]
    public void SignificantDropsTrailingDigits()
    {
        Assert.Equal("0.523", NumberFormat.Significant(0.52298202, 3));
        Assert.Equal("NA", NumberFormat.Significant(double.NaN));
        Assert.Equal("digits", Assert.Throws<ArgumentOutOfRangeException>(() => NumberFormat.Significant(1, 0)).ParamName);
    }
}
