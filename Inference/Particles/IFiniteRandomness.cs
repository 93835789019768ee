namespace Probabilistic.Inference.Particles;

/// <summary>
/// A source of random draws with finitely many outcomes each, which a population can take its randomness from
/// instead of its seed's streams (a scripted stepper: <c>Stepper.Scripted</c>): every draw is an index chosen with
/// given probabilities. A source that answers from a script lets a caller enumerate every outcome of an
/// algorithm with its probability, which is how the exact distribution-preservation properties check SMC
/// (as monad-bayes checks its transformers: Ścibior, Kammar &amp; Ghahramani, ICFP 2018, §6).
/// </summary>
internal interface IFiniteRandomness
{
    /// <summary>
    /// An index k drawn with probability <paramref name="probabilities"/>[k] (non-negative, summing to 1 up to
    /// rounding); an index of probability 0 is never returned.
    /// </summary>
    int Choose(ReadOnlySpan<double> probabilities);
}
