namespace Probabilistic.Inference.Traced;

/// <summary>
/// An MCMC kernel over traces: a Markov transition that leaves the model's posterior invariant,
/// written on the generative function interface only (Gen's programmable MCMC: Cusumano-Towner et
/// al., PLDI 2019, §3). Kernels compose with <see cref="Kernels.Cycle{T}"/>, <see cref="Kernels.Repeat{T}"/>
/// and <see cref="Kernels.Mixture{T}"/>.
/// </summary>
public abstract class Kernel<T>
{
    /// <summary>One transition from <paramref name="trace"/>; returns the next trace and whether a proposal was accepted.</summary>
    public abstract (Trace<T> Trace, bool Accepted) Apply(Trace<T> trace, Rng rng);

    /// <summary>Accepts with probability min(1, exp(<paramref name="logAlpha"/>)); NaN is an error naming the kernel.</summary>
    private protected bool Accept(double logAlpha, Rng rng) =>
        MarkovChain.Accept(logAlpha, rng, GetType().Name, "a proposal from a trace of probability 0?");
}
