namespace Probabilistic.Compilation;

/// <summary>
/// The generated reverse-mode gradient of a <see cref="ICompiledDensity"/> over <c>double</c> (issue #16, "Generated
/// gradients"): a forward pass over <c>double</c> locals and a reverse pass with adjoints as locals — no tape (Griewank &amp;
/// Walther, "Evaluating Derivatives", 2nd ed., §3.2). The generator implements it on the density class of a model whose
/// every operation it can differentiate (arithmetic, <c>RealMath.Exp/Log/Sqrt/Pow</c>, Normal and positive-support
/// families, Plate, maps over arrays, Fold); other models keep the compiled tape. Same coordinates and value as
/// <see cref="ICompiledDensity.LogDensity"/>; the gradient equals the tape's up to the order of its sums. An instance is
/// not thread-safe (it keeps a workspace, and the sum of its terms over data after its first call, as the compiled tape
/// keeps its constants): use <see cref="ForThread"/> for each further thread.
/// </summary>
public interface ICompiledGradient
{
    /// <summary>
    /// log p(T(θ)) + log |det J_T(θ)| and its gradient with respect to θ, when the value is finite and every parameter is
    /// in its domain; false otherwise (a rejected parameter, an observation of density zero, a NaN factor), leaving the
    /// value and its message to the taped density, which reports them.
    /// </summary>
    /// <param name="theta">The unconstrained coordinates, as many as <see cref="ICompiledDensity.Addresses"/>.</param>
    /// <param name="gradient">Receives ∂/∂θ (same length as <paramref name="theta"/>); unspecified when false is returned.</param>
    /// <param name="logDensity">The value; −∞ when false is returned.</param>
    /// <exception cref="ArgumentException">The lengths of θ or the gradient buffer are not the density's.</exception>
    bool TryLogDensityGradient(ReadOnlySpan<double> theta, Span<double> gradient, out double logDensity);

    /// <summary>
    /// The same gradient with its own workspace, for another thread: <see cref="TryLogDensityGradient"/> reuses arrays
    /// that the instance owns (it allocates nothing per call after the first), so one instance serves one thread at a time.
    /// </summary>
    ICompiledGradient ForThread();
}
