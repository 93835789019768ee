using Probabilistic.Examples.Gallery;
using Probabilistic.Inference;
using Xunit;

namespace Probabilistic.Tests.Inference.Gradient;

/// <summary>NUTS and HMC as users drive them: reproducibility, progress, cancellation, options, Stan's warmup schedule.</summary>
public class NutsBehaviourTests
{
    private static Model<Real[]> EightSchools => EightSchoolsModel.Model(EightSchoolsModel.Y, EightSchoolsModel.Sigma);

    [Fact]
    public void ResultsDoNotDependOnTheThreadCount()
    {
        var o = new NutsOptions { Chains = 3, Warmup = 100, Draws = 50, Seed = 4 };
        var one = Infer.Nuts(EightSchools, options: o with { MaxDegreeOfParallelism = 1 });
        var many = Infer.Nuts(EightSchools, options: o with { MaxDegreeOfParallelism = 3 });
        Assert.Equal(one.ToJson(), many.ToJson());
        var otherSeed = Infer.Nuts(EightSchools, options: o with { Seed = 5 });
        Assert.NotEqual(one["mu"], otherSeed["mu"]);
    }

    [Fact]
    public void ReportsProgressThroughWarmupAndSampling()
    {
        var reports = new List<McmcProgress>();
        var progress = new SynchronousProgress<McmcProgress>(reports.Add);
        Infer.Nuts(EightSchools, options: new NutsOptions { Chains = 1, Warmup = 30, Draws = 20, Seed = 1 }, progress: progress);
        Assert.Equal(50, reports.Count);
        Assert.Equal(30, reports.Count(r => r.Phase == SamplerPhase.Warmup));
        Assert.Equal(new McmcProgress(0, 50, 50, SamplerPhase.Sampling, reports[^1].StepSize, reports[^1].Divergences), reports[^1]);
        Assert.True(reports.All(r => r.StepSize > 0));
    }

    [Fact]
    public void CancellationKeepsTheDrawsSoFar()
    {
        using var cts = new CancellationTokenSource();
        int seen = 0;
        var progress = new SynchronousProgress<McmcProgress>(r => { if (r.Phase == SamplerPhase.Sampling && ++seen == 25) cts.Cancel(); });
        // The rule on Infer: cancelled after draws were kept, the exception carries them.
        var e = Assert.Throws<InferenceCanceledException<Posterior>>(() =>
            Infer.Nuts(EightSchools, options: new NutsOptions { Chains = 1, Warmup = 50, Draws = 1000, Seed = 2 }, progress: progress, cancellationToken: cts.Token));
        Assert.Equal(cts.Token, e.CancellationToken);
        Assert.Equal(25, e.PartialResult!.Draws);
    }

