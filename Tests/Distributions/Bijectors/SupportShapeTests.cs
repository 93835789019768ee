using Probabilistic.Distributions;
using Xunit;

namespace Probabilistic.Tests.Distributions.Bijectors;

/// <summary>
/// The stick-breaking and Cholesky-correlation maps land exactly (to rounding) on their manifolds,
/// and the vector supports' <see cref="Support.Contains(ReadOnlySpan{double})"/> applies Stan's
/// tolerance and nothing looser.
/// </summary>
public sealed class SupportShapeTests
{
    private const double Eps = 2.220446049250313e-16;

    // |u| up to 30: the maps work in log space, so even far into the tails (σ(−30) ≈ 1e-13, tanh 30
    // rounding to 1) the entries stay positive and the constraints hold to rounding.
    private const double WideRange = 30;

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(20)]
    public void Simplex_points_are_positive_and_sum_to_one(int k)
    {
        var b = Support.Simplex(k).Bijector;
        var rng = new Rng(5);
        for (int trial = 0; trial < 2000; trial++)
        {
            var u = new double[k - 1];
            for (int i = 0; i < u.Length; i++) u[i] = WideRange * (2 * rng.NextDouble() - 1);
            var x = BijectorCases.Forward(b, u, out _);
            Assert.All(x, v => Assert.True(v > 0, $"entry {v:R} at u = ({string.Join(", ", u)})"));
            // Piece k is stickₖσ(aₖ) and the stick left is stickₖσ(−aₖ), each within 2 ulps, and
            // σ(a) + σ(−a) = 1 within 2 ulps; over K pieces that is ≤ 4Kε, and summing them in
            // the test adds ≤ Kε.
            double sum = x.Sum();
            Assert.True(Math.Abs(sum - 1) <= 5 * k * Eps, $"sum − 1 = {sum - 1:G3} at u = ({string.Join(", ", u)})");
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(10)]
    public void Cholesky_factors_are_lower_triangular_with_positive_diagonal_and_unit_rows(int k)
    {
        var b = Support.CholeskyCorrelation(k).Bijector;
        var rng = new Rng(6);
        for (int trial = 0; trial < 500; trial++)
        {
            var u = new double[k * (k - 1) / 2];
            for (int i = 0; i < u.Length; i++) u[i] = WideRange * (2 * rng.NextDouble() - 1);
            var l = BijectorCases.Forward(b, u, out _);
            for (int i = 0; i < k; i++)
            {
                Assert.True(l[i * k + i] > 0, $"L[{i},{i}] = {l[i * k + i]:R}");
                for (int j = i + 1; j < k; j++) Assert.Equal(0.0, l[i * k + j]);
                // The row's remaining squared norm is exp of a sum of log(1 − zⱼ²) = log 4 + log σ(2uⱼ)
                // + log σ(−2uⱼ), each with an absolute error of a few ulps of (2 + 2|uⱼ|); exp turns
                // that into a relative error of the squared entries. Hence 4ε(i + 1 + Σⱼ (2 + 2|uⱼ|)).
                double norm2 = 0, budget = i + 1;
                for (int j = 0; j <= i; j++) norm2 += l[i * k + j] * l[i * k + j];
                for (int j = 0; j < i; j++) budget += 2 + 2 * Math.Abs(u[i * (i - 1) / 2 + j]);
                Assert.True(Math.Abs(norm2 - 1) <= 4 * Eps * budget, $"row {i}: ‖L[{i}]‖² − 1 = {norm2 - 1:G3}");
            }
        }
    }

    [Fact]
    public void Simplex_membership_uses_Stan_s_tolerance_and_excludes_the_boundary()
    {
        var s = Support.Simplex(3);
        Assert.True(s.Contains([0.2, 0.3, 0.5]));
        Assert.True(s.Contains([0.2, 0.3, 0.5 + 0.9 * Support.ConstraintTolerance]));
        Assert.False(s.Contains([0.2, 0.3, 0.5 + 1.1 * Support.ConstraintTolerance]));
        Assert.False(s.Contains([0.0, 0.5, 0.5]));   // open: a zero entry has no preimage
        Assert.False(s.Contains([-0.1, 0.6, 0.5]));
        Assert.False(s.Contains([0.5, 0.5]));         // wrong length
        Assert.False(s.Contains([double.NaN, 0.5, 0.5]));
        Assert.True(Support.Simplex(1).Contains([1.0]));
        Assert.Throws<NotSupportedException>(() => Support.Simplex(1).Contains(1.0));
    }

    [Fact]
    public void Cholesky_membership_checks_shape_diagonal_and_unit_rows()
    {
        var s = Support.CholeskyCorrelation(2);
        double c = 0.6, d = 0.8;
        Assert.True(s.Contains([1, 0, c, d]));
        Assert.True(s.Contains([1, 0, c, d + 0.9 * Support.ConstraintTolerance / (2 * d)])); // ‖row‖² − 1 ≈ 0.9·tol
        Assert.False(s.Contains([1, 0, c, d + 1.1 * Support.ConstraintTolerance / (2 * d)]));
        Assert.False(s.Contains([1, 1e-12, c, d]));  // above the diagonal
        Assert.False(s.Contains([1, 0, c, -d]));     // negative diagonal
        Assert.False(s.Contains([1, 0, 1, 0]));      // zero diagonal (a singular correlation matrix)
        Assert.False(s.Contains([-1, 0, c, d]));
        Assert.False(s.Contains([1, 0, c]));         // wrong length
        Assert.True(Support.CholeskyCorrelation(1).Contains([1.0]));
        Assert.False(Support.CholeskyCorrelation(1).Contains([1.5]));
    }

    [Fact]
    public void Ordered_membership_is_strict_increase()
    {
        Assert.True(Support.Ordered(3).Contains([-2, 0, 1e-300]));
        Assert.False(Support.Ordered(3).Contains([-2, 0, 0]));
        Assert.False(Support.Ordered(3).Contains([-2, 1, 0]));
        Assert.False(Support.Ordered(2).Contains([0, double.PositiveInfinity]));
        Assert.True(Support.PositiveOrdered(2).Contains([1e-300, 1]));
        Assert.False(Support.PositiveOrdered(2).Contains([0, 1]));
        Assert.False(Support.PositiveOrdered(2).Contains([2, 1]));
        Assert.True(Support.RealVector(2).Contains([-1e300, 1e300]));
        Assert.False(Support.RealVector(2).Contains([0, double.NaN]));
        Assert.False(Support.RealVector(2).Contains([0, 1, 2]));
    }

    [Fact]
    public void Dimensions_are_those_of_Stan_s_types()
    {
        Assert.Equal((4, 3, 4), Dims(Support.Simplex(4)));
        Assert.Equal((16, 6, 16), Dims(Support.CholeskyCorrelation(4)));
        Assert.Equal((5, 5, 5), Dims(Support.Ordered(5)));
        Assert.Equal((5, 5, 5), Dims(Support.PositiveOrdered(5)));
        Assert.Equal((3, 3, 3), Dims(Support.RealVector(3)));
        Assert.Equal((1, 0, 1), Dims(Support.Simplex(1)));
        Assert.Equal((1, 0, 1), Dims(Support.CholeskyCorrelation(1)));
        Assert.All(new[] { Support.Simplex(2), Support.CholeskyCorrelation(2), Support.Ordered(2), Support.PositiveOrdered(2), Support.RealVector(2) },
            s => Assert.False(s.IsDiscrete));

        static (int, int, int) Dims(Support s) => (s.Dimension, s.Bijector.UnconstrainedDimension, s.Bijector.ConstrainedDimension);
    }
}
