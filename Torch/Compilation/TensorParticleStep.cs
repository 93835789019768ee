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
    /// (a per-particle tensor, as the interpreter's tensor handler makes them), else <paramref name="value"/> itself: a value
    /// shared by all particles and broadcast, such as a fold's initial state. A value computed from the particles without
    /// the particle dimension (a reduction over them) is indistinguishable from a shared one and is kept as it is, where
    /// re-execution would recompute it: keep the particle dimension first in values read after an observation.
    /// </summary>
    /// <param name="value">The state's tensor.</param>
    /// <param name="ancestors">The [N] ancestor indices.</param>
    /// <param name="model">The compiled model's name, for the message.</param>
    /// <param name="name">The value's name in the model, for the message.</param>
    /// <exception cref="ModelException">The particle dimension is not first but later (a transposed per-particle value):
    /// the compiled filter cannot resample it row by row.</exception>
    public static Tensor Resample(Tensor value, Tensor ancestors, string model, string name)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(ancestors);
        long n = ancestors.shape[0];
        if (value.dim() > 0 && value.shape[0] == n) return value.index_select(0, ancestors);
        if (value.shape.Skip(1).Contains(n))
            throw new ModelException($"TensorSmc ({model}, compiled): '{name}' has shape [{string.Join(", ", value.shape)}]: the particle dimension ({n}) " +
                "is not first, so it cannot be resampled row by row; keep the particle dimension first in values read after an observation, " +
                "or run with TensorSmcOptions.Interpreted = true (re-execution recomputes them).");
        return value;
    }

    /// <summary>Releases the step's generator.</summary>
    public void Dispose() => _handler.Dispose();
}
