using Probabilistic.Inference;
using Probabilistic.Inference.Diagnostics;
using Xunit;

namespace Probabilistic.Tests.Inference.Gradient;

/// <summary>NUTS on targets with known moments: a 100-dimensional standard normal, and a 2-D normal with ρ = 0.99 under a dense metric.</summary>
public class NutsAnalyticTests
{
    /// <summary>
    /// Tolerance for the estimate of E[f] with Monte Carlo standard error MCSE = sd(f)/√ESS(f) (ESS from the
    /// chains themselves, bulk-ESS definition of Vehtari et al. 2021): the estimate is approximately normal, so
    /// with m checks in one test a bound of z·MCSE is exceeded by chance with probability about m·2Φ(−z). For m up to
    /// 200 (100 means and 100 second moments) z = 4.5 keeps that under 1.4e-3.
    /// </summary>
    private const double Z = 4.5;

    private static void AssertMoment(double[][] chainsOfF, double expected, string what)
    {
        double estimate = chainsOfF.SelectMany(c => c).Average();
        double mcse = ConvergenceDiagnostics.McseMean(chainsOfF);
        Assert.True(Math.Abs(estimate - expected) <= Z * mcse, $"{what}: estimate {estimate}, expected {expected}, MCSE {mcse}");
    }

    private static double[][] Map(double[][] chains, Func<double, double> f) => chains.Select(c => c.Select(f).ToArray()).ToArray();

    [Fact]
    public void HundredDimensionalStandardNormal()
    {
        var posterior = Infer.Nuts(new StandardNormalTarget(100), new NutsOptions { Chains = 4, Warmup = 500, Draws = 500, Seed = 11 });
        for (int i = 1; i <= 100; i++)
        {
            var chains = posterior.Chain($"theta[{i}]");
            AssertMoment(chains, 0, $"E[theta[{i}]]");
            // E[x²] = 1 is the variance since the mean is 0; its MCSE comes from the chains of x².
            AssertMoment(Map(chains, x => x * x), 1, $"E[theta[{i}]²]");
            Assert.True(ConvergenceDiagnostics.Rhat(chains) < 1.01, $"R-hat of theta[{i}]");
        }
        Assert.Equal(0, posterior.SamplerDiagnostics.Divergences);
    }

    [Fact]
    public void HighlyCorrelatedNormalWithDenseMetric()
    {
        const double rho = 0.99;
        var posterior = Infer.Nuts(new CorrelatedNormalTarget(rho), new NutsOptions { Chains = 4, Warmup = 1000, Draws = 1000, Seed = 12, Metric = MetricKind.Dense });
        var x = posterior.Chain("theta[1]");
        var y = posterior.Chain("theta[2]");
        AssertMoment(x, 0, "E[x]");
        AssertMoment(y, 0, "E[y]");
        AssertMoment(Map(x, v => v * v), 1, "E[x²]");
        AssertMoment(Map(y, v => v * v), 1, "E[y²]");
        var xy = x.Zip(y, (a, b) => a.Zip(b, (p, q) => p * q).ToArray()).ToArray();
        AssertMoment(xy, rho, "E[xy]");
        // A dense metric makes this target isotropic: the adapted trajectories are short and the draws nearly independent.
        Assert.True(posterior.Statistics!.SelectMany(c => c).Average(s => s.TreeDepth) < 3, "the dense metric should have removed the correlation");
    }
}
