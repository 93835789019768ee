namespace Probabilistic;

/// <summary>
/// The complete state of an <see cref="Rng"/>: xoshiro256**'s four words and the spare normal draw Marsaglia's polar
/// method keeps (<see cref="Rng.NextGaussian"/>). <see cref="Rng.FromState"/> restores it, so a checkpointed sampler
/// resumes the very stream it was drawing from.
/// </summary>
/// <param name="S0">The first state word.</param>
/// <param name="S1">The second state word.</param>
/// <param name="S2">The third state word.</param>
/// <param name="S3">The fourth state word.</param>
/// <param name="SpareGaussian">The kept second normal draw (meaningful when <paramref name="HasSpare"/>).</param>
/// <param name="HasSpare">Whether the next <see cref="Rng.NextGaussian"/> returns <paramref name="SpareGaussian"/>.</param>
public readonly record struct RngState(ulong S0, ulong S1, ulong S2, ulong S3, double SpareGaussian, bool HasSpare);
