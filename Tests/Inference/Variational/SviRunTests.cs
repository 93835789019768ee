using Probabilistic.Examples.Gallery;
using Probabilistic.Inference;
using Probabilistic.Inference.Variational;
using Probabilistic.Numerics;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Variational;

/// <summary>
/// SVI fits held as <see cref="SviRun"/>s: stopped at any step, checkpointed to bytes and resumed, they give the
/// uninterrupted <c>Infer.Svi</c> fit's parameters, objective history and diagnostics bit for bit; warm starts continue
/// from a previous fit's parameters; bad checkpoints and mismatched resumes are clear errors.
/// </summary>
public class SviRunTests
{
    private const int N = 20;
    private static readonly double[] Data = Enumerable.Range(0, N).Select(i => Math.Sin(i) + 0.3 * i / N).ToArray();

    // Every piece of state at once: a subsampled plate (the minibatch generator and its permutation), local latents by
    // REINFORCE (the running baselines), a model Param and guide Params, and the guide's generator.
    private static Model<Real> LocalLatentModel(Address? plate = null)
    {
        var p = plate ?? Address.Of("data");
        return
            from mu in Sample("mu", Normal(0, 1))
            from shift in Param("shift", 0.0)
            from zs in Plate(p, N, 6, i =>
                from z in Sample("z", Normal(mu, 1))
                from _ in Observe(Normal(z + shift, 0.5), (Real)Data[i])
                select z)
            select mu;
    }

    private static Guide LocalLatentGuide(Address? plate = null)
    {
        var p = plate ?? Address.Of("data");
        var guide = Guide.FromModel(
            from m in Param("m", 0.2)
            from mu in Sample("mu", Normal(m, 0.5))
            from zs in Plate(p, N, 6, i =>
                from a in Param($"a{i}", 0.1 * i)
                from z in Sample("z", Normal(a, 0.7))
                select z)
            select mu);
        for (int i = 0; i < N; i += 2) guide.WithEstimator(p / i / "z", GradientEstimator.Reinforce);
        return guide;
    }

    public static TheoryData<int> OptimizerCases => [0, 1, 2, 3, 4];

    private static Func<IOptimizer> Optimizer(int k) => k switch
    {
        0 => () => new Adam(learningRate: 0.02),
        1 => () => new Adam(learningRate: 0.03, amsgrad: true, weightDecay: 0.01, schedule: LearningRateSchedule.LinearWarmup(10, LearningRateSchedule.CosineAnnealing(80))),
        2 => () => new Sgd(learningRate: 0.005, momentum: 0.9, nesterov: true),
        3 => () => new RmsProp(learningRate: 0.005, centered: true, momentum: 0.5),
        _ => () => new Adagrad(learningRate: 0.05, initialAccumulatorValue: 0.1, rateDecay: 0.001),
    };

