using TorchSharp;
using static TorchSharp.torch;

namespace Probabilistic.Torch;

/// <summary>
/// The tensor side of the model DSL, used with <c>using static Probabilistic.Model;</c> and
/// <c>using static Probabilistic.Torch.TensorModel;</c>: <c>Sample(address, TensorDist.Normal(…))</c> (Core's own
/// <c>Sample</c>) returns a tensor; these add tensor observations and factors, vectorized plates, and learnable
/// tensors and modules. Run such models with <see cref="TensorRun"/> or the vectorized algorithms.
/// </summary>
public static class TensorModel
{
    /// <summary>Scores the tensor <paramref name="value"/> under <paramref name="distribution"/> (its log densities summed, or per particle).</summary>
    public static Model<Unit> Observe(TensorDistribution distribution, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        ArgumentNullException.ThrowIfNull(value);
        return new TensorObserveNode(distribution, value, null);
    }

    /// <summary>As <see cref="Observe(TensorDistribution, Tensor)"/>, naming the observation <paramref name="address"/>.</summary>
    public static Model<Unit> Observe(Address address, TensorDistribution distribution, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(distribution);
        ArgumentNullException.ThrowIfNull(value);
        return new TensorObserveNode(distribution, value, address);
    }

    /// <summary>Multiplies the weight by exp(<paramref name="logWeight"/>) (summed, or per particle with a leading particle dimension).</summary>
    public static Model<Unit> Factor(Tensor logWeight)
    {
        ArgumentNullException.ThrowIfNull(logWeight);
        return new TensorFactorNode(logWeight);
    }

    /// <summary>
    /// A learnable tensor named <paramref name="address"/> (Pyro's <c>pyro.param</c>): the run's
    /// <see cref="TensorParameterStore"/> creates it from <paramref name="init"/> on first use and keeps it inside
    /// <paramref name="constraint"/>; without a store it is <paramref name="init"/>.
    /// </summary>
    public static Model<Tensor> Param(Address address, Tensor init, TensorConstraint constraint = TensorConstraint.Real)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(init);
        if (address.IsRoot) throw new ArgumentException("Param: the address must not be empty.", nameof(address));
        return new TensorParamNode(address, init, constraint);
    }

    /// <summary>A whole <c>torch.nn.Module</c> (a neural guide or decoder) whose parameters the run's store learns (Pyro's <c>pyro.module</c>).</summary>
    public static Model<TModule> Module<TModule>(Address address, TModule module) where TModule : nn.Module
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(module);
        if (address.IsRoot) throw new ArgumentException("Module: the address must not be empty.", nameof(address));
        return new ModuleNode<TModule>(address, module);
    }

    /// <summary>
    /// A vectorized plate of <paramref name="size"/> conditionally independent elements along a tensor dimension (Pyro's
    /// <c>plate</c>): <paramref name="body"/> gets the int64 indices in use — all of them, or <paramref name="subsample"/>
    /// drawn without replacement — and every log density inside is multiplied by size / subsample.
    /// </summary>
    public static Model<T> Plate<T>(Address name, long size, Func<Tensor, Model<T>> body, long? subsample = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(body);
        if (size <= 0) throw new ArgumentOutOfRangeException(nameof(size), size, $"Plate '{name}': the size must be positive.");
        if (subsample is <= 0 || subsample > size)
            throw new ArgumentOutOfRangeException(nameof(subsample), subsample, $"Plate '{name}': the subsample size must be between 1 and the plate size {size}.");
        return new TensorPlateNode<T>(name, size, subsample, body);
    }
}
