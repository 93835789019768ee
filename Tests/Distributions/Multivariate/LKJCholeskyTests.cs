using MathNet.Numerics.Integration;
using Probabilistic.Distributions;
using Xunit;
using static Probabilistic.Tests.Distributions.Discrete.SampleStatistics;
using MathNetBeta = MathNet.Numerics.Distributions.Beta;

namespace Probabilistic.Tests.Distributions.Multivariate;

public sealed class LKJCholeskyTests
{
    /// <summary>The 2×2 factor with correlation r: [[1, 0], [r, √(1 − r²)]], row-major.</summary>
    private static Real[] Factor2(double r) => [1.0, 0.0, r, Math.Sqrt(1 - r * r)];

    /// <summary>The 3×3 factor with free entries a = L₁₀ and (b, c) = (L₂₀, L₂₁).</summary>
    private static Real[] Factor3(double a, double b, double c) =>
        [1.0, 0.0, 0.0, a, Math.Sqrt(1 - a * a), 0.0, b, c, Math.Sqrt(1 - b * b - c * c)];

    // For K = 2 the correlation r = L₁₀ has density ∝ (1 − r²)^(η−1) on (−1, 1): (r + 1)/2 ~ Beta(η, η),
    // so p(r) = ½·Beta((r + 1)/2 | η, η) (LKJ 2009, §3.2), here against MathNet's Beta density.
    [Theory]
    [InlineData(0.3, 0.0)]
    [InlineData(1.0, 0.5)]
    [InlineData(2.5, -0.9)]
    [InlineData(10.0, 0.1)]
    [InlineData(0.7, 0.999)]
    public void Two_by_two_density_is_the_scaled_beta(double eta, double r)
    {
        var d = new LKJCholesky(2, eta);
        double expected = Math.Log(0.5) + MathNetBeta.PDFLn(eta, eta, (r + 1) / 2);
        AssertRelative(expected, d.LogProb(Factor2(r)).Value, 1e-10, $"{d.Name} at r = {r}");
    }

    // Over the unconstrained line u with r = tanh(u) (Stan's transform for K = 2), dr = (1 − r²)du and the
    // integrand is ∝ (1 − r²)^η ≤ 4^η e^(−2η|u|): on |u| ≤ 60 the dropped mass is below e^(−36) for
    // η ≥ 0.3. Gauss–Legendre with 1024 nodes resolves the peak of width ~1/η far below 1e−6.
    // L₁₁ = √(1 − r²) is computed as sech(u): 1 − tanh²(u) rounds to 0 beyond |u| ≈ 19, which would drop
    // the tails (mass ~1e−5 for η = 0.3).
    [Theory]
    [InlineData(0.3)]
    [InlineData(1.0)]
    [InlineData(2.5)]
    [InlineData(10.0)]
    public void Two_by_two_density_normalizes_over_the_unconstrained_line(double eta)
    {
        var d = new LKJCholesky(2, eta);
        double integral = GaussLegendreRule.Integrate(u =>
        {
            double r = Math.Tanh(u), sech = 1 / Math.Cosh(u);
            return Math.Exp(d.LogProb([1.0, 0.0, r, sech]).Value) * sech * sech;
        }, -60, 60, 1024);
        Assert.True(Math.Abs(integral - 1) <= 1e-6, $"{d.Name}: ∫ p = {integral:R}");
    }

