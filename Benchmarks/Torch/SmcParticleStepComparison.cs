using System.Diagnostics;
using System.Globalization;
using Probabilistic.Examples.Gallery;
using Probabilistic.Inference;
using Probabilistic.Torch;
using TorchSharp;
using static Probabilistic.Model;
using static TorchSharp.torch;

namespace Probabilistic.Benchmarks.Torch;

/// <summary>
/// <c>dotnet run -c Release --project Benchmarks -- smc-tensor [--particles N]</c>: time per particle-step of SMC on the
/// Gaussian HMM of hmm_gauss_T50 (T = 50), vectorized on tensors (<see cref="TensorSmc"/>, particles as a leading
/// dimension) against the scalar backend (<c>Infer.Smc</c>), same particle count, one thread each; the median of 3 runs.
/// </summary>
public static class SmcParticleStepComparison
{
    public static int Run(string[] args)
    {
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(1);
        int particles = 100_000;
        for (int i = 0; i < args.Length; i++)
            if (args[i] == "--particles" && i + 1 < args.Length) particles = int.Parse(args[++i], CultureInfo.InvariantCulture);
        var data = DataFile.Json("hmm_gauss_T50.json");
        var y = data.GetProperty("y").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var p = data.GetProperty("params");
        double s0 = p.GetProperty("s0").GetDouble(), q = p.GetProperty("q").GetDouble(), r = p.GetProperty("r").GetDouble();
        double exact = data.GetProperty("reference").GetProperty("log_marginal_likelihood").GetDouble();
        var tensorModel = TensorHmm(y, s0, q, r);
        var scalarModel = GaussianHmm.Model(y, s0, q, r);
        double steps = (double)particles * y.Length;
        var t = new List<double>();
        var s = new List<double>();
        double tz = 0, sz = 0;
        for (int k = 0; k < 3; k++)
        {
            var clock = Stopwatch.StartNew();
            using (NewDisposeScope()) tz = Infer.TensorSmc(tensorModel, new TensorSmcOptions { Particles = particles, Run = new TensorRunOptions { Seed = (ulong)k + 1 } }).LogEvidence;
            t.Add(clock.Elapsed.TotalSeconds * 1e9 / steps);
            clock.Restart();
            sz = Infer.Smc(scalarModel, new SmcOptions { Particles = particles, Seed = (ulong)k + 1 }).LogEvidence;
            s.Add(clock.Elapsed.TotalSeconds * 1e9 / steps);
        }
        double tm = t.Order().ElementAt(1), sm = s.Order().ElementAt(1);
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
            "{0} particles, T = {1}: tensor {2:F1} ns per particle-step (log Z {3:F3}), scalar {4:F1} ns (log Z {5:F3}), exact {6:F3}; scalar/tensor = {7:F2}",
            particles, y.Length, tm, tz, sm, sz, exact, sm / tm));
        return 0;
    }

    private static Model<Tensor> TensorHmm(double[] y, double s0, double q, double r)
    {
        var zero = tensor(0.0, dtype: ScalarType.Float64).DetachFromDisposeScope();
        var sd0 = tensor(s0, dtype: ScalarType.Float64).DetachFromDisposeScope();
        var sdq = tensor(q, dtype: ScalarType.Float64).DetachFromDisposeScope();
        var sdr = tensor(r, dtype: ScalarType.Float64).DetachFromDisposeScope();
        var ys = y.Select(v => tensor(v, dtype: ScalarType.Float64).DetachFromDisposeScope()).ToArray();
        return Fold("x", y.Length, zero, (prev, t) =>
            from x in Sample("x", TensorDist.Normal(t == 0 ? zero : prev, t == 0 ? sd0 : sdq))
            from _ in TensorModel.Observe(TensorDist.Normal(x, sdr), ys[t])
            select x);
    }
}
