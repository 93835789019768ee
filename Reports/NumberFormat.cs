using System.Globalization;

namespace Probabilistic.Reports;

/// <summary>
/// Numbers as the reports print them: to a number of significant digits, or to the precision their Monte Carlo
/// standard error supports (Vehtari et al. 2021, "Rank-normalization, folding, and localization", §3.2 and the
/// <c>posterior</c> package's advice: digits finer than the MCSE are noise). Invariant culture; <c>NA</c> for NaN.
/// </summary>
public static class NumberFormat
{
    /// <summary><paramref name="x"/> to <paramref name="digits"/> significant digits, without trailing zeros (<c>0.5230</c> → <c>0.523</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="digits"/> is not in 1 … 17.</exception>
    public static string Significant(double x, int digits = 4)
    {
        if (digits is < 1 or > 17) throw new ArgumentOutOfRangeException(nameof(digits), digits, "NumberFormat.Significant: digits must be in 1 … 17.");
        if (double.IsNaN(x)) return "NA";
        return x.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// <paramref name="x"/> rounded to the decimal place of the leading digit of 2 × <paramref name="standardError"/>
    /// (the digits a Monte Carlo estimate can vouch for), but with at least <paramref name="minDigits"/> and at most
    /// <paramref name="maxDigits"/> significant digits. A zero, NaN or infinite standard error (exact values, or an
    /// unknown error) gives <paramref name="maxDigits"/> significant digits.
    /// </summary>
    /// <param name="x">The estimate.</param>
    /// <param name="standardError">Its Monte Carlo standard error.</param>
    /// <param name="minDigits">The fewest significant digits shown (2).</param>
    /// <param name="maxDigits">The most significant digits shown (6).</param>
    public static string ToPrecision(double x, double standardError, int minDigits = 2, int maxDigits = 6)
    {
        if (minDigits < 1 || maxDigits < minDigits || maxDigits > 17)
            throw new ArgumentOutOfRangeException(nameof(minDigits), $"NumberFormat.ToPrecision: need 1 ≤ minDigits ≤ maxDigits ≤ 17; got {minDigits}, {maxDigits}.");
        if (!double.IsFinite(x)) return double.IsNaN(x) ? "NA" : x.ToString(CultureInfo.InvariantCulture);
        if (!(standardError > 0) || !double.IsFinite(standardError) || x == 0) return Significant(x, maxDigits);
        int leading = (int)Math.Floor(Math.Log10(Math.Abs(x)));       // the place of x's first digit
        int last = (int)Math.Floor(Math.Log10(2 * standardError));     // the place of the error's first digit
        int digits = Math.Clamp(leading - last + 1, minDigits, maxDigits);
        int decimals = digits - 1 - leading;
        if (decimals >= 0 && decimals <= 15)
            return Math.Round(x, decimals, MidpointRounding.AwayFromZero).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        if (decimals < 0)
        {
            double unit = Math.Pow(10, -decimals);
            return (Math.Round(x / unit, MidpointRounding.AwayFromZero) * unit).ToString("F0", CultureInfo.InvariantCulture);
        }
        return Significant(x, digits);
    }
}
