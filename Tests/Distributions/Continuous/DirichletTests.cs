using MathNet.Numerics;
using Probabilistic.Distributions;
using Probabilistic.Numerics;
using Xunit;
using M = MathNet.Numerics.Distributions;

namespace Probabilistic.Tests.Distributions.Continuous;

public sealed class DirichletTests
{
    private const int N = 100_000;

    public static TheoryData<double[]> Concentrations() => new() { new[] { 2.0, 3, 4 }, new[] { 0.5, 1, 2 }, new[] { 0.3, 0.7 }, new[] { 40.0, 5, 1, 0.8 } };

    // The nested quadrature covers K = 2 and 3.
    public static TheoryData<double[]> LowDimensional() => new() { new[] { 2.0, 3, 4 }, new[] { 0.5, 1, 2 }, new[] { 0.3, 0.7 }, new[] { 40.0, 0.6 } };

    private static double Logistic(double u) => u >= 0 ? 1 / (1 + Math.Exp(-u)) : Math.Exp(u) / (1 + Math.Exp(u));

    /// <summary>
    /// ∫₀¹ g(s) ds by tanh-sinh quadrature after s = σ(u), u = t/(1 − t²)·2 (the singularities of
    /// concentrations below 1 at s = 0 and 1 become exponentially decaying tails in u); g receives s and 1 − s,
    /// the latter computed as σ(−u), not by cancellation.
    /// </summary>
    private static double OverUnitInterval(Func<double, double, double> g)
    {
        double F(double t)
        {
            double w = 1 - t * t;
            if (w <= 0) return 0;
            double u = 2 * t / w;
            double s = Logistic(u), r = Logistic(-u);
            double v = g(s, r) * s * r * 2 * (1 + t * t) / (w * w);
            return double.IsFinite(v) ? v : 0;
        }
        return Integrate.DoubleExponential(F, -1, 0, 1e-11) + Integrate.DoubleExponential(F, 0, 1, 1e-11);
    }

    [Theory]
    [MemberData(nameof(LowDimensional))]
    public void DensityIntegratesToOneOverTheSimplex(double[] alpha)
    {
        var d = Dist.Dirichlet(alpha);
        double Density(params double[] x) => Math.Exp(d.LogProb(Array.ConvertAll(x, v => new Real(v))).Value);
        // K = 2: x = (s, 1 − s). K = 3: x = (s, (1 − s)r′, (1 − s)(1 − r′)) with Jacobian 1 − s.
        double mass = alpha.Length == 2
            ? OverUnitInterval((s, rest) => Density(s, rest))
            : OverUnitInterval((s, rest) => rest * OverUnitInterval((r, q) => Density(s, rest * r, rest * q)));
        Assert.True(Math.Abs(mass - 1) < 1e-6, $"{d.Name}: ∫p = {mass:R}");
    }

    private static IEnumerable<double[]> Points(double[] alpha)
    {
        // Points spread over the simplex, including near its faces: normalized draws and fixed points.
        var rng = new Rng(77);
        var d = Dist.Dirichlet(alpha);
        for (int i = 0; i < 10; i++) yield return Array.ConvertAll(d.Sample(rng), r => r.Value);
        var corner = new double[alpha.Length];
        for (int i = 0; i < corner.Length; i++) corner[i] = i == 0 ? 1 - 1e-4 * (corner.Length - 1) : 1e-4;
        yield return corner;
    }

    [Theory]
    [MemberData(nameof(Concentrations))]
    public void LogProbMatchesMathNet(double[] alpha)
    {
        // An absolute error ε in log p is a relative error ε in p.
        var d = Dist.Dirichlet(alpha);
        var reference = new M.Dirichlet(alpha);
        foreach (var x in Points(alpha))
        {
            double expected = reference.DensityLn(x), actual = d.LogProb(Array.ConvertAll(x, v => new Real(v))).Value;
            Assert.True(Math.Abs(actual - expected) <= 1e-10 * Math.Max(1, Math.Abs(expected)), $"{d.Name}.LogProb([{string.Join(", ", x)}]) = {actual:R}, MathNet {expected:R}");
        }
    }

