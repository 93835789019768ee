namespace Probabilistic.Distributions.Multivariate;

/// <summary>
/// The non-negative integer vectors of length K that sum to n: the values of a multinomial with n
/// trials over K categories. Discrete, so it has no bijector.
/// </summary>
internal sealed class CountVectorSupport(int total, int length) : Support
{
    public override string Name => $"count_vector(total={total}, length={length})";

    public override bool IsDiscrete => true;

    public override int Dimension => length;

    public override bool Contains(ReadOnlySpan<double> x)
    {
        if (x.Length != length) return false;
        double sum = 0;
        foreach (double c in x)
        {
            if (!(c >= 0) || Math.Floor(c) != c) return false;
            sum += c;
        }
        return sum == total;
    }
}
