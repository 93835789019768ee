using static TorchSharp.torch;

namespace Probabilistic.Torch;

/// <summary>How a tensor model is run by <see cref="TensorRun"/> (and the vectorized algorithms built on it).</summary>
public sealed record TensorRunOptions
{
    /// <summary>Seed of the run's torch generator (draws, plate subsamples).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>
    /// When true, choices whose distribution has a reparameterized sampler are drawn with <c>rsample</c>, so gradients
    /// flow from the values to the parameters (a variational guide's draw); otherwise values carry no gradient.
    /// </summary>
    public bool Reparameterize { get; init; }

    /// <summary>
    /// Particles (or chains) as a leading batch dimension of size N; null for a single execution. Choices drawn outside
    /// that dimension get shape <c>[N] ++ [1]*k ++ batch ++ event</c> (k = <see cref="MaxPlateNesting"/>), as Pyro's
    /// <c>vectorize_particles</c> does, and each log density is reduced to one value per particle.
    /// </summary>
    public int? Particles { get; init; }

    /// <summary>
    /// When set, the seed of subsampled plates' index draws (combined with each plate's address), instead of the run's
    /// generator: runs that share it use the same minibatch (a guide and the model scored at its draw, within one SVI step).
    /// </summary>
    public ulong? SubsampleSeed { get; init; }

    /// <summary>
    /// When true (and without particles), each log density is reduced over all but its leading dimension — one value
    /// per element of the outermost plate, e.g. per data point — instead of to a scalar; a log density with no dimension
    /// is an error naming its address (it cannot be attributed to one element).
    /// </summary>
    public bool KeepLeadingDimension { get; init; }

    /// <summary>How many batch dimensions plates use (to the right of the particle dimension); 0 for a model without plates.</summary>
    public int MaxPlateNesting { get; init; }

    /// <summary>Where learnable parameters (<see cref="TensorModel.Param"/>, <see cref="TensorModel.Module"/>) live; null: their initial values.</summary>
    public TensorParameterStore? Parameters { get; init; }

    /// <summary>
    /// When true (the default), each distribution's parameter values are checked at first use and an invalid one is an
    /// error naming the address. Gradient MCMC turns this off: a trajectory that leaves the support (a scale that
    /// underflows to 0) then gets a NaN or −∞ density, and its proposal is rejected.
    /// </summary>
    public bool ValidateParameters { get; init; } = true;

    /// <summary>The device of the tensors the run makes itself (plate indices, log-density accumulators).</summary>
    public Device Device { get; init; } = Device.Cpu;

    /// <summary>The floating-point type of the log-density accumulators (float64 or float32).</summary>
    public ScalarType DType { get; init; } = ScalarType.Float64;
}
