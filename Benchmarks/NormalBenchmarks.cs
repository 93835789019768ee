using BenchmarkDotNet.Attributes;
using Probabilistic.Distributions;
using MathNetNormal = MathNet.Numerics.Distributions.Normal;
using MathNetXoshiro = MathNet.Numerics.Random.Xoshiro256StarStar;

namespace Probabilistic.Benchmarks;

/// <summary>
/// Normal sampling and log density per call, against MathNet.Numerics' static
/// <c>Normal.Sample(Random, mean, sd)</c> and <c>Normal.PDFLn(mean, sd, x)</c>. Each invocation makes
/// <see cref="Calls"/> calls and sums the results (so nothing is optimized away), so the figures are per
/// call. MathNet draws from a <see cref="System.Random"/>: both the framework's seeded generator and
/// MathNet's own xoshiro256** (the generator behind <see cref="Rng"/>) are measured.
/// Target (issue: numbers and distributions): within 1.5× of MathNet.
/// </summary>
/// <remarks>
/// Measured with <c>--job short</c> on the 2-core development VM (.NET 10, machine otherwise quiet), after
/// 1/σ and log σ became lazy (computed at the first density evaluation): Sample 20.6 ns against MathNet's
/// 41.9 ns with <see cref="System.Random"/> and 79 ns with its xoshiro256** (0.49×); LogProb on a built
/// distribution 3.9 ns against <c>PDFLn</c> 10.1 ns (0.38×), 7.1 ns when it records a node on a tape. A new
/// distribution per call plus LogProb costs 27.8 ns: 1.0× MathNet's own object API (27.6 ns) but 2.7× its
/// static <c>PDFLn</c> (10.1 ns), which allocates nothing; construction alone is 16.3 ns, mostly allocating
/// the 80-byte object (two <see cref="Real"/> parameters and the cached constants). The object is what the
/// model DSL passes to <c>Sample</c> and <c>Observe</c>, so the allocation is inherent to the API.
/// </remarks>
[MemoryDiagnoser]
public class NormalBenchmarks
{
    public const int Calls = 1000;

    private readonly Normal _normal = new(1.5, 2.0);
    private readonly Rng _rng = new(42);
    private readonly Probabilistic.Numerics.Tape _tape = new();
    private readonly Random _systemRandom = new(42);
    private readonly Random _mathNetXoshiro = new MathNetXoshiro(42);
    private readonly double[] _xs = new double[Calls];
    private readonly double[] _mus = new double[Calls];
    private readonly double[] _sigmas = new double[Calls];
    // Parameters in fields, not literals, so that the JIT cannot fold MathNet's log σ into a constant.
    private double _mean = 1.5, _sd = 2.0;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(7);
        for (int i = 0; i < Calls; i++)
        {
            _xs[i] = 1.5 + 2.0 * rng.NextGaussian();
            _mus[i] = rng.NextGaussian();
            _sigmas[i] = 0.5 + rng.NextDouble();
        }
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public double Sample()
    {
        double s = 0;
        for (int i = 0; i < Calls; i++) s += _normal.Sample(_rng).Value;
        return s;
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public double MathNetSampleSystemRandom()
    {
        double s = 0;
        for (int i = 0; i < Calls; i++) s += MathNetNormal.Sample(_systemRandom, _mean, _sd);
        return s;
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public double MathNetSampleXoshiro()
    {
        double s = 0;
        for (int i = 0; i < Calls; i++) s += MathNetNormal.Sample(_mathNetXoshiro, _mean, _sd);
        return s;
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public double LogProb()
    {
        double s = 0;
        var xs = _xs;
        for (int i = 0; i < xs.Length; i++) s += _normal.LogProb(xs[i]).Value;
        return s;
    }

    /// <summary>LogProb with μ and σ on a tape: one three-parent node per call (the tape is cleared per invocation).</summary>
    [Benchmark(OperationsPerInvoke = Calls)]
    public double LogProbRecorded()
    {
        _tape.Clear();
        var d = new Normal(_tape.Variable(1.5), _tape.Variable(2.0));
        double s = 0;
        var xs = _xs;
        for (int i = 0; i < xs.Length; i++) s += d.LogProb(xs[i]).Value;
        return s;
    }

    /// <summary>A new distribution per call, as a model builds one per datum: validation, 1/σ, log σ and the object.</summary>
    [Benchmark(OperationsPerInvoke = Calls)]
    public double ConstructAndLogProb()
    {
        double s = 0;
        var xs = _xs;
        var mus = _mus;
        var sigmas = _sigmas;
        for (int i = 0; i < xs.Length; i++) s += Dist.Normal(mus[i], sigmas[i]).LogProb(xs[i]).Value;
        return s;
    }

    /// <summary>Construction alone (validation, 1/σ, log σ, an 80-byte object): the part of <see cref="ConstructAndLogProb"/> that MathNet's static call does not have.</summary>
    [Benchmark(OperationsPerInvoke = Calls)]
    public double Construct()
    {
        double s = 0;
        var mus = _mus;
        var sigmas = _sigmas;
        for (int i = 0; i < mus.Length; i++) s += Dist.Normal(mus[i], sigmas[i]).Mean;
        return s;
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public double MathNetPdfLn()
    {
        double s = 0;
        var xs = _xs;
        double mean = _mean, sd = _sd;
        for (int i = 0; i < xs.Length; i++) s += MathNetNormal.PDFLn(mean, sd, xs[i]);
        return s;
    }

    /// <summary>MathNet's object API, the counterpart of <see cref="ConstructAndLogProb"/> in kind: a validated distribution object per call, then its log density.</summary>
    [Benchmark(OperationsPerInvoke = Calls)]
    public double MathNetConstructAndDensityLn()
    {
        double s = 0;
        var xs = _xs;
        var mus = _mus;
        var sigmas = _sigmas;
        for (int i = 0; i < xs.Length; i++) s += new MathNetNormal(mus[i], sigmas[i]).DensityLn(xs[i]);
        return s;
    }

    /// <summary>MathNet with parameters that change per call: the counterpart of <see cref="ConstructAndLogProb"/>.</summary>
    [Benchmark(OperationsPerInvoke = Calls)]
    public double MathNetPdfLnVaryingParameters()
    {
        double s = 0;
        var xs = _xs;
        var mus = _mus;
        var sigmas = _sigmas;
        for (int i = 0; i < xs.Length; i++) s += MathNetNormal.PDFLn(mus[i], sigmas[i], xs[i]);
        return s;
    }
}
