using Xunit;

namespace Probabilistic.Tests.Distributions.Discrete;

/// <summary>
/// Statistical checks of draws against analytic moments and masses, with tolerances derived from
/// the sample size: 5 standard errors, so that a correct sampler fails a check with probability
/// about 6e−7 (the seeds are fixed, so each test is deterministic).
/// </summary>
internal static class SampleStatistics
{
    /// <summary>
    /// The sample mean within 5·σ/√n of μ and the sample variance s² within 5 standard errors of σ²,
    /// where Var[s²] = μ₄/n − σ⁴(n − 3)/(n(n − 1)) exactly for iid draws (μ₄ the 4th central moment;
    /// ≈ (μ₄ − σ⁴)/n, but the exact form stays positive when μ₄ = σ⁴, as for a fair coin).
    /// </summary>
    public static void AssertMeanAndVariance(ReadOnlySpan<double> draws, double mean, double variance, double fourthCentralMoment, string what)
    {
        int n = draws.Length;
        double m = 0;
        foreach (double x in draws) m += x;
        m /= n;
        double s2 = 0;
        foreach (double x in draws) s2 += (x - m) * (x - m);
        s2 /= n - 1;
        double seMean = Math.Sqrt(variance / n);
        double seVar = Math.Sqrt(fourthCentralMoment / n - variance * variance * (n - 3) / ((double)n * (n - 1)));
        Assert.True(Math.Abs(m - mean) <= 5 * seMean, $"{what}: sample mean {m:R}, expected {mean:R} ± {5 * seMean:G3} (5 se, n = {n}).");
        Assert.True(Math.Abs(s2 - variance) <= 5 * seVar, $"{what}: sample variance {s2:R}, expected {variance:R} ± {5 * seVar:G3} (5 se, n = {n}).");
    }

    /// <summary>
    /// The frequency of each value k with expected count n·P(k) ≥ 20 within 5·√(P(k)(1 − P(k))/n) of
    /// P(k) (the binomial standard error of a frequency), and likewise the total frequency of all other
    /// values (those cells are lumped so that the normal approximation behind "5 se" holds).
    /// </summary>
    public static void AssertFrequencies(int[] draws, Func<int, double> mass, int lowest, int highest, string what)
    {
        int n = draws.Length;
        var counts = new Dictionary<int, int>();
        foreach (int x in draws) counts[x] = counts.GetValueOrDefault(x) + 1;
        double restMass = 1;
        int restCount = n;
        int cells = 0;
        for (int k = lowest; k <= highest; k++)
        {
            double p = mass(k);
            if (n * p < 20) continue;
            int c = counts.GetValueOrDefault(k);
            double se = Math.Sqrt(p * (1 - p) / n);
            Assert.True(Math.Abs((double)c / n - p) <= 5 * se, $"{what}: frequency of {k} is {(double)c / n:R}, expected {p:R} ± {5 * se:G3} (5 se, n = {n}).");
            restMass -= p;
            restCount -= c;
            cells++;
        }
        Assert.True(cells >= 2, $"{what}: too few cells with 20 expected draws to test.");
        restMass = Math.Max(restMass, 0);
        double seRest = Math.Sqrt(Math.Max(restMass * (1 - restMass), 1.0 / n) / n);
        Assert.True(Math.Abs((double)restCount / n - restMass) <= 5 * seRest, $"{what}: frequency of the other values is {(double)restCount / n:R}, expected {restMass:R} ± {5 * seRest:G3}.");
    }

    /// <summary>n draws of an integer distribution.</summary>
    public static int[] Draw(IDistribution<int> d, int n, ulong seed)
    {
        var rng = new Rng(seed);
        var xs = new int[n];
        for (int i = 0; i < n; i++) xs[i] = d.Sample(rng);
        return xs;
    }

    /// <summary>The draws as doubles.</summary>
    public static double[] AsDoubles(int[] xs) => Array.ConvertAll(xs, x => (double)x);

    /// <summary>|actual − expected| ≤ relative·|expected|.</summary>
    public static void AssertRelative(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected), $"{what}: expected {expected:R}, got {actual:R} (relative error {Math.Abs(actual - expected) / Math.Abs(expected):G3} > {relative:G3}).");

    /// <summary>
    /// Σₖ P(k) over k = lowest … the first k where the tail bound P(X &gt; k) ≤ P(k)·ρ/(1 − ρ) falls
    /// below 1e−12, with ρ ≥ sup_{j ≥ k} P(j + 1)/P(j) &lt; 1 given by <paramref name="ratioBound"/>
    /// (a geometric series bounds the tail). Returns the sum and the truncation point.
    /// </summary>
    public static (double Sum, int Last) SumWithTail(Func<int, double> mass, int lowest, Func<int, double> ratioBound)
    {
        double sum = 0;
        for (int k = lowest; ; k++)
        {
            double p = mass(k);
            sum += p;
            double rho = ratioBound(k);
            if (rho < 1 && p * rho / (1 - rho) < 1e-12) return (sum, k);
            if (k - lowest > 10_000_000) throw new InvalidOperationException("SumWithTail: no truncation point found.");
        }
    }
}
