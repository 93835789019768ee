namespace Probabilistic.Distributions.Discrete;

/// <summary>Converts a count drawn as a double to an int, or fails naming the distribution.</summary>
internal static class CountDraw
{
    /// <summary>k as an int; a draw beyond int's range is an <see cref="OverflowException"/> naming the distribution.</summary>
    public static int ToInt(double k, IDistribution<int> distribution) =>
        k <= int.MaxValue ? (int)k : throw new OverflowException($"{distribution.Name}: a draw ({k:R}) exceeds int.MaxValue; values of this distribution are 32-bit integers.");
}
