using static TorchSharp.torch;

namespace Probabilistic.Torch.Compilation;

/// <summary>
/// What a generated tensor particle program (<see cref="ITensorParticleState.Advance"/>) draws and scores through, for
/// one SMC step: the step's torch generator (seeded as the interpreter seeds the step's run, so a compiled and an
/// interpreted filter with the same seed draw the same values), the particle dimension, and the run's options. Each call
/// does what the interpreter's tensor handler does for the same primitive. Made by <c>Infer.TensorSmc</c>; generated code
/// only calls it.
/// </summary>
public sealed class TensorParticleStep : IDisposable
{
    private readonly TensorHandler _handler;
    private readonly List<(Address Address, Tensor Value)> _draws = [];

    /// <param name="run">The step's run options: the seed of its generator, the particles N, plates, device, dtype.</param>
    internal TensorParticleStep(TensorRunOptions run) => _handler = new TensorHandler(run, null);

    /// <summary>The choices drawn in this step, in program order.</summary>
    internal IReadOnlyList<(Address Address, Tensor Value)> Draws => _draws;

    /// <summary>
    /// <c>Sample(address, distribution)</c>: draws the choice for every particle (the distribution expanded to
    /// <c>[N] ++ …</c> as the interpreter expands it) from the step's generator.
    /// </summary>
    /// <exception cref="ModelException">The distribution is not a tensor distribution, or its parameters are invalid (named by the address).</exception>
    public Tensor Sample(Address address, IDistribution<Tensor> distribution)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(distribution);
        if (distribution is not TensorDistribution d)
            throw new ModelException($"The choice at '{address}' has a scalar distribution ({distribution}); a vectorized run needs a tensor distribution there.", address);
        var value = _handler.DrawNew(d, address);
        _draws.Add((address, value));
        return value;
    }

    /// <summary><c>TensorModel.Observe([address,] distribution, value)</c>: the observation's log density, one value per particle (<c>[N]</c>).</summary>
    public Tensor Observe(Address? address, TensorDistribution distribution, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        ArgumentNullException.ThrowIfNull(value);
        _handler.Increment = null;
        _handler.Observe(address, distribution, value);
        return _handler.Increment!;
    }

    /// <summary><c>TensorModel.Factor(logWeight)</c>: the log weight reduced to one value per particle (<c>[N]</c>).</summary>
    public Tensor Factor(Tensor logWeight)
    {
        ArgumentNullException.ThrowIfNull(logWeight);
        _handler.Increment = null;
        _handler.Factor(logWeight, null);
        return _handler.Increment!;
    }

    /// <summary>
    /// <paramref name="value"/>'s rows <paramref name="ancestors"/> when its leading dimension is the particle dimension
    /// (the interpreter's convention for a per-particle tensor), else <paramref name="value"/> itself (shared by all particles).
    /// </summary>
    public static Tensor Resample(Tensor value, Tensor ancestors)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(ancestors);
        return value.dim() > 0 && value.shape[0] == ancestors.shape[0] ? value.index_select(0, ancestors) : value;
    }

    /// <summary>Releases the step's generator.</summary>
    public void Dispose() => _handler.Dispose();
}
