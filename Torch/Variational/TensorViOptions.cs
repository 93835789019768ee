using Probabilistic.Inference.Variational;
using TorchSharp;
using static TorchSharp.torch;

namespace Probabilistic.Torch;

/// <summary>Options of tensor variational inference (<c>Infer.TensorSvi</c>).</summary>
public sealed record TensorViOptions
{
    /// <summary>Optimization steps.</summary>
    public int Steps { get; init; } = 1000;

    /// <summary>Seed of the draws and minibatches.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>The objective (the same values as the scalar backend's: <see cref="Elbo"/>, <see cref="Iwelbo"/>, …).</summary>
    public Objective Objective { get; init; } = new Elbo();

    /// <summary>Builds the TorchSharp optimizer over the learnable leaves; default Adam with learning rate 0.01.</summary>
    public Func<IEnumerable<TorchSharp.Modules.Parameter>, optim.Optimizer>? Optimizer { get; init; }

    /// <summary>Builds a learning-rate schedule on the optimizer, stepped once per step (e.g. <c>o => optim.lr_scheduler.ExponentialLR(o, 0.999)</c>); null for none.</summary>
    public Func<optim.Optimizer, optim.lr_scheduler.LRScheduler>? Schedule { get; init; }

    /// <summary>Keep one objective per element of the outermost plate (per data point; see <see cref="TensorRunOptions.KeepLeadingDimension"/>).</summary>
    public bool PerDatum { get; init; }

    /// <summary>How many batch dimensions plates use (see <see cref="TensorRunOptions.MaxPlateNesting"/>).</summary>
    public int MaxPlateNesting { get; init; }

    /// <summary>The device of the tensors the runs make.</summary>
    public Device Device { get; init; } = Device.Cpu;

    /// <summary>The floating-point type of the log densities.</summary>
    public ScalarType DType { get; init; } = ScalarType.Float64;

    /// <summary>
    /// Check distribution arguments (finite, positive, …) at every step; by default only the first step is checked (a
    /// model error surfaces there, with its message), and later steps rely on the objective's finiteness check — the
    /// checks read values back from the device and cost several times a small network's step (see the vae-step benchmark).
    /// </summary>
    public bool CheckArgumentsEveryStep { get; init; }

    /// <summary>An existing parameter store to continue from; null for a new one.</summary>
    public TensorParameterStore? Parameters { get; init; }
}
