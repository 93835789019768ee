namespace Probabilistic.Interpretation.Handlers;

/// <summary>
/// Answers subsampled plates with the minibatch <paramref name="subsampler"/> chooses (stochastic variational
/// inference's); without one in the stack a subsampled plate runs every index.
/// </summary>
internal sealed class Subsample(ISubsampler subsampler, Handler next) : ForwardingHandler(next)
{
    /// <inheritdoc />
    public override Rng? PriorRng => Next.PriorRng;

    /// <inheritdoc />
    public override IReadOnlyList<int>? OnSubsample(Address local, int size, int subsampleSize, Machine m) =>
        subsampler.Indices(m.Resolve(local), size, subsampleSize);
}
