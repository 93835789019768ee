using Probabilistic.Inference;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Algorithms;

/// <summary>Likelihood weighting: cancellation, the streaming summary, and errors that name the observation.</summary>
public class ImportanceTests
{
    // Normal(0, 1) prior, one observation y = 1 under Normal(mu, 1): posterior Normal(0.5, 0.5), evidence Normal(1; 0, 2).
    private static Model<Real> Conjugate() =>
        from mu in Sample("mu", Normal(0, 1))
        from _ in Observe("y", Normal(mu, 1), 1.0)
        select mu;

    [Fact]
    public void CancellationStopsTheRunAndKeepsTheSamplesDrawn()
    {
        // Failed before the fix: the token was only read before the run, so a cancelled run went to its end.
        using var cts = new CancellationTokenSource();
        int calls = 0;
        var model = from mu in Sample("mu", Normal(0, 1))
                    from _ in Factor(Cancel(ref calls, cts))
                    select mu;
        var e = Assert.Throws<InferenceCanceledException<WeightedSample<Real>>>(
            () => Infer.Importance(model, new ImportanceOptions { Samples = 1_000_000, MaxDegreeOfParallelism = 1 }, cancellationToken: cts.Token));
        Assert.Equal(cts.Token, e.CancellationToken);
        Assert.NotNull(e.PartialResult);
        // Cancelled during the first chunk of 4096: that chunk finishes, and nothing after it runs.
        Assert.Equal(4096, e.PartialResult!.Count);
        Assert.Equal(4096, calls);
        Assert.IsAssignableFrom<OperationCanceledException>(e);
    }

    private static Real Cancel(ref int calls, CancellationTokenSource cts)
    {
        if (++calls == 100) cts.Cancel();
        return 0.0;
    }

    [Fact]
    public void ASummaryAgreesWithTheStoredSample()
    {
        var options = new ImportanceOptions { Samples = 20_000, Seed = 7 };
        var stored = Infer.Importance(Conjugate(), options);
        var summary = Infer.SummarizeImportance(Conjugate(), [m => m.Value, m => m.Value * m.Value], options);
        // The same samples (sample i from stream i in both modes): only the order of summation differs.
        Assert.Equal(20_000, summary.Samples);
        Assert.Equal(stored.LogEvidence, summary.LogEvidence, 1e-10);
        Assert.Equal(stored.EffectiveSampleSize, summary.EffectiveSampleSize, 1e-6);
        Assert.Equal(stored.LogEvidenceStandardError, summary.LogEvidenceStandardError, 1e-10);
        double mean = stored.Expectation(m => m.Value);
        Assert.Equal(mean, summary.Mean(0), 1e-10);
        Assert.Equal(stored.Expectation(m => m.Value * m.Value), summary.Mean(1), 1e-10);
        Assert.Equal(stored.Expectation(m => (m.Value - mean) * (m.Value - mean)), summary.Variance(0), 1e-10);
        // And both estimate the posterior: mean 0.5, variance 0.5 (ESS ≈ 14,000: 5 standard errors ≈ 0.03).
        Assert.InRange(summary.Mean(0), 0.47, 0.53);
        Assert.InRange(summary.Variance(0), 0.47, 0.53);
        Assert.Throws<ArgumentOutOfRangeException>(() => summary.Mean(2));
    }

    [Fact]
    public void TheSummaryIsStableWhenLogWeightsAreHuge()
    {
        // Log weights near −10⁴ (and one sample far above the rest) underflow exp directly; the online
        // log-sum-exp keeps them relative to the running maximum.
        var model = from x in Sample("x", Normal(0, 1))
                    from _ in Factor(-10_000 + 5 * x)
                    select x;
        var options = new ImportanceOptions { Samples = 10_000, Seed = 3 };
        var stored = Infer.Importance(model, options);
        var summary = Infer.SummarizeImportance(model, [x => x.Value], options);
        Assert.True(double.IsFinite(summary.LogEvidence));
        Assert.Equal(stored.LogEvidence, summary.LogEvidence, 1e-9);
        Assert.Equal(stored.Expectation(x => x.Value), summary.Mean(0), 1e-9);
    }

    [Fact]
    public void ALargeSummarizedRunKeepsFlatMemory()
    {
        // The summary's memory must not grow with the number of samples: bytes allocated on this thread by
        // 40,000 and by 400,000 samples (one thread, so every allocation is on this thread), per sample, must agree
        // to within the per-sample cost of storing them (16 bytes: a value and a log weight), whereas the stored mode
        // allocates its N-sized arrays. The model is allocation-light and the chunk's arrays are reused per chunk.
        var model = from x in Sample("x", Normal(0, 1))
                    from _ in Observe("y", Normal(x, 1), 0.5)
                    select x;
        double PerSample(int n, bool summarize)
        {
            var options = new ImportanceOptions { Samples = n, MaxDegreeOfParallelism = 1 };
            long before = GC.GetAllocatedBytesForCurrentThread();
            if (summarize) Infer.SummarizeImportance(model, [x => x.Value], options);
            else Infer.Importance(model, options);
            return (double)(GC.GetAllocatedBytesForCurrentThread() - before) / n;
        }
        PerSample(4096, true); // JIT
        double small = PerSample(40_000, true), large = PerSample(400_000, true);
        // Flat memory: the per-sample allocation of the big run is no more than the small run's (fixed costs
        // spread over more samples) plus 1 byte of slack.
        Assert.True(large <= small + 1, $"summary: {small:F1} B/sample at 40k, {large:F1} B/sample at 400k");
        // The stored mode, for contrast, allocates at least its 16 B/sample of arrays more than the summary.
        double stored = PerSample(400_000, false);
        Assert.True(stored >= large + 16, $"stored {stored:F1} B/sample vs summary {large:F1}");
    }

    [Fact]
    public void ImpossibleObservationsNameTheAlgorithmAndTheAddress()
    {
        // Failed before the fix: "SMC: every particle has weight 0 …" for importance sampling, naming no address.
        var model = from p in Sample("p", Uniform(0, 1))
                    from _ in Observe("count", Poisson(p), -1)
                    select p;
        var e = Assert.Throws<ModelException>(() => Infer.Importance(model, new ImportanceOptions { Samples = 100 }));
        Assert.StartsWith("Importance:", e.Message);
        Assert.Contains("'count'", e.Message);
        Assert.Equal(Address.Of("count"), e.Address);
        var s = Assert.Throws<ModelException>(() => Infer.SummarizeImportance(model, [], new ImportanceOptions { Samples = 100 }));
        Assert.Contains("'count'", s.Message);
    }

    [Fact]
    public void OptionsAreChecked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Infer.Importance(Conjugate(), new ImportanceOptions { Samples = 0 }));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Infer.Importance(Conjugate(), new ImportanceOptions { MaxDegreeOfParallelism = 0 }));
        Assert.Contains("MaxDegreeOfParallelism", e.Message);
    }
}
