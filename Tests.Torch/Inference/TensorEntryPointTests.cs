using Probabilistic.Inference;
using Probabilistic.Inference.Particles;
using Probabilistic.Inference.Variational;
using TorchSharp;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Torch.TensorModel;
using static TorchSharp.torch;

namespace Probabilistic.Torch.Tests.Inference;

/// <summary>
/// The tensor entry points (<c>Infer.TensorSmc</c>, <c>TensorImportance</c>, <c>TensorHmc</c>, <c>TensorSvi</c>) report
/// progress, follow the cancellation rule on <see cref="Infer"/>, and compute their weight statistics with the scalar
/// building blocks.
/// </summary>
public class TensorEntryPointTests
{
    private sealed class Recorder<T> : IProgress<T>
    {
        public List<T> Reports { get; } = [];
        public void Report(T value) => Reports.Add(value);
    }

    private static Model<Tensor> RandomWalk(params double[] y)
    {
        var zero = tensor(0.0, dtype: ScalarType.Float64);
        var one = tensor(1.0, dtype: ScalarType.Float64);
        var ys = y.Select(v => tensor(v, dtype: ScalarType.Float64)).ToArray();
        return Fold("x", y.Length, zero, (prev, t) =>
            from x in Sample("x", TensorDist.Normal(prev, one))
            from _ in Observe(TensorDist.Normal(x, one), ys[t])
            select x);
    }

    /// <summary>
    /// Resampling after every observation, the last report's log Ẑ is the result's; the result's weights, ESS and log Ẑ
    /// are those of the shared span statistics on the final log weights (all equal after the last resampling, so the ESS
    /// is N and the evidence is what was pushed).
    /// </summary>
    [Fact]
    public void TensorSmcReportsEachObservationAndItsLastEstimateIsTheResult()
    {
        var progress = new Recorder<SmcProgress>();
        var s = Infer.TensorSmc(RandomWalk(0.3, -0.2, 1.1), new TensorSmcOptions { Particles = 64, EssThreshold = 1, Run = new TensorRunOptions { Seed = 4 } }, progress);
        Assert.Equal([1, 2, 3], progress.Reports.Select(r => r.Step));
        Assert.All(progress.Reports, r => Assert.True(r.Resampled));
        Assert.Equal(progress.Reports[^1].LogEvidence, s.LogEvidence, 12);
        Assert.Equal(64, s.Count);
        Assert.Equal(64, s.EffectiveSampleSize, 9);
        Assert.Equal(progress.Reports[^1].EffectiveSampleSize, s.EffectiveSampleSizeBeforeResampling);
        Assert.Equal(LogEvidenceErrorKind.GenealogyApproximate, s.LogEvidenceStandardErrorKind);
        Assert.Equal([64L], s.Particles[(Address)"x" / 2 / "x"].shape);
        using (var row = s.Values[5][(Address)"x" / 2 / "x"])
            Assert.Equal(s.Particles[(Address)"x" / 2 / "x"][5].item<double>(), row.item<double>());
        s.Particles.Dispose();
    }

    /// <summary>Importance sampling's log Ẑ and standard error are the scalar formulas on its log weights (the likelihoods).</summary>
    [Fact]
    public void TensorImportanceUsesTheSharedWeightStatistics()
    {
        var s = Infer.TensorImportance(RandomWalk(0.3, -0.2), 500, new TensorRunOptions { Seed = 2 });
        var logW = s.Weights.Select(w => Math.Log(w)).ToArray(); // normalized: the same statistics up to a shift
        Assert.Equal(LogWeightStatistics.EffectiveSampleSize(logW), s.EffectiveSampleSize, 9);
        Assert.Equal(LogEvidenceError.LogStandardError(LogEvidenceError.IndependentSamplesRelativeVariance(logW)), s.LogEvidenceStandardError, 9);
        Assert.Equal(LogEvidenceErrorKind.IndependentSamples, s.LogEvidenceStandardErrorKind);
        double direct = s.TensorExpectation(p => p[(Address)"x" / 0 / "x"]);
        Assert.Equal(s.Expectation(p => { using var v = p[(Address)"x" / 0 / "x"]; return v.item<double>(); }), direct, 9);
        s.Particles.Dispose();
    }

