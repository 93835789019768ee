using Probabilistic.Distributions;
using Probabilistic.Numerics;
using Xunit;
using static Probabilistic.Distributions.Dist;
using static Probabilistic.Tests.Numerics.TapeProgramCheck;

namespace Probabilistic.Tests.Distributions.Fused;

/// <summary>
/// The fused GLM likelihoods equal the per-row composition of distributions (value and gradient to 1e−10
/// relative), replay in a compiled tape as a fresh tape computes them (1e−12), and reject bad input.
/// </summary>
public sealed class GlmLikelihoodTests
{
    // N = 203 rows (not a multiple of the 64-row blocks or of the vector width) and K = 5 correlated predictors.
    private const int N = 203, K = 5;
    private static readonly double[,] X = Design(N, K, seed: 11);
    private static readonly double[] YNormal;
    private static readonly int[] YBernoulli, YPoisson;

    static GlmLikelihoodTests()
    {
        var rng = new Rng(5);
        YNormal = new double[N];
        YBernoulli = new int[N];
        YPoisson = new int[N];
        for (int i = 0; i < N; i++)
        {
            double eta = 0.3;
            for (int j = 0; j < K; j++) eta += X[i, j] * (0.2 * j - 0.4);
            YNormal[i] = eta + 0.7 * rng.NextGaussian();
            YBernoulli[i] = rng.NextDouble() < 1 / (1 + Math.Exp(-eta)) ? 1 : 0;
            YPoisson[i] = Poisson(Math.Exp(0.5 * eta)).Sample(rng);
        }
    }

    /// <summary>Rows xᵢ = A zᵢ with zᵢ standard normal and A lower triangular with 0.6 below the diagonal: correlated columns.</summary>
    internal static double[,] Design(int n, int k, ulong seed)
    {
        var rng = new Rng(seed);
        var x = new double[n, k];
        var z = new double[k];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < k; j++) z[j] = rng.NextGaussian();
            for (int j = 0; j < k; j++)
            {
                double s = z[j];
                for (int m = 0; m < j; m++) s += 0.6 * z[m];
                x[i, j] = s / Math.Sqrt(1 + 0.36 * j);
            }
        }
        return x;
    }

    private static Real Eta(ReadOnlySpan<Real> p, int i)
    {
        Real eta = p[0];
        for (int j = 0; j < K; j++) eta += X[i, j] * p[1 + j];
        return eta;
    }

    private static Real NormalRows(ReadOnlySpan<Real> p)
    {
        Real lp = 0.0;
        var sigma = RealMath.Exp(p[K + 1]);
        for (int i = 0; i < N; i++) lp += Normal(Eta(p, i), sigma).LogProb(YNormal[i]);
        return lp;
    }

    private static Real BernoulliRows(ReadOnlySpan<Real> p)
    {
        Real lp = 0.0;
        for (int i = 0; i < N; i++) lp += BernoulliLogit(Eta(p, i)).LogProb(YBernoulli[i] == 1);
        return lp;
    }

    private static Real PoissonRows(ReadOnlySpan<Real> p)
    {
        Real lp = 0.0;
        for (int i = 0; i < N; i++) lp += Poisson(RealMath.Exp(Eta(p, i))).LogProb(YPoisson[i]);
        return lp;
    }

    private static Real NormalFused(ReadOnlySpan<Real> p) => Likelihoods.NormalIdGlm(YNormal, X, p[0], p.Slice(1, K), RealMath.Exp(p[K + 1]));
    private static Real BernoulliFused(ReadOnlySpan<Real> p) => Likelihoods.BernoulliLogitGlm(YBernoulli, X, p[0], p.Slice(1, K));
    private static Real PoissonFused(ReadOnlySpan<Real> p) => Likelihoods.PoissonLogGlm(YPoisson, X, p[0], p.Slice(1, K));

    private static readonly Dictionary<string, (Func<ReadOnlySpan<Real>, Real> Fused, Func<ReadOnlySpan<Real>, Real> Rows, int Dimension)> Cases = new()
    {
        ["NormalIdGlm"] = (NormalFused, NormalRows, K + 2),
        ["BernoulliLogitGlm"] = (BernoulliFused, BernoulliRows, K + 1),
        ["PoissonLogGlm"] = (PoissonFused, PoissonRows, K + 1),
    };

    public static TheoryData<string> Names() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Fused_likelihood_equals_the_per_row_composition(string name)
    {
        var (fused, rows, d) = Cases[name];
        foreach (var point in Points(name.Length, 5, d, -0.6, 0.6))
        {
            var g1 = new double[d];
            var g2 = new double[d];
            double a = new Tape().ValueAndGradient(fused, point, g1);
            double b = new Tape().ValueAndGradient(rows, point, g2);
            Assert.True(Math.Abs(a - b) <= 1e-10 * Math.Abs(b), $"{name}: value {a:R} vs rows {b:R}");
            double scale = g2.Max(Math.Abs);
            for (int j = 0; j < d; j++)
                Assert.True(Math.Abs(g1[j] - g2[j]) <= 1e-10 * Math.Max(1, scale), $"{name}: ∂/∂p{j} {g1[j]:R} vs rows {g2[j]:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Fused_likelihood_replays_as_a_fresh_tape(string name)
    {
        var (fused, _, d) = Cases[name];
        RecordAndReplay(fused, new double[d], Points(name.Length + 1, 10, d, -0.8, 0.8));
    }

    [Fact]
    public void Constant_arguments_give_a_constant_with_the_same_value()
    {
        var beta = new Real[K];
        for (int j = 0; j < K; j++) beta[j] = 0.1 * j;
        var onTape = new Tape().ValueAndGradient(p => BernoulliFused(p), [0.2, 0, 0.1, 0.2, 0.3, 0.4], new double[K + 1]);
        var constant = Likelihoods.BernoulliLogitGlm(YBernoulli, X, 0.2, beta);
        Assert.True(constant.IsConstant);
        Assert.Equal(onTape, constant.Value);
    }

    [Fact]
    public void Bad_input_is_rejected_with_the_argument_named()
    {
        var beta = new Real[K];
        var e = Assert.Throws<ArgumentException>(() => Likelihoods.NormalIdGlm(YNormal.AsSpan(1), X, 0, beta, 1));
        Assert.Equal("x", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Likelihoods.NormalIdGlm(YNormal, X, 0, beta, 0));
        Assert.Equal("sigma", e.ParamName);
        var y = (int[])YBernoulli.Clone();
        y[7] = 2;
        e = Assert.Throws<ArgumentException>(() => Likelihoods.BernoulliLogitGlm(y, X, 0, beta));
        Assert.Contains("y[7] = 2", e.Message);
        y[7] = -1;
        e = Assert.Throws<ArgumentException>(() => Likelihoods.PoissonLogGlm(y, X, 0, beta));
        Assert.Contains("y[7] = -1", e.Message);
    }
}