    [Fact]
    public void OutsideTheSimplexIsNegativeInfinity()
    {
        var d = Dist.Dirichlet(2.0, 3, 4);
        Real[] R(params double[] x) => Array.ConvertAll(x, v => new Real(v));
        Assert.Equal(double.NegativeInfinity, d.LogProb(R(0.5, 0.5, 0.1)).Value);
        Assert.Equal(double.NegativeInfinity, d.LogProb(R(0.5, 0.5, 0)).Value);
        Assert.Equal(double.NegativeInfinity, d.LogProb(R(1.2, -0.1, -0.1)).Value);
        Assert.Equal(double.NegativeInfinity, d.LogProb(R(0.5, 0.5)).Value);
        Assert.Equal(double.NegativeInfinity, d.LogProb(R(double.NaN, 0.5, 0.5)).Value);
    }

    [Theory]
    [MemberData(nameof(Concentrations))]
    public void LogProbGradientInAlphaMatchesFiniteDifferences(double[] alpha)
    {
        foreach (var x in Points(alpha))
        {
            var xs = Array.ConvertAll(x, v => new Real(v));
            FiniteDifference.AssertGradient(a => Dist.Dirichlet(a).LogProb(xs), alpha, context: "Dirichlet.LogProb");
        }
    }

    [Theory]
    [MemberData(nameof(Concentrations))]
    public void LogProbGradientAlongTheSimplexMatchesFiniteDifferences(double[] alpha)
    {
        // Off the simplex the log density is −∞, so x-derivatives are checked along the simplex: moving
        // xᵢ up and x_K down by h changes log p at the rate ∂ᵢ − ∂_K, which the tape gives as the difference
        // of the two partials. Five-point stencil with a power-of-two step h = 10⁻⁴·min(xᵢ, x_K).
        var d = Dist.Dirichlet(alpha);
        int k = alpha.Length;
        foreach (var x in Points(alpha))
        {
            var tape = new Tape();
            var xs = tape.Variables(x);
            tape.Gradient(d.LogProb(xs));
            for (int i = 0; i < k - 1; i++)
            {
                double h = FiniteDifference.PowerOfTwoBelow(1e-4 * Math.Min(x[i], x[k - 1]));
                double At(double t)
                {
                    var y = (double[])x.Clone();
                    y[i] += t;
                    y[k - 1] -= t;
                    return d.LogProb(Array.ConvertAll(y, v => new Real(v))).Value;
                }
                double fd = (At(-2 * h) - 8 * At(-h) + 8 * At(h) - At(2 * h)) / (12 * h);
                double tapeRate = tape.Adjoint(xs[i]) - tape.Adjoint(xs[k - 1]);
                double rounding = 1.5 * 16 * 2.2e-16 * Math.Max(1, Math.Abs(At(0))) / h;
                Assert.True(Math.Abs(tapeRate - fd) <= 1e-6 * Math.Abs(fd) + rounding + 1e-10,
                    $"{d.Name} at [{string.Join(", ", x)}], direction e{i} − e{k - 1}: tape {tapeRate:R}, finite difference {fd:R}");
            }
        }
    }

