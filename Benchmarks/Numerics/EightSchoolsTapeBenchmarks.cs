using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Probabilistic.Numerics;

namespace Probabilistic.Benchmarks.Numerics;

/// <summary>
/// The cost of a log density and its gradient on the <see cref="Tape"/>, per evaluation and per
/// node, against the same gradient derived by hand in doubles (eight schools, non-centred, d = 10).
/// Targets: at most 10 ns per node, and within 10× of the hand-derived gradient.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class EightSchoolsTapeBenchmarks
{
    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.MediumRun.WithId("WallClock"));
            // On a shared machine wall-clock times include waiting for a core; thread CPU time does not.
            var cpu = new ThreadCpuClock();
            if (cpu.IsAvailable)
                AddJob(Job.MediumRun.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(10), logOutput: false))
                    .WithClock(cpu).WithId("ThreadCpuTime"));
            AddColumn(new NodesColumn(), new NanosecondsPerNodeColumn());
        }
    }

    private static readonly Func<ReadOnlySpan<Real>, Real> Scalar = EightSchools.LogDensity;
    private static readonly Func<ReadOnlySpan<Real>, Real> Vectorized = EightSchools.LogDensityVectorized;

    // A typical posterior draw: μ = 4.4, τ = 3.6, θ̃ spread around 0.
    private static readonly double[] Point = [4.4, Math.Log(3.6), 0.9, 0.1, -0.3, 0.05, -0.4, -0.2, 0.6, 0.2];

    private readonly double[] _gradient = new double[EightSchools.Dimension];
    private readonly Tape _tape = new();
    private readonly Real[] _constants = Point.Select(x => new Real(x)).ToArray();

    /// <summary>Nodes recorded per evaluation of a benchmark's function (variables included), or null for the hand-derived one.</summary>
    public static int? NodesPerEvaluation(string benchmark)
    {
        var f = benchmark switch
        {
            nameof(TapeScalar) => Scalar,
            nameof(TapeVectorized) => Vectorized,
            _ => null,
        };
        if (f is null) return null;
        var tape = new Tape();
        tape.ValueAndGradient(f, Point, new double[EightSchools.Dimension]);
        return tape.Count;
    }

    /// <summary>Checks that the three ways agree before anything is timed.</summary>
    [GlobalSetup]
    public void CheckAgreement()
    {
        var hand = new double[EightSchools.Dimension];
        double expected = EightSchools.LogDensityAndGradient(Point, hand);
        foreach (var (name, f) in new[] { ("scalar", Scalar), ("vectorized", Vectorized) })
        {
            double v = _tape.ValueAndGradient(f, Point, _gradient);
            if (Math.Abs(v - expected) > 1e-12 * Math.Abs(expected))
                throw new InvalidOperationException($"The {name} log density {v:R} differs from the hand-derived {expected:R}.");
            for (int i = 0; i < hand.Length; i++)
                if (Math.Abs(_gradient[i] - hand[i]) > 1e-12 * Math.Max(1, Math.Abs(hand[i])))
                    throw new InvalidOperationException($"The {name} gradient's component {i} is {_gradient[i]:R}; hand-derived: {hand[i]:R}.");
        }
    }

    [Benchmark(Baseline = true)]
    public double HandDerived() => EightSchools.LogDensityAndGradient(Point, _gradient);

    [Benchmark]
    public double TapeScalar() => _tape.ValueAndGradient(Scalar, Point, _gradient);

    [Benchmark]
    public double TapeVectorized() => _tape.ValueAndGradient(Vectorized, Point, _gradient);

    /// <summary>The scalar log density on constants: the cost of <see cref="Real"/> without a tape (value only).</summary>
    [Benchmark]
    public double RealWithoutTape() => EightSchools.LogDensity(_constants).Value;
}
