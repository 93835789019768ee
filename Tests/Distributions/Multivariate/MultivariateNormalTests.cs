using MathNet.Numerics.Integration;
using MathNet.Numerics.LinearAlgebra;
using Probabilistic.Distributions;
using Probabilistic.Numerics;
using Xunit;
using static Probabilistic.Tests.Distributions.Discrete.SampleStatistics;
using MathNetMatrixNormal = MathNet.Numerics.Distributions.MatrixNormal;

namespace Probabilistic.Tests.Distributions.Multivariate;

public sealed class MultivariateNormalTests
{
    private static readonly double[] Mu3 = [1.0, -2.0, 0.5];
    private static readonly double[,] Sigma3 = { { 2.0, 0.6, -0.4 }, { 0.6, 1.0, 0.3 }, { -0.4, 0.3, 0.5 } };

    private static Real[] R(double[] xs) => Array.ConvertAll(xs, x => new Real(x));

    private static Real[,] R(double[,] a)
    {
        var r = new Real[a.GetLength(0), a.GetLength(1)];
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++) r[i, j] = a[i, j];
        return r;
    }

    private static double[,] ToArray(Matrix<double> m) => m.ToArray();

    /// <summary>log N(x | μ, Σ) = −½ dᵀΣ⁻¹d − ½ log det(2πΣ) with MathNet's dense linear algebra (LU inverse and determinant).</summary>
    private static double Reference(double[] mu, double[,] sigma, double[] x)
    {
        var s = Matrix<double>.Build.DenseOfArray(sigma);
        var d = Vector<double>.Build.DenseOfArray(x) - Vector<double>.Build.DenseOfArray(mu);
        return -0.5 * d.DotProduct(s.Inverse() * d) - 0.5 * Math.Log((2 * Math.PI * s).Determinant());
    }

    [Theory]
    [InlineData(new[] { 1.0, -2.0, 0.5 })]
    [InlineData(new[] { 0.0, 0.0, 0.0 })]
    [InlineData(new[] { 4.0, -1.0, -2.0 })]
    public void LogProb_matches_the_formula_with_MathNet_and_MathNet_MatrixNormal(double[] x)
    {
        var d = Dist.MultivariateNormal(Mu3, Sigma3);
        double lp = d.LogProb(R(x)).Value;
        AssertRelative(Reference(Mu3, Sigma3, x), lp, 1e-10, $"{d.Name} at [{string.Join(", ", x)}]");
        var mn = new MathNetMatrixNormal(Matrix<double>.Build.Dense(3, 1, Mu3), Matrix<double>.Build.DenseOfArray(Sigma3), Matrix<double>.Build.DenseIdentity(1));
        AssertRelative(Math.Log(mn.Density(Matrix<double>.Build.Dense(3, 1, x))), lp, 1e-10, $"{d.Name} against MatrixNormal");
    }

    [Fact]
    public void The_three_parameterizations_agree()
    {
        var sigma = Matrix<double>.Build.DenseOfArray(Sigma3);
        var l = ToArray(sigma.Cholesky().Factor);
        var omega = ToArray(sigma.Inverse());
        var byCovariance = Dist.MultivariateNormal(Mu3, Sigma3);
        var byCholesky = Dist.MultivariateNormalCholesky(Mu3, l);
        var byPrecision = Dist.MultivariateNormalPrecision(R(Mu3), R(omega));
        var rng = new Rng(101);
        for (int t = 0; t < 20; t++)
        {
            var x = byCovariance.Sample(rng);
            double expected = Reference(Mu3, Sigma3, x.Select(v => v.Value).ToArray());
            AssertRelative(expected, byCholesky.LogProb(x).Value, 1e-10, "from L");
            AssertRelative(expected, byPrecision.LogProb(x).Value, 1e-10, "from Omega");
        }
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                Assert.Equal(l[i, j], byCovariance.ScaleTril[i, j].Value, 12);
                Assert.Equal(Sigma3[i, j], byPrecision.Covariance[i, j], 12);
            }
        var lower = byPrecision.ScaleTril;
        Assert.Equal(0.0, lower[0, 1].Value);
        Assert.True(lower[2, 2].Value > 0);
    }

    // Truncating to μᵢ ± 12σᵢ drops mass below 4Φ(−12) ≈ 7e−33; Gauss–Legendre with 256 nodes per axis
    // integrates the smooth density over that box far below 1e−6.
    [Theory]
    [InlineData(0.0, 1.0, 1.0, 0.0)]
    [InlineData(1.5, 2.0, 0.5, 0.8)]
    [InlineData(-3.0, 0.2, 5.0, -0.95)]
    public void Density_integrates_to_one_in_two_dimensions(double mu0, double sd0, double sd1, double rho)
    {
        double[] mu = [mu0, -mu0];
        double[,] sigma = { { sd0 * sd0, rho * sd0 * sd1 }, { rho * sd0 * sd1, sd1 * sd1 } };
        var d = Dist.MultivariateNormal(mu, sigma);
        var x = new Real[2];
        double integral = GaussLegendreRule.Integrate((a, b) =>
        {
            x[0] = a;
            x[1] = b;
            return Math.Exp(d.LogProb(x).Value);
        }, mu[0] - 12 * sd0, mu[0] + 12 * sd0, mu[1] - 12 * sd1, mu[1] + 12 * sd1, 256);
        Assert.True(Math.Abs(integral - 1) <= 1e-6, $"{d.Name}: ∫ p = {integral:R}");
    }

    // Sample mean: se σᵢ/√n. Sample covariance sᵢⱼ: for a normal, Var[(Xᵢ − μᵢ)(Xⱼ − μⱼ)] = ΣᵢᵢΣⱼⱼ + Σᵢⱼ²
    // (Isserlis), so se ≈ √((ΣᵢᵢΣⱼⱼ + Σᵢⱼ²)/n); 5 se each.
    [Fact]
    public void Draws_have_the_mean_and_covariance()
    {
        var d = Dist.MultivariateNormal(Mu3, Sigma3);
        const int n = 100_000;
        var rng = new Rng(102);
        var xs = new double[n, 3];
        for (int t = 0; t < n; t++)
        {
            var x = d.Sample(rng);
            for (int i = 0; i < 3; i++) xs[t, i] = x[i].Value;
        }
        var mean = new double[3];
        for (int i = 0; i < 3; i++)
        {
            for (int t = 0; t < n; t++) mean[i] += xs[t, i];
            mean[i] /= n;
            double se = Math.Sqrt(Sigma3[i, i] / n);
            Assert.True(Math.Abs(mean[i] - Mu3[i]) <= 5 * se, $"mean[{i}] = {mean[i]:R}, expected {Mu3[i]} ± {5 * se:G3}");
        }
        for (int i = 0; i < 3; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = 0;
                for (int t = 0; t < n; t++) s += (xs[t, i] - mean[i]) * (xs[t, j] - mean[j]);
                s /= n - 1;
                double se = Math.Sqrt((Sigma3[i, i] * Sigma3[j, j] + Sigma3[i, j] * Sigma3[i, j]) / n);
                Assert.True(Math.Abs(s - Sigma3[i, j]) <= 5 * se, $"cov[{i},{j}] = {s:R}, expected {Sigma3[i, j]} ± {5 * se:G3}");
            }
        Assert.Equal(Mu3, d.Mean);
        for (int i = 0; i < 3; i++) Assert.Equal(Sigma3[i, i], d.Variance[i], 12);
    }

    [Fact]
    public void Rsample_is_mu_plus_L_epsilon_with_its_gradient()
    {
        var l = ToArray(Matrix<double>.Build.DenseOfArray(Sigma3).Cholesky().Factor);
        var tape = new Tape();
        var mu = tape.Variables(Mu3);
        var lr = new Real[3, 3];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) lr[i, j] = j <= i ? tape.Variable(l[i, j]) : new Real(0.0);
        var d = new MultivariateNormal(mu, lr);
        var x = d.Rsample(new Rng(103));
        var plain = Dist.MultivariateNormalCholesky(Mu3, l).Sample(new Rng(103));
        for (int i = 0; i < 3; i++) Assert.Equal(plain[i].Value, x[i].Value, 13);
        // ε = L⁻¹(x − μ), by forward substitution on values.
        var eps = new double[3];
        for (int i = 0; i < 3; i++)
        {
            double s = x[i].Value - Mu3[i];
            for (int j = 0; j < i; j++) s -= l[i, j] * eps[j];
            eps[i] = s / l[i, i];
        }
        for (int i = 0; i < 3; i++)
        {
            tape.Gradient(x[i]);
            for (int m = 0; m < 3; m++) Assert.Equal(m == i ? 1.0 : 0.0, tape.Adjoint(mu[m]));
            for (int r = 0; r < 3; r++)
                for (int c = 0; c <= r; c++)
                    Assert.Equal(r == i ? eps[c] : 0.0, tape.Adjoint(lr[r, c]), 12);
        }
    }

    [Fact]
    public void Invalid_parameters_throw_naming_distribution_parameter_and_where()
    {
        var e = Assert.Throws<ArgumentException>(() => Dist.MultivariateNormal([0.0, 0.0, 0.0], new double[,] { { 1, 0.5, 0 }, { 0.5, 1, 0.9 }, { 0, 0.9, 0.5 } }));
        Assert.Equal("Sigma", e.ParamName);
        Assert.Contains("MultivariateNormal", e.Message);
        Assert.Contains("not positive definite", e.Message);
        Assert.Contains("row 2", e.Message);
        e = Assert.Throws<ArgumentException>(() => Dist.MultivariateNormal([0.0, 0.0], new double[,] { { 1, 0.5 }, { 0.4, 1 } }));
        Assert.Equal("Sigma", e.ParamName);
        Assert.Contains("symmetric", e.Message);
        Assert.Contains("0.4", e.Message);
        e = Assert.Throws<ArgumentException>(() => Dist.MultivariateNormal([0.0, 0.0], new double[,] { { 1, 0 }, { 0, 1 }, { 0, 0 } }));
        Assert.Equal("Sigma", e.ParamName);
        Assert.Contains("2×2", e.Message);
        e = Assert.Throws<ArgumentException>(() => Dist.MultivariateNormalCholesky([0.0, 0.0], new double[,] { { 1, 0.2 }, { 0.3, 1 } }));
        Assert.Equal("L", e.ParamName);
        Assert.Contains("lower triangular", e.Message);
        e = Assert.Throws<ArgumentException>(() => Dist.MultivariateNormalCholesky([0.0, 0.0], new double[,] { { 1, 0 }, { 0.3, -1 } }));
        Assert.Equal("L", e.ParamName);
        Assert.Contains("-1", e.Message);
        e = Assert.Throws<ArgumentException>(() => Dist.MultivariateNormal([0.0, double.NaN], new double[,] { { 1, 0 }, { 0, 1 } }));
        Assert.Equal("mu[1]", e.ParamName);
        Assert.Contains("NaN", e.Message);
        e = Assert.Throws<ArgumentException>(() => Dist.MultivariateNormalPrecision(R([0.0, 0.0]), R(new double[,] { { 1, 2 }, { 2, 1 } })));
        Assert.Equal("Omega", e.ParamName);
        Assert.Contains("not positive definite", e.Message);
    }

    [Fact]
    public void Values_of_the_wrong_length_throw_and_infinite_values_have_density_zero()
    {
        var d = Dist.MultivariateNormal(Mu3, Sigma3);
        Assert.Contains("length 3", Assert.Throws<ArgumentException>(() => d.LogProb([1.0, 2.0])).Message);
        Assert.Equal(double.NegativeInfinity, d.LogProb([1.0, double.PositiveInfinity, 0.0]).Value);
        Assert.Equal(3, d.Dimension);
        Assert.True(d.Support.Contains([1.0, 2.0, 3.0]));
        Assert.False(d.Support.IsDiscrete);
    }
}
