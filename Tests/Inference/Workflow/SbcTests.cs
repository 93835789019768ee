using Probabilistic.Inference;
using Probabilistic.Inference.Workflow;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Workflow;

/// <summary>
/// Simulation-based calibration catches broken samplers and passes correct ones. Each run: N = 200 replicates, ranks
/// among L = 99 draws, simultaneous 95% ECDF bands per quantity, Bonferroni over the quantities.
/// </summary>
public class SbcTests
{
    // μ ~ N(0, 1), yᵢ ~ N(μ, 1), i < 5, the data as random choices: posterior N(Σy/6, 1/√6).
    private static readonly Model<Real> Normal5 =
        from mu in Sample("mu", Normal(0, 1))
        from y in Plate("y", 5, _ => Normal(mu, 1))
        select mu;

    private static Posterior ExactFit(Model<Real> model, ChoiceMap y, ulong seed, double sdScale)
    {
        double sum = Enumerable.Range(0, 5).Sum(i => y.Get<Real>(Address.Of("y", i)).Value);
        double mean = sum / 6, sd = sdScale / Math.Sqrt(6);
        var rng = new Rng(seed);
        var rows = Enumerable.Range(0, 100).Select(_ => new[] { mean + sd * rng.NextGaussian() }).ToArray();
        return Infer.WithGeneratedQuantities(model, new Posterior([PosteriorColumn.Scalar("mu")], [rows], sampler: "exact"), y);
    }

    [Fact]
    public void ExactSamplerPassesAndMisScaledPosteriorIsRejected()
    {
        var options = new SbcOptions { Replicates = 200, Seed = 1 };
        var good = Sbc.Run(Normal5, Selection.Prefix("y"), (m, y, seed) => ExactFit(m, y, seed, 1.0), options);
        Assert.Equal(["mu", "return", Sbc.LogLikelihoodName], good.Parameters);
        Assert.False(good.AnyRejected, good.ToString());
        Assert.Equal(good.Ranks("mu"), good.Ranks("return")); // the return value is μ itself
        // A posterior 30% too narrow (a mis-scaled proposal or a wrong variance) leaves the band.
        var bad = Sbc.Run(Normal5, Selection.Prefix("y"), (m, y, seed) => ExactFit(m, y, seed, 0.7), options);
        Assert.True(bad.AnyRejected, bad.ToString());
        Assert.True(bad.Rejects("mu"));
    }

    [Fact]
    public void FalseAlarmRateOfTheExactSamplerIsAboutAlpha()
    {
        // 200 independent SBC runs of the exact sampler, each with α = 0.05 overall: rejections ~ Binomial(200, ≤ 0.05),
        // mean 10, sd 3.1; P(≥ 20) ≈ 0.003 for a correct test, while a test whose false-alarm rate were 0.1 (twice its
        // level) would exceed 19 with probability ≈ 0.55 and one at 0.15 with probability ≈ 0.99.
        int rejections = 0;
        for (ulong seed = 100; seed < 300; seed++)
            if (Sbc.Run(Normal5, Selection.Prefix("y"), (m, y, s) => ExactFit(m, y, s, 1.0), new SbcOptions { Replicates = 100, Seed = seed }).AnyRejected)
                rejections++;
        Assert.True(rejections <= 19, $"{rejections} of 200 runs rejected a correct sampler");
    }

    // σ ~ HalfNormal(1), yᵢ ~ N(0, σ), i < 2; sampled by random-walk MH on u = log σ. With two observations the prior
    // matters, so the missing Jacobian (a factor σ) moves the posterior visibly (with five observations it is too small
    // a shift for 200 replicates to see). The test runs five SBC seeds: the buggy sampler must be rejected on each, the
    // correct one on none (each run a 5% test: five false alarms-free runs has probability ≥ 0.77 per seed set; the
    // seeds are fixed, so the outcome is deterministic and was checked).
    private static readonly Model<Real> Scale2 =
        from sigma in Sample("sigma", HalfNormal(1))
        from y in Plate("y", 2, _ => Normal(0, sigma))
        select sigma;

