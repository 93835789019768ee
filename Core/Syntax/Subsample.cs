using Probabilistic.Interpretation;

namespace Probabilistic.Syntax;

/// <summary>
/// <c>Plate(name, size, subsampleSize, body)</c>: when the stack answers it with a minibatch (a
/// <see cref="Interpretation.Handlers.Subsample"/>), runs the body at the minibatch's indices only (each under
/// <c>name/i</c>, i its datum index) under a <see cref="Interpretation.Handlers.Scale"/> of size/subsampleSize, so the
/// minibatch's total is an unbiased estimate of the whole plate's (Hoffman, Blei, Wang, Paisley 2013, "Stochastic
/// variational inference", §2.4; Pyro's <c>plate(subsample_size=…)</c>); otherwise, the whole plate.
/// </summary>
internal sealed class SubsampleNode<T>(Address name, int size, int subsampleSize, Func<int, Model<T>> body) : Model<T[]>
{
    internal override void Run(Machine m)
    {
        var indices = subsampleSize < size ? m.Handler.OnSubsample(name, size, subsampleSize, m) : null;
        if (indices is null)
        {
            m.Node = new CollectNode<T>(name, size, body);
            return;
        }
        var plate = m.Resolve(name);
        if (indices.Count != subsampleSize)
            throw new ModelException($"Plate '{plate}': the subsampler gave {indices.Count} indices for a subsample of {subsampleSize}.", plate);
        foreach (var i in indices)
            if ((uint)i >= (uint)size) throw new ModelException($"Plate '{plate}': the subsampler gave the index {i}, outside [0, {size}).", plate);
        m.Enter(new Interpretation.Handlers.Scale((double)size / subsampleSize, null!), new CollectNode<T>(null, indices.Count, k => new CallNode<T>(name.Child(indices[k]), body(indices[k]) ??
            throw new ModelException($"The body of Plate '{plate}' returned null at index {indices[k]}.", plate.Child(indices[k])))));
    }
}
