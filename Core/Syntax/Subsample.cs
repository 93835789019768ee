using Probabilistic.Interpretation;

namespace Probabilistic.Syntax;

/// <summary>
/// <c>Plate(name, size, subsampleSize, body)</c>: with a subsampler in force, runs the body at the minibatch's indices
/// only (each under <c>name/i</c>, i its datum index) with every score inside scaled by size/subsampleSize, so the
/// minibatch's total is an unbiased estimate of the whole plate's (Hoffman, Blei, Wang, Paisley 2013, "Stochastic
/// variational inference", §2.4; Pyro's <c>plate(subsample_size=…)</c>); without one, the whole plate.
/// </summary>
internal sealed class SubsampleNode<T>(Address name, int size, int subsampleSize, Func<int, Model<T>> body) : Model<T[]>
{
    internal override void Run(Machine m)
    {
        if (m.Subsampler is null || subsampleSize >= size)
        {
            m.Node = new CollectNode<T>(name, size, body);
            return;
        }
        var plate = m.Resolve(name);
        var indices = m.Subsampler.Indices(plate, size, subsampleSize);
        if (indices.Count != subsampleSize)
            throw new ModelException($"Plate '{plate}': the subsampler gave {indices.Count} indices for a subsample of {subsampleSize}.", plate);
        foreach (var i in indices)
            if ((uint)i >= (uint)size) throw new ModelException($"Plate '{plate}': the subsampler gave the index {i}, outside [0, {size}).", plate);
        m.Push(new RestoreScaleFrame(m.Scale, m.Stack));
        m.Scale *= (double)size / subsampleSize;
        m.Node = new CollectNode<T>(null, indices.Count, k => new CallNode<T>(name.Child(indices[k]), body(indices[k]) ??
            throw new ModelException($"The body of Plate '{plate}' returned null at index {indices[k]}.", plate.Child(indices[k]))));
    }

    /// <summary>Restores the enclosing score scale when the minibatch's values return.</summary>
    private sealed class RestoreScaleFrame(double previous, Frame? next) : Frame<T[]>(next)
    {
        public override void Resume(T[] value, Machine m)
        {
            m.Scale = previous;
            m.Return(value);
        }
    }
}
