namespace Probabilistic;

/// <summary>
/// Chooses the minibatch a subsampled <c>Plate</c> runs (<see cref="Model.Plate{T}(Address, int, int, Func{int, Model{T}})"/>):
/// stochastic variational inference supplies one, so that each step scores a random subset of the data with its
/// scores scaled by size/subsample size; without one (every other algorithm) the plate runs all its indices.
/// </summary>
public interface ISubsampler
{
    /// <summary>
    /// The indices, distinct and in [0, <paramref name="size"/>), that the plate at <paramref name="plate"/> runs now
    /// (<paramref name="subsampleSize"/> of them). Within one objective estimate the same plate must get the same
    /// indices, so that the model and the guide see the same minibatch.
    /// </summary>
    IReadOnlyList<int> Indices(Address plate, int size, int subsampleSize);
}
