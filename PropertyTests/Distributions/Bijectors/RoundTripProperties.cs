using FsCheck.Xunit;
using Probabilistic.Distributions;
using Xunit;

namespace Probabilistic.PropertyTests.Distributions.Bijectors;

/// <summary>
/// Every continuous support's bijector T: T⁻¹(T(u)) = u and T(T⁻¹(x)) = x to 1e-9 relative, T maps
/// into the support, and the support rejects points outside it. The ranges that avoid floating-point
/// saturation are explained in <see cref="BijectorCase"/>.
/// </summary>
public class RoundTripProperties
{
    private const double Relative = 1e-9;

    internal static double[] Forward(Bijector b, ReadOnlySpan<double> u, out double logJ)
    {
        var ur = new Real[u.Length];
        for (int i = 0; i < u.Length; i++) ur[i] = u[i];
        var xr = new Real[b.ConstrainedDimension];
        logJ = b.Forward(ur, xr).Value;
        return xr.Select(v => v.Value).ToArray();
    }

    [Property(MaxTest = 1000, Arbitrary = new[] { typeof(BijectorArbitrary) })]
    public void Inverse_undoes_Forward_and_Forward_lands_in_the_support(UnconstrainedPoint p)
    {
        var b = p.Case.Bijector;
        var x = Forward(b, p.U, out double logJ);
        Assert.True(double.IsFinite(logJ), $"log |det J| = {logJ}");
        Assert.True(p.Case.Support.Contains(x), $"T(u) = ({string.Join(", ", x)}) is not in {p.Case.Support}");
        var u = new double[b.UnconstrainedDimension];
        b.Inverse(x, u);
        // The inverse computes logarithms of ratios, whose absolute error does not grow as u → 0:
        // hence relative to max(|u|, 1).
        for (int i = 0; i < u.Length; i++)
            Assert.True(Math.Abs(u[i] - p.U[i]) <= Relative * Math.Max(1, Math.Abs(p.U[i])), $"u[{i}] = {p.U[i]:R} came back as {u[i]:R}");
    }

    [Property(MaxTest = 1000, Arbitrary = new[] { typeof(BijectorArbitrary) })]
    public void Forward_undoes_Inverse(ConstrainedPoint p)
    {
        var b = p.Case.Bijector;
        Assert.True(p.Case.Support.Contains(p.X), $"the generated point is not in {p.Case.Support}");
        var u = new double[b.UnconstrainedDimension];
        b.Inverse(p.X, u);
        var x = Forward(b, u, out _);
        double scale = p.Case.Scale(p.X);
        for (int i = 0; i < x.Length; i++)
            Assert.True(Math.Abs(x[i] - p.X[i]) <= Relative * Math.Max(Math.Abs(p.X[i]), scale), $"x[{i}] = {p.X[i]:R} came back as {x[i]:R}");
    }

    [Property(MaxTest = 1000, Arbitrary = new[] { typeof(BijectorArbitrary) })]
    public void Points_outside_the_support_are_rejected(ConstrainedPoint p)
    {
        foreach (var y in p.Case.Outside(p.X))
            Assert.False(p.Case.Support.Contains(y), $"({string.Join(", ", y)}) is not in {p.Case.Support}, but Contains accepts it");
    }
}
