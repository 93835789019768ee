using Probabilistic.Numerics;

namespace Probabilistic.Distributions;

/// <summary>
/// Quantiles of Gamma(a, 1): <see cref="QuantileSearch"/> on <see cref="RegularizedGamma"/>, started
/// from the Wilson–Hilferty approximation a(1 − 1/(9a) + z/(3√a))³, z = Φ⁻¹(p) (Johnson, Kotz &amp;
/// Balakrishnan, <i>Continuous Univariate Distributions</i> 1, 2nd ed., §17.5), or from the left-tail
/// form (p·Γ(a + 1))^(1/a) where that is not positive.
/// </summary>
internal static class GammaQuantile
{
    /// <summary>z with P(a, z) = p.</summary>
    public static double Lower(double a, double p) =>
        QuantileSearch.Solve(new Law(a), p, 0, double.PositiveInfinity, Guess(a, p));

    /// <summary>A starting point for the search.</summary>
    public static double Guess(double a, double p)
    {
        double z = StandardNormal.InverseCdf(p);
        double c = 1 - 1 / (9 * a) + z / (3 * Math.Sqrt(a));
        double guess = a * c * c * c;
        if (guess > 0 && double.IsFinite(guess)) return guess;
        return Math.Exp((Math.Log(p) + SpecialFunctions.LogGamma(a + 1)) / a);
    }

    /// <summary>The Gamma(a, 1) law on doubles.</summary>
    public readonly struct Law(double a) : ICdfFunctions
    {
        private readonly double _logGamma = SpecialFunctions.LogGamma(a);

        /// <inheritdoc />
        public double LogCdf(double x) => RegularizedGamma.LogP(a, x);

        /// <inheritdoc />
        public double LogSurvival(double x) => RegularizedGamma.LogQ(a, x);

        /// <inheritdoc />
        public double LogDensity(double x) => (a - 1) * Math.Log(x) - x - _logGamma;
    }
}