    // K = 3: the free entries are a = L₁₀ ∈ (−1, 1) and (b, c) = (L₂₀, L₂₁) in the unit disk, and the
    // density is with respect to da db dc. Substituting a = sin φ and (b, c) = sin ψ·(cos θ, sin θ)
    // (Jacobian cos φ · sin ψ cos ψ) makes the integrand cos^(2η)φ · cos^(2η−1)ψ sin ψ up to constants,
    // smooth for η ≥ 1, so Gauss–Legendre with 48 nodes per axis integrates it well below 1e−6. The
    // same quadrature gives E[L₁₁], E[L₂₂] and E[Lᵢᵢ²] to compare with the analytic moments.
    [Theory]
    [InlineData(1.0)]
    [InlineData(1.5)]
    [InlineData(3.0)]
    public void Three_by_three_density_normalizes_and_has_the_stated_moments(double eta)
    {
        var d = new LKJCholesky(3, eta);
        double Integrate(Func<Real[], double> g) =>
            GaussLegendreRule.Integrate(phi =>
                GaussLegendreRule.Integrate(psi =>
                    GaussLegendreRule.Integrate(theta =>
                    {
                        double a = Math.Sin(phi), rho = Math.Sin(psi);
                        var l = Factor3(a, rho * Math.Cos(theta), rho * Math.Sin(theta));
                        return Math.Exp(d.LogProb(l).Value) * g(l) * Math.Cos(phi) * rho * Math.Cos(psi);
                    }, 0, 2 * Math.PI, 16), 0, Math.PI / 2, 48), -Math.PI / 2, Math.PI / 2, 48);
        double total = Integrate(_ => 1);
        Assert.True(Math.Abs(total - 1) <= 1e-6, $"{d.Name}: ∫ p = {total:R}");
        var mean = d.Mean;
        var variance = d.Variance;
        foreach (int i in new[] { 1, 2 })
        {
            int at = i * 3 + i;
            AssertRelative(mean[at], Integrate(l => l[at].Value), 1e-6, $"{d.Name}: E[L{i}{i}]");
            AssertRelative(variance[at] + mean[at] * mean[at], Integrate(l => l[at].Value * l[at].Value), 1e-6, $"{d.Name}: E[L{i}{i}²]");
        }
        AssertRelative(variance[3], Integrate(l => l[3].Value * l[3].Value), 1e-6, $"{d.Name}: E[L10²]");
    }

    // The density over the unconstrained space ℝ^(K(K−1)/2) through the support's bijector T (Stan's
    // canonical partial correlations), p(T(u))·|det J_T(u)|, integrates to 1. Each coordinate is
    // substituted as u = atanh(sin φ), φ ∈ (−π/2, π/2), du = dφ/cos φ: in z = tanh u = sin φ the
    // integrand is a product of factors (1 − z²)^a (a = η − ½ or η − 1 and the Jacobian's powers), which
    // become cos^(2a+1) φ — smooth for these η — so Gauss–Legendre with 32 nodes per axis is accurate far
    // below 1e−6. This checks that the density is stated with respect to the measure the bijector's
    // log-Jacobian assumes (that HMC on u targets LKJ).
    [Theory]
    [InlineData(2, 0.5)]
    [InlineData(2, 1.0)]
    [InlineData(2, 2.0)]
    [InlineData(3, 1.0)]
    [InlineData(3, 1.5)]
    [InlineData(3, 2.0)]
    public void Density_normalizes_over_the_unconstrained_space_through_the_support_bijector(int k, double eta)
    {
        var d = new LKJCholesky(k, eta);
        var bijector = d.Support.Bijector;
        int dim = bijector.UnconstrainedDimension;
        var u = new Real[dim];
        var l = new Real[k * k];
        double Integrand(double[] phi)
        {
            double jacobian = 1;
            for (int m = 0; m < dim; m++)
            {
                double z = Math.Sin(phi[m]);
                u[m] = Math.Log((1 + z) / (1 - z)) / 2; // atanh z
                jacobian /= Math.Cos(phi[m]);
            }
            Real logJ = bijector.Forward(u, l);
            return Math.Exp(d.LogProb(l).Value + logJ.Value) * jacobian;
        }
        var (nodes, weights) = GaussLegendre(32, -Math.PI / 2, Math.PI / 2);
        double total = 0;
        var point = new double[dim];
        var index = new int[dim];
        while (true)
        {
            double w = 1;
            for (int m = 0; m < dim; m++)
            {
                point[m] = nodes[index[m]];
                w *= weights[index[m]];
            }
            total += w * Integrand(point);
            int at = 0;
            while (at < dim && ++index[at] == nodes.Length) index[at++] = 0;
            if (at == dim) break;
        }
        Assert.True(Math.Abs(total - 1) <= 1e-6, $"{d.Name}: ∫ p(T(u)) |J| du = {total:R}");
    }

