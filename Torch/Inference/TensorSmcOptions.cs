namespace Probabilistic.Torch;

/// <summary>Options of vectorized SMC (<c>Infer.TensorSmc</c>).</summary>
public sealed record TensorSmcOptions
{
    /// <summary>The number of particles N (the leading batch dimension).</summary>
    public int Particles { get; init; } = 1000;

    /// <summary>Resample when the ESS falls below this fraction of N (1: after every observation); 0.5 as the scalar <c>Smc</c>.</summary>
    public double EssThreshold { get; init; } = 0.5;

    /// <summary>
    /// When true, the filter re-executes the model with the interpreter even when it has a compiled tensor particle
    /// program (a <c>[Compiled]</c> tensor model): for debugging and for the differential tests. Both give the same
    /// particles, weights and evidence for a seed.
    /// </summary>
    public bool Interpreted { get; init; }

    /// <summary>The run options (seed, plates, device, dtype); <see cref="TensorRunOptions.Particles"/> is set from <see cref="Particles"/>.</summary>
    public TensorRunOptions Run { get; init; } = new();
}
