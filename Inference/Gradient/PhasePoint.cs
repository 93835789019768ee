namespace Probabilistic.Inference;

/// <summary>A point of phase space: position q (unconstrained θ), momentum p, and log p(q) with its gradient.</summary>
internal sealed class PhasePoint(int dimension)
{
    public readonly double[] Q = new double[dimension];
    public readonly double[] P = new double[dimension];
    public readonly double[] Gradient = new double[dimension];
    public double LogDensity;

    public void CopyFrom(PhasePoint other)
    {
        other.Q.AsSpan().CopyTo(Q);
        other.P.AsSpan().CopyTo(P);
        other.Gradient.AsSpan().CopyTo(Gradient);
        LogDensity = other.LogDensity;
    }
}