    private static void AssertSameFit(VariationalFit expected, VariationalFit actual, string where)
    {
        Assert.Equal(expected.Parameters.Addresses, actual.Parameters.Addresses);
        var e = expected.Parameters.Unconstrained;
        var a = actual.Parameters.Unconstrained;
        Assert.Equal(e.Length, a.Length);
        for (int i = 0; i < e.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(e[i]) == BitConverter.DoubleToInt64Bits(a[i]), $"{where}: coordinate {i} is {a[i]:R}, uninterrupted {e[i]:R}");
        Assert.Equal(expected.History.Count, actual.History.Count);
        for (int s = 0; s < expected.History.Count; s++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected.History[s]) == BitConverter.DoubleToInt64Bits(actual.History[s]), $"{where}: objective at step {s}");
        Assert.True(expected.History.SequenceEqual(actual.History), where);
        Assert.Equal(expected.Diagnostics.Checked, actual.Diagnostics.Checked);
        Assert.Equal(expected.Diagnostics.Warnings.Select(w => (w.Kind, w.Name, w.Message)), actual.Diagnostics.Warnings.Select(w => (w.Kind, w.Name, w.Message)));
    }

    /// <summary>Stopped at k (before the first step, after it, mid-way, one before the end, at the end), the checkpoint's bytes
    /// resumed in a fresh run finish as the uninterrupted fit, for each optimizer (moments, momentum, sums, schedules).</summary>
    [Theory]
    [MemberData(nameof(OptimizerCases))]
    public void ResumedFromBytesAtAnyStepIsTheUninterruptedFit(int optimizer)
    {
        var model = LocalLatentModel();
        var options = new SviOptions { Steps = 90, Seed = 5, Optimizer = Optimizer(optimizer) };
        var expected = Infer.Svi(model, LocalLatentGuide(), options: options);
        foreach (int k in new[] { 0, 1, 17, 45, 89, 90 })
        {
            var run = SviRun.Start(model, LocalLatentGuide(), options: options);
            run.Run(k);
            Assert.Equal(k, run.Step);
            var bytes = run.Checkpoint().ToBytes();
            var checkpoint = SviCheckpoint.FromBytes(bytes);
            Assert.Equal(k, checkpoint.Step);
            Assert.Equal(bytes, checkpoint.ToBytes());
            var resumed = SviRun.Resume(model, LocalLatentGuide(), null, checkpoint, options);
            resumed.Run(int.MaxValue);
            Assert.True(resumed.Finished);
            AssertSameFit(expected, resumed.Fit(), $"optimizer {optimizer}, resumed at {k}");
        }
    }

    /// <summary>
    /// A plate named "007" (an all-digit name: its text form reads back as an index): the minibatch permutation and the
    /// REINFORCE baselines under it are kept in the checkpoint by name and index, and the resumed fit is the uninterrupted one.
    /// </summary>
    [Fact]
    public void AddressesWithAllDigitNamesSurviveTheCheckpoint()
    {
        var plate = Address.Of("007"); // a name: the text "007" would be read as the index 7
        var model = LocalLatentModel(plate);
        var options = new SviOptions { Steps = 60, Seed = 6 };
        var expected = Infer.Svi(model, LocalLatentGuide(plate), options: options);
        var run = SviRun.Start(model, LocalLatentGuide(plate), options: options);
        run.Run(23);
        var checkpoint = SviCheckpoint.FromBytes(run.Checkpoint().ToBytes());
        Assert.Contains(checkpoint.Permutations, p => p.Plate == plate);
        Assert.NotEmpty(checkpoint.Baselines);
        Assert.All(checkpoint.Baselines, b => Assert.True(b.Address.StartsWith(plate), $"baseline at '{b.Address}'"));
        var resumed = SviRun.Resume(model, LocalLatentGuide(plate), null, checkpoint, options);
        resumed.Run(int.MaxValue);
        AssertSameFit(expected, resumed.Fit(), "plate '007' resumed at 23");
    }

    /// <summary>
    /// Eight schools, <c>[Compiled]</c>, with AutoNormal: the fit is scored through the generated density, and resumed from
    /// bytes after 25 steps it still is, and finishes as the uninterrupted fit bit for bit.
    /// </summary>
    [Fact]
    public void GeneratedDensityFitResumesExactly()
    {
        var model = EightSchoolsModel.Model(EightSchoolsModel.Y, EightSchoolsModel.Sigma);
        var options = new SviOptions { Steps = 70, Seed = 12 };
        var expected = Infer.Svi(model, AutoNormal.Create(model), options: options);
        Assert.True(expected.GeneratedDensity);
        var run = SviRun.Start(model, AutoNormal.Create(model), options: options);
        Assert.True(run.GeneratedDensity);
        run.Run(25);
        var resumed = SviRun.Resume(model, AutoNormal.Create(model), null, SviCheckpoint.FromBytes(run.Checkpoint().ToBytes()), options);
        Assert.True(resumed.GeneratedDensity);
        resumed.Run(int.MaxValue);
        var fit = resumed.Fit();
        Assert.True(fit.GeneratedDensity);
        AssertSameFit(expected, fit, "eight schools, generated density, resumed at 25");
    }

    /// <summary>Many short segments, each checkpointed and resumed, and segments in one run without checkpoints: the same fit.</summary>
    [Fact]
    public void SegmentsAndRepeatedResumesAreTheUninterruptedFit()
    {
        var model = LocalLatentModel();
        var options = new SviOptions { Steps = 75, Seed = 8 };
        var expected = Infer.Svi(model, LocalLatentGuide(), options: options);
        var run = SviRun.Start(model, LocalLatentGuide(), options: options);
        while (!run.Finished)
        {
            run.Run(11);
            run = SviRun.Resume(model, LocalLatentGuide(), null, SviCheckpoint.FromBytes(run.Checkpoint().ToBytes()), options);
        }
        AssertSameFit(expected, run.Fit(), "resumed every 11 steps");
        var same = SviRun.Start(model, LocalLatentGuide(), options: options);
        foreach (int k in new[] { 3, 0, 30, 100 }) same.Run(k);
        AssertSameFit(expected, same.Fit(), "segments 3, 0, 30, rest");
    }

    /// <summary>A fit taken mid-way is a copy: later steps do not change it, and it equals Infer.Svi with that many steps
    /// (whose convergence monitor records on the same stride: both fits are 200 steps or fewer).</summary>
    [Fact]
    public void FitMidwayIsACopyOfTheFitSoFar()
    {
        var model = LocalLatentModel();
        var run = SviRun.Start(model, LocalLatentGuide(), options: new SviOptions { Steps = 60, Seed = 2 });
        run.Run(40);
        var midway = run.Fit();
        var before = midway.Parameters.Unconstrained;
        run.Run(20);
        Assert.Equal(before, midway.Parameters.Unconstrained);
        AssertSameFit(Infer.Svi(model, LocalLatentGuide(), options: new SviOptions { Steps = 40, Seed = 2 }), midway, "midway");
    }

    /// <summary>
    /// A warm start begins at the previous fit's parameters bit for bit, with a fresh optimizer: the same fit as
    /// <c>Infer.Svi</c> continuing in place on a copy of the previous store (<see cref="SviOptions.Parameters"/>).
    /// </summary>
    [Fact]
    public void WarmStartContinuesFromThePreviousFitsParameters()
    {
        var model = EightSchoolsModel.Model(EightSchoolsModel.Y, EightSchoolsModel.Sigma);
        var guide = AutoNormal.Create(model);
        var first = Infer.Svi(model, guide, options: new SviOptions { Steps = 150, Seed = 1 });
        var options = new SviOptions { Steps = 100, Seed = 4 };
        var warm = SviRun.Start(model, guide, options: options, warmStart: first);
        Assert.Equal(first.Parameters.Unconstrained, warm.Parameters.Unconstrained);
        warm.Run(int.MaxValue);
        var inPlace = Infer.Svi(model, guide, options: options with { Parameters = first.Parameters.Snapshot() });
        AssertSameFit(inPlace, warm.Fit(), "warm start");
        var cold = SviRun.Start(model, guide, options: options);
        Assert.NotEqual(first.Parameters.Unconstrained, cold.Parameters.Unconstrained);
        Assert.Throws<ArgumentException>(() => SviRun.Start(model, guide, options: options with { Parameters = new ParameterStore() }, warmStart: first));
    }

    private static byte[] CheckpointBytes(int steps = 10)
    {
        var run = SviRun.Start(LocalLatentModel(), LocalLatentGuide(), options: new SviOptions { Steps = 50, Seed = 5 });
        run.Run(steps);
        return run.Checkpoint().ToBytes();
    }

    /// <summary>Truncated, corrupted, of another version or another kind of checkpoint: an InvalidDataException saying which.</summary>
    [Fact]
    public void BadBytesAreClearErrors()
    {
        var bytes = CheckpointBytes();
        var truncated = Assert.Throws<InvalidDataException>(() => SviCheckpoint.FromBytes(bytes.AsSpan(0, bytes.Length - 9)));
        Assert.Contains("truncated", truncated.Message);
        Assert.Throws<InvalidDataException>(() => SviCheckpoint.FromBytes(bytes.AsSpan(0, 10)));
        var version = (byte[])bytes.Clone();
        BitConverter.GetBytes(SviCheckpoint.FormatVersion + 1).CopyTo(version, 8); // after the 8-byte magic
        var v = Assert.Throws<InvalidDataException>(() => SviCheckpoint.FromBytes(version));
        Assert.Contains($"version {SviCheckpoint.FormatVersion + 1}", v.Message);
        var corrupt = (byte[])bytes.Clone();
        corrupt[bytes.Length / 2] ^= 0x20;
        Assert.Contains("hash", Assert.Throws<InvalidDataException>(() => SviCheckpoint.FromBytes(corrupt)).Message);
        var other = (byte[])bytes.Clone();
        "PPLHMCCK"u8.CopyTo(other);
        Assert.Contains("does not start with 'PPLSVICK'", Assert.Throws<InvalidDataException>(() => SviCheckpoint.FromBytes(other)).Message);
    }

    /// <summary>Resuming with another model or guide (other parameter names), another seed, objective, optimizer or its
    /// settings, or fewer steps than done: an ArgumentException naming the difference.</summary>
    [Fact]
    public void MismatchedResumesAreClearErrors()
    {
        var checkpoint = SviCheckpoint.FromBytes(CheckpointBytes());
        var model = LocalLatentModel();
        var options = new SviOptions { Steps = 50, Seed = 5 };
        var schools = EightSchoolsModel.Model(EightSchoolsModel.Y, EightSchoolsModel.Sigma);
        var e = Assert.Throws<ArgumentException>(() => SviRun.Resume(schools, AutoNormal.Create(schools), null, checkpoint, options));
        Assert.Contains("Guide", e.Message); // FromModel's guide against an AutoNormal
        var otherGuide = Guide.FromModel(
            from m in Param("m2", 0.2)
            from mu in Sample("mu", Normal(m, 0.5))
            from zs in Plate("data", N, 6, i => from a in Param($"a{i}", 0.1 * i) from z in Sample("z", Normal(a, 0.7)) select z)
            select mu);
        for (int i = 0; i < N; i += 2) otherGuide.WithEstimator(Address.Root / "data" / i / "z", GradientEstimator.Reinforce);
        var names = Assert.Throws<ArgumentException>(() => SviRun.Resume(model, otherGuide, null, checkpoint, options));
        Assert.Contains("another model or guide", names.Message);
        Assert.Contains("'m'", names.Message);
        Assert.Contains("Seed = 5", Assert.Throws<ArgumentException>(() => SviRun.Resume(model, LocalLatentGuide(), null, checkpoint, options with { Seed = 6 })).Message);
        Assert.Contains("Objective", Assert.Throws<ArgumentException>(() => SviRun.Resume(model, LocalLatentGuide(), null, checkpoint, options with { Objective = new Iwelbo(3) })).Message);
        Assert.Contains("Sgd", Assert.Throws<ArgumentException>(() => SviRun.Resume(model, LocalLatentGuide(), null, checkpoint, options with { Optimizer = () => new Sgd(0.01) })).Message);
        Assert.Contains("settings", Assert.Throws<ArgumentException>(() => SviRun.Resume(model, LocalLatentGuide(), null, checkpoint, options with { Optimizer = () => new Adam(0.02) })).Message);
        Assert.Contains("more than Steps = 5", Assert.Throws<ArgumentException>(() => SviRun.Resume(model, LocalLatentGuide(), null, checkpoint, options with { Steps = 5 })).Message);
        Assert.Throws<ArgumentException>(() => SviRun.Resume(model, LocalLatentGuide(), null, checkpoint, options with { Parameters = new ParameterStore() }));
        // Longer than the checkpoint's fit is allowed: it continues.
        var longer = SviRun.Resume(model, LocalLatentGuide(), null, checkpoint, options with { Steps = 70 });
        longer.Run(int.MaxValue);
        Assert.Equal(70, longer.Step);
    }

    private sealed class PlainSgd : IOptimizer
    {
        public int Steps { get; private set; }
        public void Step(Span<double> parameters, ReadOnlySpan<double> gradient)
        {
            for (int i = 0; i < parameters.Length; i++) parameters[i] -= 0.001 * gradient[i];
            Steps++;
        }
        public void Reset() => Steps = 0;
    }

    private sealed record FailingElbo(int FailAt) : Objective
    {
        private int _calls;
        public override string Name => "FailingElbo";
        public override (TScalar Surrogate, double Value) Estimate<TScalar>(ObjectiveContext<TScalar> context) =>
            ++_calls == FailAt ? throw new ModelException("FailingElbo: planned failure.") : context.ElboIntegrand();
    }

    /// <summary>An optimizer without captured state cannot be checkpointed; a run whose step threw is faulted (Run, Fit and
    /// Checkpoint refuse, naming the cause); a negative step count is refused.</summary>
    [Fact]
    public void UncheckpointableAndFaultedRunsSaySo()
    {
        var model = LocalLatentModel();
        var plain = SviRun.Start(model, LocalLatentGuide(), options: new SviOptions { Steps = 10, Optimizer = () => new PlainSgd() });
        plain.Checkpoint(); // before the first step there is no optimizer state to miss
        plain.Run(2);
        Assert.Contains(nameof(IStatefulOptimizer), Assert.Throws<InvalidOperationException>(() => plain.Checkpoint()).Message);
        var failing = SviRun.Start(model, LocalLatentGuide(), options: new SviOptions { Steps = 10, Objective = new FailingElbo(4) });
        Assert.Throws<ModelException>(() => failing.Run(10));
        Assert.Contains("planned failure", Assert.Throws<InvalidOperationException>(() => failing.Run(1)).Message);
        Assert.Throws<InvalidOperationException>(() => failing.Checkpoint());
        Assert.Throws<InvalidOperationException>(() => failing.Fit());
        Assert.Throws<ArgumentOutOfRangeException>(() => plain.Run(-1));
    }

    /// <summary>Cancelling stops after the step in progress with the state consistent: resumed from there, the fit is the uninterrupted one.</summary>
    [Fact]
    public void CancelledRunResumesExactly()
    {
        var model = LocalLatentModel();
        var options = new SviOptions { Steps = 40, Seed = 3 };
        var expected = Infer.Svi(model, LocalLatentGuide(), options: options);
        using var cts = new CancellationTokenSource();
        var run = SviRun.Start(model, LocalLatentGuide(), options: options);
        var progress = new SynchronousProgress(p => { if (p.Step == 13) cts.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => run.Run(40, progress, cts.Token));
        Assert.Equal(13, run.Step);
        var resumed = SviRun.Resume(model, LocalLatentGuide(), null, SviCheckpoint.FromBytes(run.Checkpoint().ToBytes()), options);
        resumed.Run(int.MaxValue);
        AssertSameFit(expected, resumed.Fit(), "cancelled at 13");
    }

    private sealed class SynchronousProgress(Action<SviProgress> report) : IProgress<SviProgress>
    {
        public void Report(SviProgress value) => report(value);
    }
}