    /// <summary>
    /// Each coordinate is Beta(αᵢ, α₀ − αᵢ): its sample mean and variance over N draws must lie within 5
    /// standard errors (se(mean) = σ/√N, se(s²) ≈ √((μ₄ − σ⁴)/N) with the Beta's fourth central moment).
    /// </summary>
    private static void AssertMarginals(double[] alpha, Func<Rng, Real[]> draw, ulong seed)
    {
        int k = alpha.Length;
        double a0 = alpha.Sum();
        var xs = new double[N, k];
        var rng = new Rng(seed);
        var support = Support.Simplex(k);
        for (int n = 0; n < N; n++)
        {
            var x = draw(rng);
            var values = Array.ConvertAll(x, r => r.Value);
            Assert.True(support.Contains(values), $"draw [{string.Join(", ", values)}] is not in the simplex");
            for (int i = 0; i < k; i++) xs[n, i] = values[i];
        }
        for (int i = 0; i < k; i++)
        {
            double a = alpha[i], b = a0 - a, s = a + b;
            double mean = a / s, variance = a * b / (s * s * (s + 1));
            double excess = 6 * ((a - b) * (a - b) * (s + 1) - a * b * (s + 2)) / (a * b * (s + 2) * (s + 3));
            double mu4 = (3 + excess) * variance * variance;
            double m = 0, v = 0;
            for (int n = 0; n < N; n++) m += xs[n, i];
            m /= N;
            for (int n = 0; n < N; n++) v += (xs[n, i] - m) * (xs[n, i] - m);
            v /= N - 1;
            Assert.True(Math.Abs(m - mean) <= 5 * Math.Sqrt(variance / N), $"coordinate {i}: sample mean {m:R}, expected {mean:R}");
            Assert.True(Math.Abs(v - variance) <= 5 * Math.Sqrt((mu4 - variance * variance) / N), $"coordinate {i}: sample variance {v:R}, expected {variance:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Concentrations))]
    public void SamplesHaveBetaMarginals(double[] alpha) => AssertMarginals(alpha, Dist.Dirichlet(alpha).Sample, seed: 31);

    [Theory]
    [MemberData(nameof(Concentrations))]
    public void RsamplesHaveBetaMarginals(double[] alpha) => AssertMarginals(alpha, Dist.Dirichlet(alpha).Rsample, seed: 32);

    [Fact]
    public void MeanAndVariance()
    {
        var d = Dist.Dirichlet(2.0, 3, 5);
        Assert.Equal([0.2, 0.3, 0.5], d.Mean);
        Assert.Equal(2.0 * 8 / (100 * 11), d.Variance[0], 15);
        Assert.Equal(3, d.Dimension);
        Assert.Equal("simplex(3)", d.Support.Name);
    }

    [Fact]
    public void SmallConcentrationsStayInsideTheSimplex()
    {
        var d = Dist.Dirichlet(0.01, 0.02, 0.01);
        var rng = new Rng(8);
        for (int i = 0; i < 10_000; i++) Assert.True(double.IsFinite(d.LogProb(d.Sample(rng)).Value));
    }

    [Theory]
    [InlineData(new[] { 2.0, 3, 4 })]
    [InlineData(new[] { 0.5, 1, 2 })]
    public void RsampleGradientIsUnbiased(double[] alpha)
    {
        // E[xᵢ] = αᵢ/α₀: ∂E[xᵢ]/∂αⱼ = (δᵢⱼα₀ − αᵢ)/α₀². Each of the K² mean partials over N draws must lie
        // within 5 standard errors (sample sd of the per-draw partials over √N).
        int k = alpha.Length;
        double a0 = alpha.Sum();
        var sum = new double[k, k];
        var sumSq = new double[k, k];
        var rng = new Rng(13);
        var tape = new Tape();
        for (int n = 0; n < N; n++)
        {
            tape.Clear();
            var a = tape.Variables(alpha);
            var x = Dist.Dirichlet(a).Rsample(rng);
            for (int i = 0; i < k; i++)
            {
                tape.Gradient(x[i]);
                for (int j = 0; j < k; j++)
                {
                    double g = tape.Adjoint(a[j]);
                    sum[i, j] += g;
                    sumSq[i, j] += g * g;
                }
            }
        }
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
            {
                double mean = sum[i, j] / N;
                double sd = Math.Sqrt(Math.Max(0, (sumSq[i, j] - N * mean * mean) / (N - 1)));
                double expected = ((i == j ? a0 : 0) - alpha[i]) / (a0 * a0);
                Assert.True(Math.Abs(mean - expected) <= 5 * sd / Math.Sqrt(N), $"∂x{i}/∂α{j}: mean {mean:R}, expected {expected:R} ± {5 * sd / Math.Sqrt(N):R}");
            }
    }

    [Fact]
    public void RsampleEqualsSampleOnTheSameStream()
    {
        var d = Dist.Dirichlet(0.4, 2, 7);
        var a = new Rng(5);
        var b = new Rng(5);
        for (int i = 0; i < 100; i++)
            Assert.Equal(Array.ConvertAll(d.Sample(a), r => r.Value), Array.ConvertAll(d.Rsample(b), r => r.Value));
    }

    [Fact]
    public void InvalidParametersThrow()
    {
        var e = Assert.Throws<ArgumentException>(() => Dist.Dirichlet(1.0, 0, 2));
        Assert.Equal("alpha[1]", e.ParamName);
        Assert.Contains("Dirichlet", e.Message);
        Assert.Contains("0", e.Message);
        e = Assert.Throws<ArgumentException>(() => Dist.Dirichlet(1.0, double.NaN));
        Assert.Equal("alpha[1]", e.ParamName);
        Assert.Contains("NaN", e.Message);
        e = Assert.Throws<ArgumentException>(() => Dist.Dirichlet(3.0));
        Assert.Equal("alpha", e.ParamName);
        Assert.Contains("Dirichlet", e.Message);
    }
}
