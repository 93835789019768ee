namespace Probabilistic.Inference.Variational;

/// <summary>
/// A first-order optimizer over a flat vector θ ∈ ℝᵈ of unconstrained reals. It <b>minimizes</b>: each
/// <see cref="Step"/> moves θ against the gradient of a loss, as <c>torch.optim</c> does. A variational
/// objective (an ELBO, an IWELBO) is <i>maximized</i>: either pass the negated gradient, or construct the
/// optimizer with <c>maximize: true</c> (PyTorch's <c>maximize=True</c>), which ascends the gradient given.
/// </summary>
/// <remarks>
/// State (moment estimates, momentum buffers) is kept per coordinate, allocated at the first step for that
/// step's length d; every later step must have the same d, or <see cref="Step"/> throws an
/// <see cref="ArgumentException"/> naming both lengths (call <see cref="Reset"/> to start over with another d).
/// A NaN or infinite gradient (or parameter) coordinate is an <see cref="ArgumentException"/> naming the
/// coordinate, thrown before anything is changed; nothing is skipped silently.
/// </remarks>
public interface IOptimizer
{
    /// <summary>
    /// One update θ ← θ − Δ(∇, state), in place. <paramref name="gradient"/> is ∇ loss(θ) (or ∇ objective(θ)
    /// when the optimizer maximizes), of the same length as <paramref name="parameters"/>.
    /// </summary>
    void Step(Span<double> parameters, ReadOnlySpan<double> gradient);

    /// <summary>Steps taken since construction or the last <see cref="Reset"/>; the schedule's step index for the next step.</summary>
    int Steps { get; }

    /// <summary>Forgets all state (moments, buffers, the step count and the vector length).</summary>
    void Reset();
}
