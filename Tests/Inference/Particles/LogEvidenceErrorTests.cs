using Probabilistic.Inference;
using Probabilistic.Inference.Particles;
using Xunit;
using Xunit.Abstractions;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Particles;

/// <summary>The standard error of SMC's log Ẑ: the Lee–Whiteley building block and its calibration over seeds.</summary>
public class LogEvidenceErrorTests(ITestOutputHelper output)
{
    private static Model<Real> Walk(double[] y) =>
        Fold("x", y.Length, (Real)0.0, (prev, t) =>
            from x in Sample("x", Normal(prev, 1.0))
            from _ in Observe(Normal(x, 1.0), y[t])
            select x);

    private static double[] Data(int steps)
    {
        var rng = new Rng(11);
        var y = new double[steps];
        double s = 0;
        for (int t = 0; t < steps; t++)
        {
            s += rng.NextGaussian();
            y[t] = s + rng.NextGaussian();
        }
        return y;
    }

    [Fact]
    public void WithoutResamplingTheEstimatorIsTheImportanceSamplingOne()
    {
        // r = 0 and every particle its own Eve: V = 1 − N/(N−1)·(1 − Σw̄²) = (N·Σw̄² − 1)/(N − 1).
        double[] lw = [0.1, -2.0, 0.7, -0.3];
        int[] eves = [0, 1, 2, 3];
        double m = lw.Max(), total = lw.Sum(x => Math.Exp(x - m)), sq = lw.Sum(x => Math.Pow(Math.Exp(x - m) / total, 2));
        Assert.Equal((4 * sq - 1) / 3, LogEvidenceError.LeeWhiteleyRelativeVariance(lw, eves, 0), 1e-14);
        // One resampling after which every survivor descends from Eve 2: Σₑ Sₑ² = 1, so V = 1 − (4/3)²·0 = 1.
        Assert.Equal(1, LogEvidenceError.LeeWhiteleyRelativeVariance(lw, [2, 2, 2, 2], 1), 1e-15);
        Assert.Throws<ArgumentException>(() => LogEvidenceError.LeeWhiteleyRelativeVariance(lw, [0, 1], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => LogEvidenceError.LeeWhiteleyRelativeVariance(lw, [0, 1, 2, 4], 0));
        Assert.True(double.IsNaN(LogEvidenceError.LeeWhiteleyRelativeVariance([0.0], [0], 0)));
        Assert.Equal(Math.Sqrt(Math.Log(1.25)), LogEvidenceError.LogStandardError(0.25), 1e-15);
    }

    [Fact]
    public void TheKindSaysWhetherTheEstimateIsValidForTheResampling()
    {
        // Failed before the fix: nothing said that systematic resampling's standard error is not valid.
        var y = Data(8);
        var systematic = Infer.Smc(Walk(y), new SmcOptions { Particles = 100 });
        Assert.True(systematic.Count > 0 && systematic.EffectiveSampleSizeBeforeResampling > 0);
        Assert.Equal(LogEvidenceErrorKind.GenealogyApproximate, systematic.LogEvidenceStandardErrorKind);
        Assert.Contains("approximate", systematic.ToString());
        Assert.Equal(LogEvidenceErrorKind.Genealogy,
            Infer.Smc(Walk(y), new SmcOptions { Particles = 100, Resampler = Resampler.Multinomial }).LogEvidenceStandardErrorKind);
        // Never resampled (threshold 0): the genealogy estimator reduces to the importance one, valid for any scheme.
        Assert.Equal(LogEvidenceErrorKind.Genealogy,
            Infer.Smc(Walk(y), new SmcOptions { Particles = 100, EssThreshold = 0 }).LogEvidenceStandardErrorKind);
        Assert.Equal(LogEvidenceErrorKind.IndependentSamples,
            Infer.Importance(Walk(y), new ImportanceOptions { Samples = 100 }).LogEvidenceStandardErrorKind);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void UnderMultinomialResamplingTheReportedErrorMatchesTheSpreadOverSeeds(double essThreshold) =>
        AssertCalibrated(new SmcOptions { Resampler = Resampler.Multinomial, EssThreshold = essThreshold }, LogEvidenceErrorKind.Genealogy);

    [Fact]
    public void IslandsGiveACalibratedErrorWithSystematicResampling()
    {
        // The honest alternative for the default scheme: 10 islands of 20 particles, systematic, adaptive.
        AssertCalibrated(new SmcOptions { Islands = 10 }, LogEvidenceErrorKind.Islands);
        Assert.Throws<ArgumentOutOfRangeException>(() => Infer.Smc(Walk(Data(2)), new SmcOptions { Particles = 100, Islands = 7 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Infer.Smc(Walk(Data(2)), new SmcOptions { Particles = 100, Islands = 0 }));
    }

    [Fact]
    public void IslandsPoolTheirParticlesWeightedByTheirEvidence()
    {
        // The pooled sample's log Ẑ is the log of the islands' mean Ẑ_b, and its expectations are the Ẑ-weighted mix.
        var y = Data(4);
        var pooled = Infer.Smc(Walk(y), new SmcOptions { Particles = 400, Islands = 4, Seed = 5 });
        Assert.Equal(400, pooled.Count);
        Assert.Equal(LogEvidenceErrorKind.Islands, pooled.LogEvidenceStandardErrorKind);
        Assert.True(pooled.LogEvidenceStandardError is > 0 and < 1, pooled.ToString());
        // Against the exact log Z (Kalman filter): the islands' standard error comes from 4 independent estimates, so the
        // standardized error is about t with 3 degrees of freedom: P(|t₃| > 5) ≈ 0.015 (fixed seed).
        double exact = Probabilistic.Examples.Gallery.KalmanFilter.Run(y, 1.0, 1.0, 1.0).LogMarginalLikelihood;
        Assert.InRange(pooled.LogEvidence, exact - 5 * pooled.LogEvidenceStandardError, exact + 5 * pooled.LogEvidenceStandardError);
    }

    /// <summary>
    /// S = 400 seeds of a 5-step Gaussian random walk with N = 200 particles (sd of log Ẑ about 0.2, where the
    /// log-normal transfer √log(1 + V) is accurate to a few percent): the root-mean-square reported standard error must
    /// match the observed standard deviation of log Ẑ over the seeds.
    /// </summary>
    /// <remarks>
    /// Tolerance, from the sample itself (delta method): log(sd) has variance (κ − 1)/(4S), κ the kurtosis of log Ẑ
    /// (3 for a normal: about 0.035² at S = 400); log(rms) has variance Var(SE²)/(4S·mean(SE²)²). |log ratio| must be
    /// within 4 of their combined standard deviations (about 0.15), plus 0.05 for the estimators' O(1/N) bias and the
    /// transfer's O(sd²) error. Systematic resampling with the Lee–Whiteley formula gave ratios of 0.43–0.78 here.
    /// </remarks>
    private void AssertCalibrated(SmcOptions template, LogEvidenceErrorKind kind)
    {
        const int seeds = 400;
        var y = Data(5);
        var logZ = new double[seeds];
        var se2 = new double[seeds];
        for (int k = 0; k < seeds; k++)
        {
            var s = Infer.Smc(Walk(y), template with { Particles = 200, Seed = (ulong)k + 1, MaxDegreeOfParallelism = 1 });
            Assert.Equal(kind, s.LogEvidenceStandardErrorKind);
            logZ[k] = s.LogEvidence;
            se2[k] = s.LogEvidenceStandardError * s.LogEvidenceStandardError;
        }
        double mean = logZ.Average();
        double m2 = logZ.Sum(v => (v - mean) * (v - mean)) / seeds, m4 = logZ.Sum(v => Math.Pow(v - mean, 4)) / seeds;
        double sd = Math.Sqrt(m2 * seeds / (seeds - 1.0));
        double meanSe2 = se2.Average(), varSe2 = se2.Sum(v => (v - meanSe2) * (v - meanSe2)) / (seeds - 1);
        double ratio = Math.Sqrt(meanSe2) / sd;
        double kurtosis = m4 / (m2 * m2);
        double tolerance = 4 * Math.Sqrt((kurtosis - 1) / (4.0 * seeds) + varSe2 / (4.0 * seeds * meanSe2 * meanSe2)) + 0.05;
        output.WriteLine($"{template with { Particles = 200, MaxDegreeOfParallelism = 1 }}: reported rms se {Math.Sqrt(meanSe2):F4}, observed sd {sd:F4}, ratio {ratio:F3}, tolerance ±{tolerance:F3} in log");
        Assert.True(Math.Abs(Math.Log(ratio)) <= tolerance,
            $"reported rms se {Math.Sqrt(meanSe2):F4} vs observed sd {sd:F4}: ratio {ratio:F3}, tolerance ±{tolerance:F3} in log (kurtosis {kurtosis:F2})");
    }
}
