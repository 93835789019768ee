namespace Probabilistic.Distributions.Multivariate;

/// <summary>ℝᴷ: vectors of K finite reals, with the identity bijector.</summary>
internal sealed class RealVectorSupport(int dimension) : Support
{
    private readonly IdentityVectorBijector _bijector = new(dimension);

    public override string Name => $"real_vector({dimension})";

    public override bool IsDiscrete => false;

    public override int Dimension => dimension;

    public override bool Contains(ReadOnlySpan<double> x)
    {
        if (x.Length != dimension) return false;
        foreach (double v in x)
            if (!double.IsFinite(v)) return false;
        return true;
    }

    public override Bijector Bijector => _bijector;

    private sealed class IdentityVectorBijector(int dimension) : Bijector
    {
        public override int UnconstrainedDimension => dimension;

        public override int ConstrainedDimension => dimension;

        public override Real Forward(ReadOnlySpan<Real> u, Span<Real> x)
        {
            u.CopyTo(x);
            return 0.0;
        }

        public override void Inverse(ReadOnlySpan<double> x, Span<double> u) => x.CopyTo(u);
    }
}
