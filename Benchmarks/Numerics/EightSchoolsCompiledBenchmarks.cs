using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Probabilistic.Distributions;
using Probabilistic.Numerics;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Benchmarks.Numerics;

/// <summary>
/// Eight schools, non-centred, written with distributions' <c>LogProb</c> and the exp bijector
/// (μ ~ N(0, 5), τ ~ HalfCauchy(5), θ̃ⱼ ~ N(0, 1), yⱼ ~ N(μ + τθ̃ⱼ, σⱼ), over (μ, log τ, θ̃)): the
/// log density and its gradient on a fresh tape each time, against a <see cref="TapeProgram"/>
/// compiled once and replayed (ReverseDiff.jl's compiled tapes). Stan 2.21 takes 570 ns per gradient
/// of this model on this kind of machine.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class EightSchoolsCompiledBenchmarks
{
    private sealed class Config : ManualConfig
    {
        public Config()
        {
            var cpu = new ThreadCpuClock();
            if (cpu.IsAvailable)
                AddJob(Job.MediumRun.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(10), logOutput: false))
                    .WithClock(cpu).WithId("ThreadCpuTime"));
            else
                AddJob(Job.MediumRun.WithId("WallClock"));
        }
    }

    private static readonly LowerBoundBijector Positive = new(0);

    private static Real LogDensity(ReadOnlySpan<Real> q)
    {
        Real mu = q[0];
        var tau = Positive.Forward(q[1], out var logJacobian);
        var lp = Normal(0, 5).LogProb(mu) + HalfCauchy(5).LogProb(tau) + logJacobian;
        for (int j = 0; j < EightSchools.J; j++)
        {
            var thetaTilde = q[2 + j];
            lp += Normal(0, 1).LogProb(thetaTilde);
            lp += Normal(mu + tau * thetaTilde, EightSchools.Sigma[j]).LogProb(EightSchools.Y[j]);
        }
        return lp;
    }

    private static readonly Func<ReadOnlySpan<Real>, Real> Density = LogDensity;
    private static readonly double[] Point = [4.4, Math.Log(3.6), 0.9, 0.1, -0.3, 0.05, -0.4, -0.2, 0.6, 0.2];

    private readonly double[] _gradient = new double[EightSchools.Dimension];
    private readonly Tape _tape = new();
    private TapeProgram _program = null!;

    /// <summary>Records and compiles the program, and checks it against the hand-derived gradient.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var recording = new Tape();
        recording.StartRecording();
        var q = recording.Variables(new double[EightSchools.Dimension]);
        _program = TapeProgram.Compile(recording, q, LogDensity(q), out string? reason)
            ?? throw new InvalidOperationException($"eight schools did not compile: {reason}");
        var hand = new double[EightSchools.Dimension];
        double expected = EightSchools.LogDensityAndGradient(Point, hand);
        foreach (var (name, value) in new[] { ("fresh tape", FreshTape()), ("compiled", Compiled()) })
        {
            if (Math.Abs(value - expected) > 1e-12 * Math.Abs(expected))
                throw new InvalidOperationException($"The {name} log density {value:R} differs from the hand-derived {expected:R}.");
            for (int i = 0; i < hand.Length; i++)
                if (Math.Abs(_gradient[i] - hand[i]) > 1e-12 * Math.Max(1, Math.Abs(hand[i])))
                    throw new InvalidOperationException($"The {name} gradient's component {i} is {_gradient[i]:R}; hand-derived: {hand[i]:R}.");
        }
    }

    [Benchmark(Baseline = true)]
    public double HandDerived() => EightSchools.LogDensityAndGradient(Point, _gradient);

    [Benchmark]
    public double FreshTape() => _tape.ValueAndGradient(Density, Point, _gradient);

    [Benchmark]
    public double Compiled() =>
        _program.TryEvaluate(Point, _gradient, out double value) ? value : throw new InvalidOperationException("a guard failed");
}
