namespace Probabilistic.Distributions;

/// <summary>
/// The log density at a closed end of a support where the density behaves like |x − end|^e (Gamma, Weibull and
/// χ² at 0; Beta at 0 and 1): the limit, as SciPy's <c>logpdf</c> gives it — +∞ for e &lt; 0, the finite value for
/// e = 0, −∞ (density 0) for e &gt; 0. Each such distribution computes its log density, the limits included, in one
/// function that its <c>LogProb</c> and its replay kernel share.
/// </summary>
internal static class SupportEnd
{
    /// <summary>+∞ or −∞ as <paramref name="exponent"/> is negative or positive (callers handle e = 0, a finite limit).</summary>
    public static double InfiniteLimit(double exponent) => exponent < 0 ? double.PositiveInfinity : double.NegativeInfinity;
}
