using System.Globalization;
using Probabilistic.Compilation;
using Probabilistic.Inference;

namespace Probabilistic.Benchmarks;

/// <summary>
/// <c>-- smc-hmm [--particles N] [--rounds R]</c>: the filters of <see cref="SmcBenchmarks"/> (Gaussian random walk, T = 200,
/// single-threaded) timed interleaved, one run of each per round (A B C … A B C …), reporting per side the min and median
/// thread-CPU nanoseconds per particle-step over the rounds and the ratio to the hand-written filter. Beside the hand-written filter
/// on one stream and on the library's streams (a generator reset per particle-step, the polar method's spare discarded),
/// it times the two stream designs of ARCHITECTURE §16 item 11 written by hand: a stream carried in each particle
/// slot from step to step (not copied when resampling), and the ziggurat normal in place of the polar method.
/// </summary>
public static class SmcHmmInterleaved
{
    /// <summary>Runs the command; see the type's summary for the arguments.</summary>
    public static int Run(string[] args)
    {
        int particles = 1000, rounds = 7;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--particles": particles = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"smc-hmm: unknown argument '{args[i]}'"); return 2;
            }
        }
        var y = WebPpl.SmcVersusWebPpl.Data(200);
        var model = RandomWalkModel.Model(y);
        if (!CompiledModels.TryGetTwin(model, out _)) throw new InvalidOperationException("smc-hmm: the model has no compiled twin.");
        var options = new SmcOptions { Particles = particles, Seed = 1, MaxDegreeOfParallelism = 1 };
        var sides = new (string Name, Func<double> Run)[]
        {
            ("hand-written, one stream", () => HandWrittenFilter.Run(y, particles, new Rng(1))),
            ("hand-written, library streams (reset per particle-step, polar)", () => HandWrittenFilter.Run(y, particles, new Rng(1), perStepStreams: true)),
            ("hand-written, reset per particle-step, ziggurat", () => HandWrittenFilter.Run(y, particles, new ResetPerStep(particles, ziggurat: true), new Rng(1))),
            ("hand-written, stream carried per slot, polar", () => HandWrittenFilter.Run(y, particles, new CarriedPerSlot(particles, ziggurat: false), new Rng(1))),
            ("hand-written, stream carried per slot, ziggurat", () => HandWrittenFilter.Run(y, particles, new CarriedPerSlot(particles, ziggurat: true), new Rng(1))),
            ("compiled (Infer.Smc on the twin)", () => Infer.Smc(model, options).LogEvidence),
        };
        foreach (var side in sides) for (int w = 0; w < 3; w++) side.Run(); // warm-up: the JIT's tiers
        var cpu = new ThreadCpuClock();
        if (!cpu.IsAvailable) throw new PlatformNotSupportedException("smc-hmm: needs the thread CPU clock (Linux).");
        var times = sides.Select(_ => new List<double>()).ToArray();
        var logZ = new double[sides.Length];
        double steps = (double)particles * y.Length;
        for (int r = 0; r < rounds; r++)
            for (int s = 0; s < sides.Length; s++)
            {
                // The thread's CPU time (ThreadCpuClock, nanoseconds), which other work on a shared machine does not inflate.
                long start = cpu.GetTimestamp();
                logZ[s] = sides[s].Run();
                times[s].Add((cpu.GetTimestamp() - start) / steps);
            }
        double Median(List<double> v) { var o = v.Order().ToArray(); return o.Length % 2 == 1 ? o[o.Length / 2] : 0.5 * (o[o.Length / 2 - 1] + o[o.Length / 2]); }
        double baseMin = times[0].Min(), baseMedian = Median(times[0]);
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "smc-hmm N={0}, T=200, {1} interleaved rounds (thread-CPU ns per particle-step; ratio to the hand-written one-stream filter; log Ẑ of the last run, which the stream designs change only by Monte Carlo error)", particles, rounds));
        for (int s = 0; s < sides.Length; s++)
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "  {0,-68} min {1,7:F1} ({2:F2}×)  median {3,7:F1} ({4:F2}×)  log Ẑ {5:F2}",
                sides[s].Name, times[s].Min(), times[s].Min() / baseMin, Median(times[s]), Median(times[s]) / baseMedian, logZ[s]));
        return 0;
    }
}

/// <summary>
/// The stream design ARCHITECTURE §16 item 11 measures against the library's: slot i draws from stream i of seed 1, seeded
/// once and carried from step to step in the slot (the xoshiro256** words and the polar spare) — not copied with a
/// resampled particle: copies of one ancestor carrying copies of its stream would draw the same noise forever and the
/// filter would collapse (measured: log Ẑ −1,672 and −14,454 instead of −390 at N = 1,000); polar or ziggurat normal.
/// </summary>
public readonly struct CarriedPerSlot : ITransitionNoise
{
    private readonly Rng _rng = new(0);
    private readonly RngState[] _states;
    private readonly bool _ziggurat;

    /// <summary>Seeds the <paramref name="n"/> slots' streams.</summary>
    public CarriedPerSlot(int n, bool ziggurat)
    {
        _ziggurat = ziggurat;
        _states = new RngState[n];
        for (int i = 0; i < n; i++)
        {
            _rng.Reset(1, (ulong)i);
            _states[i] = _rng.State;
        }
    }

    /// <inheritdoc />
    public double Next(int t, int i)
    {
        _rng.SetState(_states[i]);
        double z = _ziggurat ? ZigguratNormal.Draw(_rng) : _rng.NextGaussian();
        _states[i] = _rng.State;
        return z;
    }
}