    private static (double[] Nodes, double[] Weights) GaussLegendre(int order, double a, double b)
    {
        var rule = new GaussLegendreRule(a, b, order);
        return (rule.Abscissas, rule.Weights);
    }

    [Fact]
    public void Support_is_the_Cholesky_factors_of_correlation_matrices_and_holds_every_draw()
    {
        var d = new LKJCholesky(4, 0.8);
        Assert.Equal("cholesky_factor_corr(4)", d.Support.Name);
        Assert.Equal(16, d.Support.Dimension);
        var rng = new Rng(131);
        for (int t = 0; t < 1000; t++)
        {
            var l = d.Sample(rng);
            Assert.True(d.Support.Contains(l.Select(x => x.Value).ToArray()));
            Assert.True(double.IsFinite(d.LogProb(l).Value));
        }
    }

    // K = 2: r = L₁₀ has E[r] = 0, Var[r] = 1/(2η + 1), E[r⁴] = 3/((2η + 1)(2η + 3)) (the symmetric Beta
    // on (−1, 1)); the fraction of draws below each quantile F⁻¹(p) of that Beta is within 5√(p(1 − p)/n) of p.
    [Theory]
    [InlineData(0.5, 111UL)]
    [InlineData(1.0, 112UL)]
    [InlineData(4.0, 113UL)]
    public void Two_by_two_draws_have_the_correlation_moments_and_quantiles(double eta, ulong seed)
    {
        var d = new LKJCholesky(2, eta);
        var rng = new Rng(seed);
        var r = new double[100_000];
        for (int t = 0; t < r.Length; t++)
        {
            var l = d.Sample(rng);
            AssertIsCorrelationFactor(l, 2);
            r[t] = l[2].Value;
        }
        double v = 1 / (2 * eta + 1);
        AssertMeanAndVariance(r, 0, v, 3 / ((2 * eta + 1) * (2 * eta + 3)), d.Name);
        foreach (double p in new[] { 0.05, 0.25, 0.5, 0.75, 0.95 })
        {
            double q = 2 * MathNetBeta.InvCDF(eta, eta, p) - 1;
            double below = r.Count(x => x < q) / (double)r.Length;
            double se = Math.Sqrt(p * (1 - p) / r.Length);
            Assert.True(Math.Abs(below - p) <= 5 * se, $"{d.Name}: fraction below the {p} quantile is {below:R} ± {5 * se:G3}");
        }
    }

