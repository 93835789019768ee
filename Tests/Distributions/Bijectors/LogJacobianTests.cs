using MathNet.Numerics.LinearAlgebra;
using Probabilistic.Distributions;
using Xunit;

namespace Probabilistic.Tests.Distributions.Bijectors;

/// <summary>
/// log |det J_T(u)| returned by each bijector against the log-determinant, computed by
/// MathNet.Numerics, of the Jacobian of u ↦ (the free coordinates of T(u)) by central differences.
/// </summary>
public sealed class LogJacobianTests
{
    // Central differences with step h = 1e-5 give each entry Jᵢⱼ = ∂fᵢ/∂uⱼ with an error
    // δᵢ ≈ c·ε·Sᵢ/h + h²|fᵢ‴|/6, where Sᵢ = max(|fᵢ|, the case's rounding scale) and c ≈ 10 ulps of
    // rounding in fᵢ: 2.2e-10·Sᵢ + 1.7e-11·|fᵢ‴|. On |u| ≤ 2, |fᵢ‴| ≤ 6 (|tanh‴| ≤ 2, |σ‴| ≤ 1/8,
    // |exp‴| ≤ e², times factors ≤ 1), so δᵢ = 1e-9·Sᵢ + 1e-10 bounds it. To first order log |det J|
    // moves by tr(J⁻¹ΔJ), so the error is at most Σᵢⱼ |(J⁻¹)ⱼᵢ| δᵢ.
    // The range is narrower than the round trips': where σ or tanh saturate (|u| ≈ 8) a coordinate's
    // derivative is tiny next to its value (tanh'(8) = 4.5e-7 against tanh(8) ≈ 1), and the rounding
    // term of the difference quotient, relative to the derivative, grows to 5e-5.
    private const double H = 1e-5, Range = 2;

    [Theory]
    [MemberData(nameof(BijectorCases.Names), MemberType = typeof(BijectorCases))]
    public void Log_Jacobian_equals_the_log_determinant_of_the_numerical_Jacobian(string name)
    {
        var support = BijectorCases.Make(name);
        var b = support.Bijector;
        int d = b.UnconstrainedDimension;
        var rng = new Rng(2024);
        for (int trial = 0; trial < 20; trial++)
        {
            var u = BijectorCases.RandomU(rng, support, Range);
            var x = BijectorCases.Forward(b, u, out double logJ);
            if (d == 0)
            {
                Assert.Equal(0.0, logJ); // simplex(1) and cholesky_factor_corr(1) are single points
                continue;
            }
            var free = BijectorCases.Free(support, x);
            Assert.Equal(d, free.Length);
            var jacobian = Matrix<double>.Build.Dense(d, d);
            var shifted = (double[])u.Clone();
            for (int j = 0; j < d; j++)
            {
                shifted[j] = u[j] + H;
                var plus = BijectorCases.Free(support, BijectorCases.Forward(b, shifted, out _));
                shifted[j] = u[j] - H;
                var minus = BijectorCases.Free(support, BijectorCases.Forward(b, shifted, out _));
                shifted[j] = u[j];
                for (int i = 0; i < d; i++) jacobian[i, j] = (plus[i] - minus[i]) / (2 * H);
            }
            double numerical = Math.Log(Math.Abs(jacobian.LU().Determinant));

            var inverse = jacobian.Inverse();
            double scale = BijectorCases.Scale(support, x), tolerance = 0;
            for (int i = 0; i < d; i++)
            {
                double delta = 1e-9 * Math.Max(Math.Abs(free[i]), scale) + 1e-10;
                for (int j = 0; j < d; j++) tolerance += Math.Abs(inverse[j, i]) * delta;
            }
            Assert.True(Math.Abs(numerical - logJ) <= tolerance,
                $"{support} at u = ({string.Join(", ", u)}): log |det J| = {logJ:R}, numerically {numerical:R} (tolerance {tolerance:G3})");
        }
    }

    // Closed forms for the smallest non-trivial cases, independent of the code's way of computing them.
    [Theory]
    [InlineData(-3.0)]
    [InlineData(0.0)]
    [InlineData(0.7)]
    [InlineData(5.0)]
    public void Two_simplex_and_two_by_two_Cholesky_factor_have_their_closed_forms(double u)
    {
        // simplex(2): x₁ = σ(u − log 1) = σ(u), x₂ = 1 − σ(u); log |dx₁/du| = log σ(u)(1 − σ(u)).
        var x = BijectorCases.Forward(Support.Simplex(2).Bijector, [u], out double logJ);
        double s = 1 / (1 + Math.Exp(-u));
        Assert.Equal(s, x[0], 1e-15);
        Assert.Equal(1 - s, x[1], 1e-15);
        Assert.Equal(Math.Log(s * (1 - s)), logJ, 1e-13);

        // cholesky_factor_corr(2): L = [[1, 0], [tanh u, sech u]]; log |dL₁₀/du| = log(1 − tanh² u).
        var l = BijectorCases.Forward(Support.CholeskyCorrelation(2).Bijector, [u], out logJ);
        Assert.Equal(new[] { 1.0, 0.0 }, l[..2]);
        Assert.Equal(Math.Tanh(u), l[2], 1e-15);
        Assert.Equal(1 / Math.Cosh(u), l[3], 1e-15);
        Assert.Equal(-2 * Math.Log(Math.Cosh(u)), logJ, 1e-13);
    }
}
