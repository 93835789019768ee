namespace Probabilistic.Inference.Traced;

/// <summary>Constructors and combinators of MCMC kernels over traces.</summary>
public static class Kernels
{
    /// <summary>MH that resamples the choices in <paramref name="selection"/> from their prior.</summary>
    public static Kernel<T> Regenerate<T>(Selection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        return new RegenerateKernel<T>(selection);
    }

    /// <summary>Single-site MH with prior proposals (one uniformly chosen choice per step).</summary>
    public static Kernel<T> SingleSite<T>() => new SingleSiteKernel<T>();

    /// <summary>MH with a user proposal model built from the current trace.</summary>
    public static Kernel<T> WithProposal<T, TProposal>(Func<Trace<T>, Model<TProposal>> proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return new ProposalKernel<T, TProposal>(proposal);
    }

    /// <summary>Applies the kernels in order (a deterministic scan); accepted when any was.</summary>
    public static Kernel<T> Cycle<T>(params Kernel<T>[] kernels)
    {
        ArgumentNullException.ThrowIfNull(kernels);
        if (kernels.Length == 0) throw new ArgumentException("Cycle: give at least one kernel.", nameof(kernels));
        return new CycleKernel<T>(kernels);
    }

    /// <summary>Applies <paramref name="kernel"/> <paramref name="times"/> times.</summary>
    public static Kernel<T> Repeat<T>(Kernel<T> kernel, int times)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        if (times <= 0) throw new ArgumentOutOfRangeException(nameof(times), times, "Repeat: times must be positive.");
        return new CycleKernel<T>(Enumerable.Repeat(kernel, times).ToArray());
    }

    /// <summary>Applies one kernel chosen at random with the given probabilities (a random scan).</summary>
    public static Kernel<T> Mixture<T>(IReadOnlyList<double> probabilities, IReadOnlyList<Kernel<T>> kernels)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(kernels);
        if (probabilities.Count != kernels.Count || kernels.Count == 0)
            throw new ArgumentException($"Mixture: {probabilities.Count} probabilities for {kernels.Count} kernels.", nameof(probabilities));
        double sum = 0;
        foreach (var p in probabilities)
        {
            if (!(p >= 0)) throw new ArgumentException($"Mixture: probability {p} is not non-negative.", nameof(probabilities));
            sum += p;
        }
        if (Math.Abs(sum - 1) > 1e-9) throw new ArgumentException($"Mixture: probabilities sum to {sum}, not 1.", nameof(probabilities));
        return new MixtureKernel<T>(probabilities.ToArray(), kernels.ToArray());
    }

    private sealed class CycleKernel<T>(Kernel<T>[] kernels) : Kernel<T>
    {
        public override (Trace<T> Trace, bool Accepted) Apply(Trace<T> trace, Rng rng)
        {
            bool any = false;
            foreach (var k in kernels)
            {
                (trace, bool a) = k.Apply(trace, rng);
                any |= a;
            }
            return (trace, any);
        }
    }

    private sealed class MixtureKernel<T>(double[] probabilities, Kernel<T>[] kernels) : Kernel<T>
    {
        public override (Trace<T> Trace, bool Accepted) Apply(Trace<T> trace, Rng rng)
        {
            double u = rng.NextDouble(), c = 0;
            for (int i = 0; i < kernels.Length; i++)
            {
                c += probabilities[i];
                if (u < c || i == kernels.Length - 1) return kernels[i].Apply(trace, rng);
            }
            return (trace, false);
        }
    }
}