    /// <summary>Cancelled before they start, the filters throw a plain cancellation (a part-way filter is no posterior).</summary>
    [Fact]
    public void CancelledFiltersThrowAPlainCancellation()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var e = Assert.ThrowsAny<OperationCanceledException>(() => Infer.TensorSmc(RandomWalk(0.3), new TensorSmcOptions { Particles = 8 }, cancellationToken: cts.Token));
        Assert.False(e.GetType().IsGenericType);
        Assert.ThrowsAny<OperationCanceledException>(() => Infer.TensorImportance(RandomWalk(0.3), 8, cancellationToken: cts.Token));
    }

    /// <summary>
    /// HMC cancelled during sampling keeps the draws every chain reached, in the exception's partial result; the progress
    /// counts warmup then sampling for each chain.
    /// </summary>
    [Fact]
    public void TensorHmcCancelledWhileSamplingCarriesItsDraws()
    {
        var model =
            from mu in Sample("mu", TensorDist.Normal(zeros(1, dtype: ScalarType.Float64), ones(1, dtype: ScalarType.Float64)))
            from _ in Observe(TensorDist.Normal(mu, ones(1, dtype: ScalarType.Float64)), full(1, 0.5, dtype: ScalarType.Float64))
            select mu;
        using var cts = new CancellationTokenSource();
        var progress = new Recorder<McmcProgress>();
        var options = new TensorHmcOptions { Chains = 2, Warmup = 30, Draws = 50, LeapfrogSteps = 4 };
        var stopping = new StoppingProgress(progress, cts, options.Warmup + 5, options.Chains - 1);
        var e = Assert.Throws<InferenceCanceledException<Posterior>>(() => Infer.TensorHmc(model, options, stopping, cts.Token));
        Assert.Equal(5, e.PartialResult!.Draws);
        Assert.Equal(2, e.PartialResult!.Chains);
        Assert.Equal(2 * (options.Warmup + 5), progress.Reports.Count);
        Assert.Equal(SamplerPhase.Warmup, progress.Reports[2 * options.Warmup - 1].Phase);
        Assert.Equal(SamplerPhase.Sampling, progress.Reports[2 * options.Warmup].Phase);
        Assert.Equal(2, e.PartialResult!.SamplerDiagnostics.StepSizes.Count);
        Assert.All(e.PartialResult!.SamplerDiagnostics.StepSizes, eps => Assert.True(eps > 0 && double.IsFinite(eps), $"step size {eps}"));
    }

    private sealed class StoppingProgress(Recorder<McmcProgress> inner, CancellationTokenSource cts, int iteration, int lastChain) : IProgress<McmcProgress>
    {
        public void Report(McmcProgress value)
        {
            inner.Report(value);
            if (value.Iteration == iteration && value.Chain == lastChain) cts.Cancel();
        }
    }

    /// <summary>SVI cancelled before its first step throws the fit so far (no steps) as the partial result.</summary>
    [Fact]
    public void TensorSviCancelledCarriesTheFitSoFar()
    {
        var model =
            from z in Sample("z", TensorDist.Normal(tensor(0.0, dtype: ScalarType.Float64), tensor(1.0, dtype: ScalarType.Float64)))
            from _ in Observe("x", TensorDist.Normal(z, tensor(1.0, dtype: ScalarType.Float64)), tensor(1.0, dtype: ScalarType.Float64))
            select z;
        var guide =
            from m in Param("m", tensor(0.0, dtype: ScalarType.Float64))
            from z in Sample("z", TensorDist.Normal(m, tensor(1.0, dtype: ScalarType.Float64)))
            select z;
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var e = Assert.Throws<InferenceCanceledException<VariationalFit<TensorParameterStore>>>(() => Infer.TensorSvi(model, guide, new TensorViOptions { Steps = 10 }, cancellationToken: cts.Token));
        Assert.Empty(e.PartialResult!.History);
        Assert.Equal("ELBO", e.PartialResult!.Objective, ignoreCase: true);
    }
}
