using Probabilistic.Inference.Traced;

namespace Probabilistic.Inference;

public static partial class Infer
{
    /// <summary>
    /// A Metropolis–Hastings chain of trace kernels: starts from a prior trace of positive probability,
    /// discards <see cref="MhOptions.BurnIn"/> transitions and keeps every <see cref="MhOptions.Thin"/>-th of
    /// the next ones. The kernel defaults to single-site MH with prior proposals (Wingate et al. 2011).
    /// </summary>
    public static MhChain<T> Mh<T>(Model<T> model, MhOptions? options = null, Kernel<T>? kernel = null,
        IProgress<MhProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var o = options ?? new MhOptions();
        if (o.Samples <= 0) throw new ArgumentOutOfRangeException(nameof(options), o.Samples, "Mh: Samples must be positive.");
        if (o.BurnIn < 0) throw new ArgumentOutOfRangeException(nameof(options), o.BurnIn, "Mh: BurnIn must be non-negative.");
        if (o.Thin <= 0) throw new ArgumentOutOfRangeException(nameof(options), o.Thin, "Mh: Thin must be positive.");
        var k = kernel ?? Kernels.SingleSite<T>();
        var rng = new Rng(o.Seed);
        var (kept, accepted, total) = MarkovChain.Run(InitialTrace(model, rng, o.InitAttempts), t => k.Apply(t, rng), t => t, o.BurnIn, o.Samples, o.Thin,
            progress is null ? null : (it, total, accepted, _) =>
            {
                if (it % 100 == 0 || it == total) progress.Report(new MhProgress(it, total, (double)accepted / it));
            }, cancellationToken);
        return new MhChain<T>(kept, (double)accepted / total);
    }

    internal static Trace<T> InitialTrace<T>(Model<T> model, Rng rng, int attempts)
    {
        for (int i = 0; i < attempts; i++)
        {
            var t = model.Simulate(rng);
            if (double.IsFinite(t.LogJoint)) return t;
        }
        throw new ModelException($"Mh: no trace of positive probability in {attempts} draws from the prior; the observations may be impossible, or give a better start.");
    }
}
