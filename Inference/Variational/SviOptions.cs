namespace Probabilistic.Inference.Variational;

/// <summary>Options of <see cref="Infer.Svi{T}"/>.</summary>
public sealed record SviOptions
{
    /// <summary>Optimization steps.</summary>
    public int Steps { get; init; } = 1000;

    /// <summary>The seed of the guide's draws.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>The objective to maximize (default: the ELBO with one particle).</summary>
    public Objective Objective { get; init; } = new Elbo();

    /// <summary>
    /// Makes the optimizer, which minimizes: it is given the gradient of the negated objective (default: Adam with
    /// learning rate 0.01, Pyro's common choice for SVI).
    /// </summary>
    public Func<IOptimizer>? Optimizer { get; init; }

    /// <summary>
    /// The parameters to start from and update in place (e.g. a previous fit's, or <see cref="ParameterStore.Load"/>ed);
    /// null for a fresh store whose parameters start at their initial values.
    /// </summary>
    public ParameterStore? Parameters { get; init; }

    /// <summary>
    /// Score the model by interpreting it even when it is <c>[Compiled]</c> and its generated log density applies
    /// (<see cref="VariationalFit.GeneratedDensity"/>): for debugging and for comparing the two. The fits agree up to the
    /// order of the sums in the objective (a few units in the last place per step).
    /// </summary>
    public bool Interpreted { get; init; }
}

/// <summary>What SVI reports after each step: the step done and the objective's estimate at it.</summary>
public readonly record struct SviProgress(int Step, int Total, double Objective);
