using Probabilistic.Distributions;
using Probabilistic.Numerics;
using Xunit;
using static Probabilistic.Distributions.Dist;
using static Probabilistic.Tests.Numerics.TapeProgramCheck;

namespace Probabilistic.Tests.Distributions.Fused;

/// <summary>
/// <see cref="Likelihoods.CategoricalLogitGlm(ReadOnlySpan{int}, DataMatrix, ReadOnlySpan{Real}, ReadOnlySpan{Real})"/>
/// equals the per-row composition Σᵢ CategoricalLogits(α + xᵢβ).LogProb(yᵢ − 1) (value and gradient to 1e−12), its
/// gradient equals central finite differences, it replays in a compiled tape as a fresh tape computes it, and bad input
/// is rejected naming the argument.
/// </summary>
public sealed class CategoricalGlmTests
{
    // (N, D, K): rows not a multiple of the blocks or the vector width; many categories (4-row blocks, a heap buffer); no predictors.
    public static TheoryData<int, int, int> Shapes() => new() { { 203, 5, 3 }, { 37, 9, 7 }, { 9, 2, 300 }, { 13, 0, 2 } };

    private sealed record Case(int N, int D, int K, double[,] X, int[] Y)
    {
        public int Dimension => K + D * K;

        // Outcomes drawn from the model at α = (0, 0.3, …), β_{jk} = 0.25·((j + k) mod 3 − 1), so every category occurs.
        public static Case Of(int n, int d, int k)
        {
            var x = GlmLikelihoodTests.Design(n, d, seed: (ulong)(17 + k));
            var y = new int[n];
            var rng = new Rng(23);
            var eta = new double[k];
            for (int i = 0; i < n; i++)
            {
                for (int c = 0; c < k; c++)
                {
                    eta[c] = 0.3 * c / k;
                    for (int j = 0; j < d; j++) eta[c] += x[i, j] * 0.25 * ((j + c) % 3 - 1);
                }
                y[i] = CategoricalLogits(eta).Sample(rng) + 1;
            }
            return new Case(n, d, k, x, y);
        }

        public Real Fused(ReadOnlySpan<Real> p) => Likelihoods.CategoricalLogitGlm(Y, X, p[..K], p[K..]);

