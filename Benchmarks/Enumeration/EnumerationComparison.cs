using System.Diagnostics;
using System.Globalization;
using Probabilistic.Examples.Gallery;
using Probabilistic.Inference;

namespace Probabilistic.Benchmarks.Enumeration;

/// <summary>
/// <c>dotnet run -c Release --project Benchmarks -- enumeration [--rounds R]</c>: the cost of one log-density gradient
/// of a model whose discrete latents NUTS sums out by enumeration (<see cref="EnumeratedDensity{T}"/>) against the same
/// model marginalized by hand (<see cref="ModelDensity{T}"/>), both on their compiled tapes, timed interleaved
/// (A B A B …, each round a batch of evaluations at the same random points); prints min and median per gradient and
/// the ratio of medians.
/// </summary>
internal static class EnumerationComparison
{
    public static int Run(string[] args)
    {
        int rounds = 31;
        for (int i = 0; i < args.Length; i++)
            if (args[i] == "--rounds" && i + 1 < args.Length) rounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Format(inv, "{0,-28} {1,12} {2,12} {3,12} {4,12} {5,8}", "model", "enum min µs", "enum med µs", "hand min µs", "hand med µs", "ratio"));
        var mixture = EnumerationModels.Mixture(GaussianMixtureModel.Simulate(150, 1));
        Report("mixture (N = 150)", EnumeratedDensity<Unit>.Create(mixture.Enumerated), ModelDensity<Unit>.Create(mixture.Hand), rounds);
        var change = EnumerationModels.ChangePoint(ChangePoint.Simulate(100, 1));
        Report("changepoint (N = 100)", EnumeratedDensity<int>.Create(change.Enumerated), ModelDensity<Unit>.Create(change.Hand), rounds);
        var hmm = EnumerationModels.Hmm(DiscreteHmmModel.Simulate(200, 1));
        Report("hmm (T = 200, K = 2)", EnumeratedDensity<int>.Create(hmm.Enumerated), ModelDensity<Unit>.Create(hmm.Hand), rounds);
        return 0;
    }

    private static void Report<T>(string name, EnumeratedDensity<T> enumerated, IDifferentiableDensity hand, int rounds)
    {
        int d = hand.Dimension;
        if (enumerated.Dimension != d) throw new InvalidOperationException($"{name}: dimensions differ ({enumerated.Dimension} vs {d}).");
        var rng = new Rng(7);
        var points = Enumerable.Range(0, 64).Select(_ => Enumerable.Range(0, d).Select(_ => rng.NextDouble() - 0.5).ToArray()).ToArray();
        var g = new double[d];
        // Warm up: records and compiles both tapes, and lets the JIT tier up.
        for (int k = 0; k < 200; k++)
        {
            enumerated.LogDensityGradient(points[k % points.Length], g);
            hand.LogDensityGradient(points[k % points.Length], g);
        }
        var a = new double[rounds];
        var b = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            a[r] = Time(enumerated, points, g);
            b[r] = Time(hand, points, g);
        }
        Array.Sort(a);
        Array.Sort(b);
        double ma = a[rounds / 2], mb = b[rounds / 2];
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-28} {1,12:F2} {2,12:F2} {3,12:F2} {4,12:F2} {5,8:F2}", name, a[0], ma, b[0], mb, ma / mb));
        // infer_discrete: one enumerated run (interpreted, not replayed) per kept draw.
        var srng = new Rng(8);
        var sw = Stopwatch.StartNew();
        for (int k = 0; sw.Elapsed.TotalMilliseconds < 500; k++) enumerated.SampleDiscrete(points[k % points.Length], srng); // tiers the JIT up
        sw.Restart();
        int n = 0;
        while (sw.Elapsed.TotalMilliseconds < 200) enumerated.SampleDiscrete(points[n++ % points.Length], srng);
        double perDraw = sw.Elapsed.TotalMilliseconds * 1000 / n;
        sw.Restart();
        n = 0;
        while (sw.Elapsed.TotalMilliseconds < 200) enumerated.LogDensity(points[n++ % points.Length]);
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-28} infer_discrete: {1:F1} µs per draw; an interpreted evaluation: {2:F1} µs", "", perDraw, sw.Elapsed.TotalMilliseconds * 1000 / n));
    }

    // Microseconds per gradient over a batch of evaluations at the given points.
    private static double Time(IDifferentiableDensity density, double[][] points, double[] g)
    {
        var sw = Stopwatch.StartNew();
        int n = 0;
        do
        {
            foreach (var p in points) density.LogDensityGradient(p, g);
            n += points.Length;
        } while (sw.Elapsed.TotalMilliseconds < 20);
        return sw.Elapsed.TotalMilliseconds * 1000 / n;
    }
}