    // Any K: each correlation Ωᵢⱼ = Σₘ LᵢₘLⱼₘ has the marginal density ∝ (1 − r²)^(β−1) with
    // β = η − 1 + K/2 (LKJ 2009, §3.2), so Var = 1/(2β + 1) and E[r⁴] = 3/((2β + 1)(2β + 3)). The diagonal
    // entries Lᵢᵢ are checked against the stated Mean and Variance, with μ₄ from the moments
    // E[Lᵢᵢˢ] = B(βᵢ + s/2, i/2)/B(βᵢ, i/2), βᵢ = η + (K − 1 − i)/2.
    [Theory]
    [InlineData(3, 1.0, 121UL)]
    [InlineData(3, 0.4, 122UL)]
    [InlineData(5, 2.0, 123UL)]
    public void Draws_have_the_correlation_marginals_and_the_stated_moments(int k, double eta, ulong seed)
    {
        var d = new LKJCholesky(k, eta);
        var rng = new Rng(seed);
        const int n = 100_000;
        var draws = new Real[n][];
        for (int t = 0; t < n; t++)
        {
            draws[t] = d.Sample(rng);
            AssertIsCorrelationFactor(draws[t], k);
        }
        double beta = eta - 1 + k / 2.0, v = 1 / (2 * beta + 1);
        for (int i = 1; i < k; i++)
            for (int j = 0; j < i; j++)
            {
                var r = new double[n];
                for (int t = 0; t < n; t++)
                    for (int m = 0; m <= j; m++) r[t] += draws[t][i * k + m].Value * draws[t][j * k + m].Value;
                AssertMeanAndVariance(r, 0, v, 3 / ((2 * beta + 1) * (2 * beta + 3)), $"{d.Name}: Ω[{i},{j}]");
            }
        var mean = d.Mean;
        var variance = d.Variance;
        for (int i = 1; i < k; i++)
        {
            double bi = eta + (k - 1 - i) / 2.0;
            double Moment(double s) => Math.Exp(MathNet.Numerics.SpecialFunctions.BetaLn(bi + s / 2, i / 2.0) - MathNet.Numerics.SpecialFunctions.BetaLn(bi, i / 2.0));
            double m1 = Moment(1), m2 = Moment(2), m3 = Moment(3), m4 = Moment(4);
            double mu4 = m4 - 4 * m1 * m3 + 6 * m1 * m1 * m2 - 3 * Math.Pow(m1, 4);
            Assert.Equal(m1, mean[i * k + i], 12);
            Assert.Equal(m2 - m1 * m1, variance[i * k + i], 12);
            AssertMeanAndVariance(draws.Select(l => l[i * k + i].Value).ToArray(), m1, m2 - m1 * m1, mu4, $"{d.Name}: L[{i},{i}]");
            Assert.Equal(v, variance[i * k], 12);
        }
    }

    private static void AssertIsCorrelationFactor(Real[] l, int k)
    {
        for (int i = 0; i < k; i++)
        {
            double norm2 = 0;
            for (int j = 0; j < k; j++)
            {
                if (j > i) Assert.Equal(0.0, l[i * k + j].Value);
                norm2 += l[i * k + j].Value * l[i * k + j].Value;
            }
            Assert.True(l[i * k + i].Value > 0);
            Assert.True(Math.Abs(norm2 - 1) <= 1e-12, $"row {i} has squared length {norm2:R}");
        }
    }

    [Fact]
    public void Values_outside_the_support_have_density_zero_and_wrong_lengths_throw()
    {
        var d = new LKJCholesky(2, 1.5);
        Assert.Equal(double.NegativeInfinity, d.LogProb([1.0, 0.0, 0.6, 0.7]).Value); // row of length ≠ 1
        Assert.Equal(double.NegativeInfinity, d.LogProb([1.0, 0.0, 0.6, -0.8]).Value); // negative diagonal
        Assert.Equal(double.NegativeInfinity, d.LogProb([1.0, 0.1, 0.6, 0.8]).Value); // not lower triangular
        Assert.Contains("length K·K = 4", Assert.Throws<ArgumentException>(() => d.LogProb([1.0])).Message);
        Assert.Equal(0.0, new LKJCholesky(1, 2.0).LogProb([1.0]).Value);
        Assert.Equal(4, d.Dimension);
    }

    [Fact]
    public void Invalid_parameters_throw_naming_distribution_parameter_and_value()
    {
        var e = Assert.Throws<ArgumentException>(() => new LKJCholesky(0, 1.0));
        Assert.Equal("k", e.ParamName);
        Assert.Contains("LKJCholesky", e.Message);
        Assert.Contains("0", e.Message);
        e = Assert.Throws<ArgumentException>(() => new LKJCholesky(3, -0.5));
        Assert.Equal("eta", e.ParamName);
        Assert.Contains("-0.5", e.Message);
    }
}
