using BenchmarkDotNet.Attributes;
using Probabilistic.Compilation;
using Probabilistic.Inference;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Benchmarks;

/// <summary>
/// Bootstrap SMC on the Gaussian random walk HMM (x_t ~ N(x_{t−1}, 1), y_t ~ N(x_t, 1)), written in the
/// DSL, against the same filter hand-written on arrays of doubles (same resampler: systematic when the
/// ESS falls below N/2; same RNG), and the DSL model run through its compiled twin (issue 15: the particle program the
/// <c>[Compiled]</c> generator emits for <see cref="RandomWalkModel.Model"/>, run by Inference/Compiled;
/// it gives the interpreted filter's populations bit for bit). All single-threaded. Targets (issue 15): the compiled
/// filter within 1.5× of the hand-written one at every N, 0 bytes allocated per particle-step; WebPPL 0.9.15 took
/// 0.52 s (N = 1,000) and 22.7 s (N = 10,000) at T = 200. <see cref="SmcHmmInterleaved"/> (<c>-- smc-hmm</c>) times the same
/// filters interleaved, with the stream designs of ARCHITECTURE §16 item 11 written by hand.
/// </summary>
[Config(typeof(CpuTimeConfig))]
[MemoryDiagnoser]
public class SmcBenchmarks
{
    [Params(200)]
    public int T { get; set; }

    [Params(1_000, 10_000, 100_000)]
    public int N { get; set; }

    private double[] _y = [];
    private Model<Real> _model = null!;
    private Model<Real> _compiled = null!;

    [GlobalSetup]
    public void Setup()
    {
        _y = WebPpl.SmcVersusWebPpl.Data(T);
        _compiled = RandomWalkModel.Model(_y); // the generated interceptor attaches the twin
        _model = CompiledModels.Interpreted(_compiled);
        if (!CompiledModels.TryGetTwin(_compiled, out _)) throw new InvalidOperationException("SmcBenchmarks: RandomWalkModel.Model has no compiled twin.");
    }

    [Benchmark(Baseline = true)]
    public double HandWritten() => HandWrittenFilter.Run(_y, N, new Rng(1));

    /// <summary>
    /// The hand-written filter drawing as the library's filters do (particle i's draw in step t from stream t·(N+1) + i,
    /// the generator reset for each particle-step, so a Gaussian's spare is not reused): the floor for the compiled filter,
    /// which must draw the interpreter's numbers.
    /// </summary>
    [Benchmark]
    public double HandWrittenLibraryStreams() => HandWrittenFilter.Run(_y, N, new Rng(1), perStepStreams: true);

    [Benchmark]
    public double Dsl() => Infer.Smc(_model, new SmcOptions { Particles = N, Seed = 1, MaxDegreeOfParallelism = 1 }).LogEvidence;

    [Benchmark]
    public double Compiled() => Infer.Smc(_compiled, new SmcOptions { Particles = N, Seed = 1, MaxDegreeOfParallelism = 1 }).LogEvidence;
}

/// <summary>The benchmark's model as a user writes it, compiled by the <c>[Compiled]</c> generator.</summary>
public static class RandomWalkModel
{
    /// <summary>x_t ~ N(x_{t−1}, 1) from x_{−1} = 0, y_t ~ N(x_t, 1); returns the last state.</summary>
    [Compiled]
    public static Model<Real> Model(double[] y) =>
        Fold("x", y.Length, (Real)0.0, (prev, t) =>
            from xt in Sample("x", Normal(prev, 1.0))
            from _ in Observe(Normal(xt, 1.0), y[t])
            select xt);
}

/// <summary>The bootstrap particle filter for the Gaussian random walk, written directly on arrays.</summary>
public static class HandWrittenFilter
{
    /// <summary>
    /// log Ẑ; with <paramref name="perStepStreams"/>, particle i's draw in step t from stream t·(n+1) + i of seed 1 (the
    /// library's streams) instead of the next draw of <paramref name="rng"/>, which also draws the resampling uniforms.
    /// </summary>
    public static double Run(double[] y, int n, Rng rng, bool perStepStreams = false) =>
        perStepStreams ? Run(y, n, new ResetPerStep(n, ziggurat: false), rng) : Run(y, n, new OneStream(rng), rng);

    /// <summary>
    /// log Ẑ with the transition noise of <typeparamref name="TNoise"/> (a struct, so the JIT specializes the loop for it:
    /// no call through an interface per particle) and the systematic resampling uniforms of <paramref name="resampling"/>,
    /// resampling when the ESS falls below N/2 (never after the last observation).
    /// </summary>
    public static double Run<TNoise>(double[] y, int n, TNoise noise, Rng resampling) where TNoise : struct, ITransitionNoise
    {
        var x = new double[n];
        var next = new double[n];
        var logW = new double[n];
        var w = new double[n];
        double logZ = 0;
        const double halfLog2Pi = 0.91893853320467274;
        for (int t = 0; t < y.Length; t++)
        {
            double max = double.NegativeInfinity;
            for (int i = 0; i < n; i++)
            {
                x[i] += noise.Next(t, i);
                double d = y[t] - x[i];
                logW[i] += -0.5 * d * d - halfLog2Pi;
                if (logW[i] > max) max = logW[i];
            }
            double s = 0, s2 = 0;
            for (int i = 0; i < n; i++)
            {
                w[i] = Math.Exp(logW[i] - max);
                s += w[i];
                s2 += w[i] * w[i];
            }
            if (s * s / s2 < 0.5 * n && t < y.Length - 1)
            {
                logZ += max + Math.Log(s / n);
                double step = s / n, u = resampling.NextDouble() * step, c = w[0];
                for (int k = 0, i = 0; k < n; k++)
                {
                    double point = u + k * step;
                    while (point >= c && i < n - 1) c += w[++i];
                    next[k] = x[i];
                }
                (x, next) = (next, x);
                Array.Clear(logW);
            }
            if (t == y.Length - 1) logZ += max + Math.Log(s / n);
        }
        return logZ;
    }
}

/// <summary>Where a hand-written filter's transition noise comes from: particle i's standard normal in step t.</summary>
public interface ITransitionNoise
{
    /// <summary>The standard normal draw of particle (slot) <paramref name="i"/> in step <paramref name="t"/>.</summary>
    double Next(int t, int i);
}

/// <summary>The next draw of one generator shared by every particle (the fastest design; draws depend on the order).</summary>
public readonly struct OneStream(Rng rng) : ITransitionNoise
{
    /// <inheritdoc />
    public double Next(int t, int i) => rng.NextGaussian();
}

/// <summary>The library's design: a generator reset to stream t·(N+1) + i of seed 1 for each particle-step; polar or ziggurat.</summary>
public readonly struct ResetPerStep(int n, bool ziggurat) : ITransitionNoise
{
    private readonly Rng _rng = new(0);

    /// <inheritdoc />
    public double Next(int t, int i)
    {
        _rng.Reset(1, (ulong)t * ((ulong)n + 1) + (ulong)i);
        return ziggurat ? ZigguratNormal.Draw(_rng) : _rng.NextGaussian();
    }
}