    /// <summary>Random-walk MH on u = log σ; the target needs the log-Jacobian u unless <paramref name="dropJacobian"/> injects the bug.</summary>
    private static Posterior MhFit(ChoiceMap y, ulong seed, bool dropJacobian)
    {
        var data = Enumerable.Range(0, 2).Select(i => y.Get<Real>(Address.Of("y", i)).Value).ToArray();
        double sumSquares = data.Sum(v => v * v);
        double Target(double u)
        {
            double sigma = Math.Exp(u);
            double logPrior = -0.5 * sigma * sigma;                     // HalfNormal(1), up to a constant
            double logLik = -2 * u - 0.5 * sumSquares / (sigma * sigma);
            return logPrior + logLik + (dropJacobian ? 0 : u);
        }
        var rng = new Rng(seed);
        double current = 0, logp = Target(current);
        var draws = new List<double[]>();
        for (int t = 0; t < 2200; t++)
        {
            double proposal = current + 0.8 * rng.NextGaussian();
            double lp = Target(proposal);
            if (Math.Log(rng.NextOpenDouble()) < lp - logp) { current = proposal; logp = lp; }
            if (t >= 200 && t % 20 == 0) draws.Add([Math.Exp(current)]);
        }
        return new Posterior([PosteriorColumn.Scalar("sigma")], [draws.ToArray()], sampler: "MH");
    }

    [Fact]
    public void MissingLogJacobianIsCaught()
    {
        for (ulong sbcSeed = 7; sbcSeed < 12; sbcSeed++)
        {
            var options = new SbcOptions { Replicates = 200, Seed = sbcSeed };
            var correct = Sbc.Run(Scale2, Selection.Prefix("y"), (m, y, seed) => MhFit(y, seed, dropJacobian: false), options);
            Assert.False(correct.AnyRejected, $"seed {sbcSeed}: {correct}");
            var buggy = Sbc.Run(Scale2, Selection.Prefix("y"), (m, y, seed) => MhFit(y, seed, dropJacobian: true), options);
            Assert.True(buggy.Rejects("sigma"), $"seed {sbcSeed}: {buggy}");
        }
    }

    [Fact]
    public void RunsAreReproducibleAndReportProgress()
    {
        var options = new SbcOptions { Replicates = 20, Seed = 3, MaxDegreeOfParallelism = 2 };
        var reports = new List<SbcProgress>();
        var progress = new SynchronousProgress(reports);
        var a = Sbc.Run(Normal5, Selection.Prefix("y"), (m, y, s) => ExactFit(m, y, s, 1.0), options, progress);
        var b = Sbc.Run(Normal5, Selection.Prefix("y"), (m, y, s) => ExactFit(m, y, s, 1.0), options with { MaxDegreeOfParallelism = 1 });
        Assert.Equal(a.Ranks("mu"), b.Ranks("mu"));
        Assert.Equal(20, reports.Count);
        Assert.Equal(20, reports.Max(r => r.Completed));
        var (points, difference, lower, upper) = a.EcdfDifference("mu");
        Assert.Equal(99, points.Length);
        Assert.All(Enumerable.Range(0, 99), i => Assert.True(lower[i] <= upper[i]));
        Assert.Equal(difference.Length, points.Length);
    }

    [Fact]
    public void EcdfBandsHoldTheirLevel()
    {
        // 500 uniform samples of N = 100 ranks on 0 … 19: rejections ~ Binomial(500, 0.05) (mean 25, sd 4.9); accept 10 … 40.
        var bands = new EcdfBands(100, 19, 0.05, seed: 5);
        var rng = new Rng(9);
        int rejected = 0;
        for (int m = 0; m < 500; m++)
            if (bands.Rejects(Enumerable.Range(0, 100).Select(_ => rng.NextInt(20)).ToArray())) rejected++;
        Assert.InRange(rejected, 10, 40);
        // All ranks 0 is as far from uniform as it gets.
        Assert.True(bands.Rejects(new int[100]));
        Assert.True(bands.PValue(new int[100]) < 0.001);
    }

    private sealed class SynchronousProgress(List<SbcProgress> reports) : IProgress<SbcProgress>
    {
        public void Report(SbcProgress value) { lock (reports) reports.Add(value); }
    }
}
