namespace Probabilistic.Torch;

/// <summary>Options of vectorized HMC (<c>Infer.TensorHmc</c>).</summary>
public sealed record TensorHmcOptions
{
    /// <summary>The number of chains C (the leading batch dimension).</summary>
    public int Chains { get; init; } = 4;

    /// <summary>Warmup iterations (step-size adaptation); discarded.</summary>
    public int Warmup { get; init; } = 500;

    /// <summary>Draws kept per chain.</summary>
    public int Draws { get; init; } = 500;

    /// <summary>The mean number of leapfrog steps per iteration L (each iteration draws it uniformly from [L/2, 3L/2]).</summary>
    public int LeapfrogSteps { get; init; } = 16;

    /// <summary>The mean acceptance probability dual averaging aims at (Stan's adapt_delta).</summary>
    public double TargetAcceptance { get; init; } = 0.8;

    /// <summary>The step size warmup starts from.</summary>
    public double InitialStepSize { get; init; } = 0.1;

    /// <summary>Initial values are uniform on (−r, r) in the unconstrained space (Stan's init radius).</summary>
    public double InitRadius { get; init; } = 2;

    /// <summary>The run options (seed, plates, device, dtype); <see cref="TensorRunOptions.Particles"/> is set to <see cref="Chains"/>.</summary>
    public TensorRunOptions Run { get; init; } = new();
}
