using Probabilistic.Interpretation;
using TorchSharp;
using static TorchSharp.torch;

namespace Probabilistic.Torch;

/// <summary>
/// <c>Observe(dist, value)</c> for a tensor distribution: under a tensor interpretation its log density stays a tensor;
/// under a scalar one (Core's Simulate, importance sampling, …) it is scored by its sum as a number.
/// </summary>
internal sealed class TensorObserveNode(TensorDistribution dist, Tensor value, Address? local) : Model<Unit>
{
    internal override void Run(Machine m)
    {
        var address = local is null ? null : m.Resolve(local);
        bool go = m.Handler.Find<TensorHandler>() is { } h
            ? h.Observe(address, dist, value)
            : m.Handler.OnScore(((IDistribution<Tensor>)dist).LogProb(value), address, isObservation: true);
        if (go) m.Return(Unit.Value);
        else m.Suspend(new Syntax.Pure<Unit>(Unit.Value));
    }
}

/// <summary><c>Factor(logWeight)</c> for a tensor log weight (reduced as an observation is).</summary>
internal sealed class TensorFactorNode(Tensor logWeight) : Model<Unit>
{
    internal override void Run(Machine m)
    {
        bool go;
        if (m.Handler.Find<TensorHandler>() is { } h) go = h.Factor(logWeight, null);
        else
        {
            using var _ = no_grad();
            go = m.Handler.OnScore(logWeight.sum().ToDouble(), null, isObservation: false);
        }
        if (go) m.Return(Unit.Value);
        else m.Suspend(new Syntax.Pure<Unit>(Unit.Value));
    }
}

/// <summary><c>Param(address, init, constraint)</c> for a tensor: read from the run's <see cref="TensorParameterStore"/>.</summary>
internal sealed class TensorParamNode(Address local, Tensor init, TensorConstraint constraint) : Model<Tensor>
{
    internal override void Run(Machine m) =>
        m.Return(m.Handler.Find<TensorHandler>() is { Options.Parameters: { } store } ? store.Get(m.Resolve(local), init, constraint) : init);
}

/// <summary><c>Module(address, module)</c>: registers a torch.nn.Module's parameters in the run's store and returns it.</summary>
internal sealed class ModuleNode<TModule>(Address local, TModule module) : Model<TModule> where TModule : nn.Module
{
    internal override void Run(Machine m) =>
        m.Return(m.Handler.Find<TensorHandler>() is { Options.Parameters: { } store } ? store.Register(m.Resolve(local), module) : module);
}

/// <summary>
/// <c>Plate(name, size, body, subsample)</c>: a vectorized plate over a tensor dimension (Pyro's <c>plate</c>). The body
/// gets the indices (all, or a random subsample of B without replacement); inside it, log densities are multiplied by
/// N/B by a <see cref="Interpretation.Handlers.Scale"/> in the stack (the same mechanism as Core's subsampled plates), so
/// the log-likelihood is an unbiased estimate of the full one (Hoffman et al. 2013, stochastic VI).
/// </summary>
internal sealed class TensorPlateNode<T>(Address name, long size, long? subsample, Func<Tensor, Model<T>> body) : Model<T>
{
    internal override void Run(Machine m)
    {
        if (m.Handler.Find<TensorHandler>() is not { } h)
        {
            if (subsample is not null && subsample != size)
                throw new ModelException($"Plate '{name}': subsampling needs a tensor interpretation (TensorRun or a vectorized algorithm).", name);
            m.Node = body(arange(size, dtype: ScalarType.Int64)) ?? throw new ModelException($"Plate '{name}': the body returned null.", name);
            return;
        }
        var device = h.Options.Device.ToTorch();
        long b = subsample ?? size;
        var indices = b == size ? arange(size, dtype: ScalarType.Int64, device: device)
            : Subsample(h, m.Resolve(name), size, b, device);
        h.Machine ??= m;
        var inner = body(indices) ?? throw new ModelException($"Plate '{name}': the body returned null.", name);
        if (b == size) m.Node = inner;
        else m.Enter(new Interpretation.Handlers.Scale((double)size / b, null!), inner);
    }

    /// <summary>b of the size indices without replacement: from the run's generator, or from <see cref="TensorRunOptions.SubsampleSeed"/> and the plate's address.</summary>
    private static Tensor Subsample(TensorHandler h, Address plate, long size, long b, TorchSharp.torch.Device device)
    {
        if (h.Options.SubsampleSeed is not ulong seed)
            return randperm(size, generator: h.Generator, dtype: ScalarType.Int64, device: device)[..(int)b];
        ulong hash = 14695981039346656037UL; // FNV-1a of the address text: stable across processes (string hashes are not)
        foreach (char c in plate.ToString()) hash = (hash ^ c) * 1099511628211UL;
        using var g = new TorchSharp.torch.Generator(seed ^ hash, device);
        return randperm(size, generator: g, dtype: ScalarType.Int64, device: device)[..(int)b];
    }
}
