using TorchSharp;
using static TorchSharp.torch;

namespace Probabilistic.Torch;

/// <summary>Options of <see cref="TensorSmc"/>.</summary>
public sealed record TensorSmcOptions
{
    /// <summary>The number of particles N (the leading batch dimension).</summary>
    public int Particles { get; init; } = 1000;

    /// <summary>Resample when the ESS falls below this fraction of N (1: after every observation); 0.5 as the scalar <c>Smc</c>.</summary>
    public double EssThreshold { get; init; } = 0.5;

    /// <summary>The run options (seed, plates, device, dtype); <see cref="TensorRunOptions.Particles"/> is set from <see cref="Particles"/>.</summary>
    public TensorRunOptions Run { get; init; } = new();
}

/// <summary>
/// Vectorized sequential Monte Carlo (a bootstrap particle filter; Gordon, Salmond and Smith 1993) for models whose
/// structure is static: particles are a leading batch dimension. Step t re-runs the program with the choices made so
/// far replayed (unscored) from the resampled particle values, draws the choices up to observation t from the prior and
/// weighs by it (re-execution, as in Wood, van de Meent and Mansinghka 2014, so no model state needs re-indexing: every
/// state is a function of the choices). Cost per step grows with t (O(T²) program steps, O(T) tensor draws).
/// log Ẑ = Σ over resampling epochs of logsumexp(log w) − log N; its standard error from the genealogy (Lee and
/// Whiteley 2018), as the scalar <c>Population</c> does. Each step runs in a dispose scope.
/// </summary>
public static class TensorSmc
{
    /// <summary>Runs the filter over every observation of <paramref name="model"/>.</summary>
    public static TensorWeightedSample Run<T>(Model<T> model, TensorSmcOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var o = options ?? new TensorSmcOptions();
        int n = o.Particles;
        if (n < 2) throw new ArgumentOutOfRangeException(nameof(options), n, "TensorSmc: at least 2 particles are needed.");
        if (!(o.EssThreshold is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(options), o.EssThreshold, "TensorSmc: EssThreshold must lie in [0, 1].");
        TorchRuntime.EnsureLoaded();
        var run = o.Run with { Particles = n };
        var device = run.Device.ToTorch();
        using var generator = new torch.Generator(run.Seed ^ 0x5DEECE66DUL, device);
        var state = new Dictionary<Address, Tensor>();
        var logW = zeros(n, dtype: run.DType, device: device).DetachFromDisposeScope();
        var eves = arange(n, dtype: ScalarType.Int64, device: device).DetachFromDisposeScope();
        double logZ = 0;
        int resamplings = 0;
        using var noGrad = no_grad();
        for (int t = 0; ; t++)
        {
            using var scope = NewDisposeScope();
            using var h = TensorRun.Step(model, state, skip: t, stopAfter: t, run with { Seed = run.Seed + (ulong)t * 0x9E3779B97F4A7C15UL });
            foreach (var (a, v) in h.Values)
                if (!state.ContainsKey(a)) state[a] = v.DetachFromDisposeScope();
            if (h.Increment is null) break;
            Replace(ref logW, logW + h.Increment);
            double max = logW.max().ToDouble();
            if (double.IsNegativeInfinity(max)) throw new InvalidOperationException($"TensorSmc: every particle has weight 0 after observation {t}.");
            if (!h.Stopped) continue;
            double ess = 1.0 / logW.softmax(0).square().sum().ToDouble();
            if (o.EssThreshold < 1 && ess >= o.EssThreshold * n) continue;
            logZ += (logW.logsumexp(0) - Math.Log(n)).ToDouble();
            var ancestors = Systematic(logW, generator);
            foreach (var a in state.Keys.ToArray())
            {
                var old = state[a];
                state[a] = old.index_select(0, ancestors).DetachFromDisposeScope();
                old.Dispose();
            }
            Replace(ref eves, eves.index_select(0, ancestors));
            Replace(ref logW, zeros_like(logW));
            resamplings++;
        }
        double[] hostLogW;
        int[] hostEves;
        using (NewDisposeScope())
        {
            logZ += (logW.logsumexp(0) - Math.Log(n)).ToDouble();
            hostLogW = logW.to_type(ScalarType.Float64).cpu().data<double>().ToArray();
            hostEves = eves.to_type(ScalarType.Int32).cpu().data<int>().ToArray();
        }
        // The genealogy (Lee–Whiteley) standard error: the scalar backend's building block on the host copies of the final
        // log weights and Eve indices. Systematic resampling is outside the estimator's derivation: marked approximate.
        double se = Probabilistic.Inference.Particles.LogEvidenceError.LogStandardError(
            Probabilistic.Inference.Particles.LogEvidenceError.LeeWhiteleyRelativeVariance(hostLogW, hostEves, resamplings));
        var kind = resamplings == 0 ? Probabilistic.Inference.Particles.LogEvidenceErrorKind.Genealogy
            : Probabilistic.Inference.Particles.LogEvidenceErrorKind.GenealogyApproximate;
        eves.Dispose();
        return new TensorWeightedSample(state, logW, logZ, se) { LogEvidenceStandardErrorKind = kind };
    }

    /// <summary>Systematic resampling (Kitagawa 1996): one uniform u, points (i + u)/N located in the weights' CDF.</summary>
    internal static Tensor Systematic(Tensor logW, torch.Generator generator)
    {
        long n = logW.shape[0];
        var cdf = logW.softmax(0).cumsum(0);
        var u = (arange(n, dtype: cdf.dtype, device: cdf.device) + rand(1, dtype: cdf.dtype, device: cdf.device, generator: generator)) / n;
        return searchsorted(cdf, u).clamp_max(n - 1);
    }

    private static void Replace(ref Tensor owned, Tensor next)
    {
        var old = owned;
        owned = next.DetachFromDisposeScope();
        old.Dispose();
    }
}