        public Real Rows(ReadOnlySpan<Real> p)
        {
            Real lp = 0.0;
            var eta = new Real[K];
            for (int i = 0; i < N; i++)
            {
                for (int c = 0; c < K; c++)
                {
                    Real e = p[c];
                    for (int j = 0; j < D; j++) e += X[i, j] * p[K + j * K + c];
                    eta[c] = e;
                }
                lp += CategoricalLogits(eta).LogProb(Y[i] - 1);
            }
            return lp;
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Fused_likelihood_equals_the_per_row_composition(int n, int d, int k)
    {
        var c = Case.Of(n, d, k);
        foreach (var point in Points(k, 3, c.Dimension, -0.8, 0.8))
        {
            var g1 = new double[c.Dimension];
            var g2 = new double[c.Dimension];
            double a = new Tape().ValueAndGradient(c.Fused, point, g1);
            double b = new Tape().ValueAndGradient(c.Rows, point, g2);
            // Both sum N log-softmax terms of O(1); they differ only in how exp and log round (a few ulps per term).
            Assert.True(Math.Abs(a - b) <= 1e-12 * Math.Abs(b), $"value {a:R} vs rows {b:R}");
            double scale = g2.Max(Math.Abs);
            for (int j = 0; j < c.Dimension; j++)
                Assert.True(Math.Abs(g1[j] - g2[j]) <= 1e-12 * Math.Max(1, scale), $"∂/∂p{j} {g1[j]:R} vs rows {g2[j]:R}");
        }
    }

    [Fact]
    public void Gradient_equals_central_finite_differences()
    {
        var c = Case.Of(203, 5, 3);
        var point = Points(1, 1, c.Dimension, -0.5, 0.5)[0];
        var g = new double[c.Dimension];
        new Tape().ValueAndGradient(c.Fused, point, g);
        const double h = 1e-5;
        for (int j = 0; j < c.Dimension; j++)
        {
            var up = (double[])point.Clone();
            var down = (double[])point.Clone();
            up[j] += h;
            down[j] -= h;
            double fd = (Value(c, up) - Value(c, down)) / (2 * h);
            // Truncation h²·f‴/6 ≈ 1e−10·N and rounding ε·|f|/h ≈ 1e−8 for |f| ≈ 200: 1e−5 relative leaves a wide margin.
            Assert.True(Math.Abs(fd - g[j]) <= 1e-5 * Math.Max(1, Math.Abs(g[j])), $"∂/∂p{j}: tape {g[j]:R}, finite difference {fd:R}");
        }
    }

    private static double Value(Case c, double[] p) => c.Fused(p.Select(v => new Real(v)).ToArray()).Value;

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Fused_likelihood_replays_as_a_fresh_tape(int n, int d, int k)
    {
        var c = Case.Of(n, d, k);
        RecordAndReplay(c.Fused, new double[c.Dimension], Points(k + 1, 6, c.Dimension, -1.5, 1.5));
    }

    [Fact]
    public void Records_one_node_and_the_matrix_form_equals_the_flat_form()
    {
        var c = Case.Of(203, 5, 3);
        var point = Points(2, 1, c.Dimension, -0.5, 0.5)[0];
        var tape = new Tape();
        var p = tape.Variables(point);
        int before = tape.Count;
        var flat = c.Fused(p);
        Assert.Equal(1, tape.Count - before);
        var beta = new Real[c.D, c.K];
        for (int j = 0; j < c.D; j++)
            for (int k = 0; k < c.K; k++) beta[j, k] = p[c.K + j * c.K + k];
        var matrix = Likelihoods.CategoricalLogitGlm(c.Y, c.X, p.AsSpan(0, c.K), beta);
        Assert.Equal(flat.Value, matrix.Value);
        // A row-major double[] viewed as a DataMatrix is the same data.
        var rowMajor = new double[c.N * c.D];
        Buffer.BlockCopy(c.X, 0, rowMajor, 0, rowMajor.Length * sizeof(double));
        var view = Likelihoods.CategoricalLogitGlm(c.Y, new DataMatrix(rowMajor, c.N, c.D), p.AsSpan(0, c.K), p.AsSpan(c.K));
        Assert.Equal(flat.Value, view.Value);
        // Constants give a constant with the same value.
        var constant = Likelihoods.CategoricalLogitGlm(c.Y, c.X, point.Take(c.K).Select(v => new Real(v)).ToArray(), point.Skip(c.K).Select(v => new Real(v)).ToArray());
        Assert.True(constant.IsConstant);
        Assert.Equal(flat.Value, constant.Value);
    }

    [Fact]
    public void Bad_input_is_rejected_with_the_argument_named()
    {
        var c = Case.Of(203, 5, 3);
        var alpha = new Real[3];
        var beta = new Real[15];
        var y = (int[])c.Y.Clone();
        y[7] = 0;
        var e = Assert.Throws<ArgumentException>(() => Likelihoods.CategoricalLogitGlm(y, c.X, alpha, beta));
        Assert.Equal("y", e.ParamName);
        Assert.Contains("y[7] = 0", e.Message);
        y[7] = 4;
        Assert.Contains("y[7] = 4", Assert.Throws<ArgumentException>(() => Likelihoods.CategoricalLogitGlm(y, c.X, alpha, beta)).Message);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => Likelihoods.CategoricalLogitGlm(c.Y.AsSpan(1), c.X, alpha, beta)).ParamName);
        e = Assert.Throws<ArgumentException>(() => Likelihoods.CategoricalLogitGlm(c.Y, c.X, alpha, new Real[14]));
        Assert.Equal("beta", e.ParamName);
        Assert.Contains("5×3 = 15", e.Message);
        Assert.Equal("beta", Assert.Throws<ArgumentException>(() => Likelihoods.CategoricalLogitGlm(c.Y, c.X, alpha, new Real[5, 4])).ParamName);
        Assert.Equal("alpha", Assert.Throws<ArgumentException>(() => Likelihoods.CategoricalLogitGlm(c.Y, c.X, [], beta)).ParamName);
    }
}
