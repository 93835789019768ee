namespace Probabilistic.Inference.Particles;

public sealed partial class Population<T> : IParticleFilter<T>
{
    bool IParticleFilter<T>.TrySequentially(Resampler resampler, double essThreshold, CancellationToken cancellationToken, int steps) =>
        TrySequentially(resampler, essThreshold, cancellationToken: cancellationToken, steps: steps);

    int IParticleFilter<T>.Draw(Rng rng) => Draw(rng);

    IParticleFilter<T> IParticleFilter<T>.Clone(ulong seed) => Clone(seed);

    ModelException IParticleFilter<T>.AllImpossible() => AllImpossible();
}