    [Fact]
    public void CancellationBeforeAnyDrawThrows()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => Infer.Nuts(EightSchools, options: new NutsOptions { Chains = 2, Warmup = 10, Draws = 10 }, cancellationToken: cts.Token));
    }

    [Fact]
    public void ThinningKeepsEveryKthDraw()
    {
        var posterior = Infer.Nuts(EightSchools, options: new NutsOptions { Chains = 2, Warmup = 20, Draws = 15, Thin = 3, Seed = 3 });
        Assert.Equal(15, posterior.Draws);
        Assert.Equal(2, posterior.Chains);
    }

    [Theory]
    [InlineData("Chains", 0)]
    [InlineData("Thin", 0)]
    [InlineData("TargetAcceptance", 1.0)]
    [InlineData("StepSize", -1.0)]
    [InlineData("InitAttempts", 0)]
    [InlineData("Draws", 0)]
    [InlineData("MaxTreeDepth", 0)]
    public void BadOptionsNameTheOption(string name, double value)
    {
        var o = name switch
        {
            "Draws" => new NutsOptions { Draws = (int)value },
            "MaxTreeDepth" => new NutsOptions { MaxTreeDepth = (int)value },
            "Chains" => new NutsOptions { Chains = (int)value },
            "Thin" => new NutsOptions { Thin = (int)value },
            "TargetAcceptance" => new NutsOptions { TargetAcceptance = value },
            "StepSize" => new NutsOptions { StepSize = value },
            _ => new NutsOptions { InitAttempts = (int)value },
        };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Infer.Nuts(EightSchools, options: o));
        Assert.Equal(name, e.ParamName);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void BadIntegrationTimeIsRejected(double time)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Infer.Hmc(EightSchools, options: new HmcOptions { IntegrationTime = time }));
        Assert.Equal("IntegrationTime", e.ParamName);
    }

    /// <summary>
    /// Partial initial values (Stan's partial init): the given choices start where given, the others at random. Before,
    /// a missing choice was an error ("no value for the continuous choice").
    /// </summary>
    [Fact]
    public void PartialInitialValuesStartTheGivenChoicesAndDrawTheOthers()
    {
        var init = ChoiceMap.Of(("mu", new Real(1.5)), ("tau", new Real(2.0)));
        var posterior = Infer.Nuts(EightSchools, options: new NutsOptions { Chains = 2, Warmup = 0, Draws = 1, InitialValues = init, Adapt = false, StepSize = 1e-9 });
        for (int k = 0; k < 2; k++)
        {
            Assert.Equal(1.5, posterior.Chain("mu")[k][0], 4);
            Assert.Equal(2.0, posterior.Chain("tau")[k][0], 4);
        }
        // The others are drawn on (−2, 2), independently per chain.
        Assert.NotEqual(posterior.Chain("theta_trans[1]")[0][0], posterior.Chain("theta_trans[1]")[1][0]);
        Assert.InRange(posterior.Chain("theta_trans[1]")[0][0], -2, 2);
    }

    /// <summary>A misspelled address in InitialValues was silently ignored: it is an error naming it and the nearest addresses.</summary>
    [Fact]
    public void AnUnknownInitialValueAddressIsAnErrorNamingTheNearestOnes()
    {
        var init = ChoiceMap.Of(("mu", new Real(1.5)), ("taus", new Real(2.0)));
        var e = Assert.Throws<ModelException>(() => Infer.Nuts(EightSchools, options: new NutsOptions { Chains = 1, Warmup = 5, Draws = 5, InitialValues = init }));
        Assert.Equal(Address.Of("taus"), e.Address);
        Assert.Contains("'taus'", e.Message);
        Assert.Contains("did you mean 'tau'", e.Message);
        var far = Assert.Throws<ModelException>(() => Infer.Nuts(EightSchools, options: new NutsOptions { Chains = 1, Warmup = 5, Draws = 5, InitialValues = ChoiceMap.Of(("sigma_global", new Real(1.0))) }));
        Assert.Contains("'theta_trans/0'", far.Message);
        Assert.Contains("'mu'", far.Message);
    }

    /// <summary>Static HMC stops as NUTS does when cancelled: the draws so far in the exception, or a plain OperationCanceledException before any.</summary>
    [Fact]
    public void HmcCancellationKeepsTheDrawsSoFarOrThrowsBeforeAny()
    {
        using var cts = new CancellationTokenSource();
        int seen = 0;
        var progress = new SynchronousProgress<McmcProgress>(r => { if (r.Phase == SamplerPhase.Sampling && ++seen == 10) cts.Cancel(); });
        var e = Assert.Throws<InferenceCanceledException<Posterior>>(() =>
            Infer.Hmc(EightSchools, options: new HmcOptions { Chains = 1, Warmup = 30, Draws = 1000, Seed = 2 }, progress: progress, cancellationToken: cts.Token));
        Assert.Equal(10, e.PartialResult!.Draws);
        Assert.Throws<OperationCanceledException>(() => Infer.Hmc(EightSchools, options: new HmcOptions { Chains = 2, Warmup = 10, Draws = 10 }, cancellationToken: cts.Token));
    }

    [Fact]
    public void InitialValuesStartTheChain()
    {
        var init = ChoiceMap.Of(("mu", new Real(1.5)), ("tau", new Real(2.0)));
        for (int j = 0; j < 8; j++) init = init.With(Address.Of("theta_trans", j), new Real(0.1 * j));
        var posterior = Infer.Nuts(EightSchools, options: new NutsOptions { Chains = 1, Warmup = 0, Draws = 1, InitialValues = init, Adapt = false, StepSize = 1e-9 });
        // With a negligible step the first draw stays at the initial point.
        Assert.Equal(1.5, posterior["mu"][0], 4);
        Assert.Equal(2.0, posterior["tau"][0], 4);
    }

    [Fact]
    public void StaticHmcSamplesEightSchools()
    {
        var posterior = Infer.Hmc(EightSchools, options: new HmcOptions { Chains = 2, Warmup = 300, Draws = 300, Seed = 6 });
        Assert.Equal("HMC", posterior.Sampler);
        double mu = posterior["mu"].Average();
        // posteriordb reference: E[mu] = 4.39, sd 3.3; 600 draws of ESS ≥ 100 give an MCSE under 0.35.
        Assert.InRange(mu, 4.39 - 1.5, 4.39 + 1.5);
    }

    /// <summary>Stan's default schedule for 1,000 warmup iterations: metric updates end windows at 99, 149, 249, 449 and 949.</summary>
    [Fact]
    public void WarmupWindowsFollowStan()
    {
        var w = new WindowedAdaptation(1000, 75, 50, 25);
        var ends = new List<int>();
        var inWindow = 0;
        for (int i = 0; i < 1000; i++)
        {
            if (w.InWindow) inWindow++;
            if (w.EndOfWindow)
            {
                ends.Add(i);
                w.ComputeNextWindow();
            }
            w.Advance();
        }
        Assert.Equal([99, 149, 249, 449, 949], ends);
        Assert.Equal(875, inWindow);
        // Too short for 75 + 25 + 50: 15% / 75% / 10%.
        var s = new WindowedAdaptation(100, 75, 50, 25);
        var shortEnds = new List<int>();
        for (int i = 0; i < 100; i++)
        {
            if (s.EndOfWindow) { shortEnds.Add(i); s.ComputeNextWindow(); }
            s.Advance();
        }
        Assert.Equal([89], shortEnds);
    }

    /// <summary>
    /// Stan's regularization M⁻¹ = n/(n+5) Σ̂ + 10⁻³ · 5/(n+5) I, where with a single draw in the window (no sample
    /// variance) Stan's Welford estimators leave Σ̂ at the current metric: n = 1 and current 2 give (2 + 0.005)/6.
    /// </summary>
    [Fact]
    public void MetricEstimateFromOneDrawRegularizesTheCurrentMetric()
    {
        var diagonal = new MetricEstimator(1, dense: false);
        diagonal.Add([3.0]);
        var inverse = new[] { 2.0 };
        diagonal.Diagonal(inverse);
        Assert.Equal(2.005 / 6, inverse[0], 15);

        var dense = new MetricEstimator(2, dense: true);
        dense.Add([3.0, -1.0]);
        var m = dense.Dense(new[,] { { 2.0, 0.5 }, { 0.5, 1.0 } });
        Assert.Equal(2.005 / 6, m[0, 0], 15);
        Assert.Equal(0.5 / 6, m[0, 1], 15);
        Assert.Equal(1.005 / 6, m[1, 1], 15);
    }

    /// <summary>
    /// With TermBuffer = 0 the last window ends on the last warmup iteration (149 here: windows 75–99 and 100–149), where
    /// the metric update restarts dual averaging; nothing is averaged after it, so the sampling step size must be the one
    /// found for the new metric, not exp(0) = 1 from the empty average (Stan's issue #3023). A step size of exactly 1
    /// cannot come from the doubling/halving search unless the previous one was a power of two.
    /// </summary>
    [Fact]
    public void NoTerminalBufferKeepsTheStepSizeFoundForTheLastMetric()
    {
        var posterior = Infer.Nuts(new StandardNormalTarget(10), new NutsOptions { Chains = 1, Warmup = 150, Draws = 5, TermBuffer = 0, Seed = 8 });
        double epsilon = posterior.SamplerDiagnostics.StepSizes[0];
        Assert.NotEqual(1.0, epsilon);
        Assert.True(epsilon > 0 && double.IsFinite(epsilon), $"step size {epsilon}");
    }

    /// <summary>A first metric window of one iteration (Window = 1, allowed) must not end warmup with a NaN metric.</summary>
    [Theory]
    [InlineData(MetricKind.Diagonal)]
    [InlineData(MetricKind.Dense)]
    public void AWindowOfOneDrawIsAllowed(MetricKind metric)
    {
        var posterior = Infer.Nuts(new StandardNormalTarget(2), new NutsOptions { Chains = 1, Warmup = 200, Draws = 10, Window = 1, Metric = metric, Seed = 7 });
        Assert.Equal(10, posterior.Draws);
    }

    /// <summary>
    /// <see cref="IDifferentiableDensity.ForThread"/> promises an evaluator another thread may use, not that it may itself
    /// be called concurrently: the sampler must call it from one thread. The target sleeps inside ForThread so that
    /// concurrent calls (one per chain, on parallel threads) would overlap.
    /// </summary>
    [Fact]
    public void ForThreadIsNotCalledConcurrently()
    {
        var target = new ForThreadProbe();
        Infer.Nuts(target, new NutsOptions { Chains = 4, Warmup = 10, Draws = 5, MaxDegreeOfParallelism = 4 });
        Assert.Equal(4, target.Calls);
        Assert.False(target.Overlapped, "ForThread was called from several threads at once");
    }

    private sealed class ForThreadProbe : IDifferentiableDensity
    {
        private int _inside;
        public int Calls;
        public bool Overlapped;
        public int Dimension => 1;

        public double LogDensityGradient(ReadOnlySpan<double> theta, Span<double> gradient)
        {
            gradient[0] = -theta[0];
            return -0.5 * theta[0] * theta[0];
        }

        public IDifferentiableDensity ForThread()
        {
            if (Interlocked.Increment(ref _inside) > 1) Overlapped = true;
            Thread.Sleep(100);
            Interlocked.Increment(ref Calls);
            Interlocked.Decrement(ref _inside);
            return new StandardNormalTarget(1);
        }
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
