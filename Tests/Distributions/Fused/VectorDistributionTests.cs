using Probabilistic.Distributions;
using Probabilistic.Inference;
using Probabilistic.Numerics;
using Xunit;
using static Probabilistic.Distributions.Dist;
using static Probabilistic.Model;
using static Probabilistic.Tests.Numerics.TapeProgramCheck;

namespace Probabilistic.Tests.Distributions.Fused;

/// <summary>
/// The vectorized distributions (<see cref="NormalVector"/>, <see cref="BernoulliLogitVector"/>,
/// <see cref="PoissonLogVector"/>): one tape node whose value and gradient equal the per-element scalar sum (1e−12) and
/// central finite differences, replayed by a compiled tape as a fresh tape computes it; observed with
/// <c>ObserveEach(name, data, likelihood)</c> they are one score at <c>name</c>, the model compiles, and bad input is
/// rejected naming the parameter and the index.
/// </summary>
public sealed class VectorDistributionTests
{
    // 203 data: not a multiple of the 64-datum blocks or of the vector width.
    private const int N = 203;
    private static readonly double[] YNormal = new double[N];
    private static readonly int[] YBernoulli = new int[N], YPoisson = new int[N];
    private static readonly double[] Scales = new double[N];

    static VectorDistributionTests()
    {
        var rng = new Rng(41);
        for (int i = 0; i < N; i++)
        {
            double eta = Math.Sin(0.1 * i);
            YNormal[i] = eta + 0.8 * rng.NextGaussian();
            YBernoulli[i] = rng.NextDouble() < 1 / (1 + Math.Exp(-eta)) ? 1 : 0;
            YPoisson[i] = Poisson(Math.Exp(eta)).Sample(rng);
            Scales[i] = 0.5 + 0.01 * i;
        }
    }

    // Parameters p: the N locations θᵢ = p[0] + p[1]·sin(0.1 i) + p[2]·cos(0.3 i) (so each element differs), then log σ.
    private static Real[] Locations(ReadOnlySpan<Real> p)
    {
        var eta = new Real[N];
        for (int i = 0; i < N; i++) eta[i] = p[0] + p[1] * Math.Sin(0.1 * i) + p[2] * Math.Cos(0.3 * i);
        return eta;
    }

    private static Real[] ScalesOf(Real logSigma)
    {
        var s = new Real[N];
        for (int i = 0; i < N; i++) s[i] = RealMath.Exp(logSigma) * Scales[i];
        return s;
    }

    private static readonly Dictionary<string, (Func<ReadOnlySpan<Real>, Real> Vector, Func<ReadOnlySpan<Real>, Real> Elements)> Cases = new()
    {
        ["Normal, shared sigma"] = (
            p => Normal(Locations(p), RealMath.Exp(p[3])).LogProb(YNormal),
            p =>
            {
                var mu = Locations(p);
                var sigma = RealMath.Exp(p[3]);
                Real lp = 0.0;
                for (int i = 0; i < N; i++) lp += Normal(mu[i], sigma).LogProb(YNormal[i]);
                return lp;
            }),
        ["Normal, vector sigma"] = (
            p => Normal(Locations(p), ScalesOf(p[3])).LogProb(YNormal),
            p =>
            {
                var mu = Locations(p);
                var sigma = ScalesOf(p[3]);
                Real lp = 0.0;
                for (int i = 0; i < N; i++) lp += Normal(mu[i], sigma[i]).LogProb(YNormal[i]);
                return lp;
            }),
        ["BernoulliLogit"] = (
            p => BernoulliLogit(Locations(p)).LogProb(YBernoulli),
            p =>
            {
                var eta = Locations(p);
                Real lp = 0.0;
                for (int i = 0; i < N; i++) lp += BernoulliLogit(eta[i]).LogProb(YBernoulli[i] == 1);
                return lp;
            }),
        ["PoissonLog"] = (
            p => PoissonLog(Locations(p)).LogProb(YPoisson),
            p =>
            {
                var eta = Locations(p);
                Real lp = 0.0;
                for (int i = 0; i < N; i++) lp += PoissonLog(eta[i]).LogProb(YPoisson[i]);
                return lp;
            }),
    };

    public static TheoryData<string> Names() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Vector_density_equals_the_per_element_sum(string name)
    {
        var (vector, elements) = Cases[name];
        foreach (var point in Points(name.Length, 4, 4, -0.7, 0.7))
        {
            var g1 = new double[4];
            var g2 = new double[4];
            double a = new Tape().ValueAndGradient(vector, point, g1);
            double b = new Tape().ValueAndGradient(elements, point, g2);
            // The same N terms of O(1), rounded differently (vectorized exp/log, 1/σ once): a few ulps each.
            Assert.True(Math.Abs(a - b) <= 1e-12 * Math.Abs(b), $"{name}: value {a:R} vs elements {b:R}");
            double scale = g2.Max(Math.Abs);
            for (int j = 0; j < 4; j++)
                Assert.True(Math.Abs(g1[j] - g2[j]) <= 1e-12 * Math.Max(1, scale), $"{name}: ∂/∂p{j} {g1[j]:R} vs elements {g2[j]:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Vector_density_gradient_equals_central_finite_differences(string name)
    {
        var (vector, _) = Cases[name];
        var point = Points(name.Length + 2, 1, 4, -0.5, 0.5)[0];
        var g = new double[4];
        new Tape().ValueAndGradient(vector, point, g);
        const double h = 1e-5;
        for (int j = 0; j < 4; j++)
        {
            var up = (double[])point.Clone();
            var down = (double[])point.Clone();
            up[j] += h;
            down[j] -= h;
            double fd = (vector(up.Select(v => new Real(v)).ToArray()).Value - vector(down.Select(v => new Real(v)).ToArray()).Value) / (2 * h);
            // Truncation h²·f‴/6 and rounding ε·|f|/h ≈ 1e−8 for |f| of a few hundred: 1e−5 relative is ample.
            Assert.True(Math.Abs(fd - g[j]) <= 1e-5 * Math.Max(1, Math.Abs(g[j])), $"{name}: ∂/∂p{j} tape {g[j]:R}, finite difference {fd:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Vector_density_is_one_node_and_replays_as_a_fresh_tape(string name)
    {
        var (vector, _) = Cases[name];
        var tape = new Tape();
        var p = tape.Variables([0.1, 0.2, -0.3, 0.1]);
        var locations = Locations(p);
        var sigma = RealMath.Exp(p[3]);
        var scales = ScalesOf(p[3]);
        int before = tape.Count;
        _ = name switch
        {
            "Normal, shared sigma" => Normal(locations, sigma).LogProb(YNormal),
            "Normal, vector sigma" => Normal(locations, scales).LogProb(YNormal),
            "BernoulliLogit" => BernoulliLogit(locations).LogProb(YBernoulli),
            _ => PoissonLog(locations).LogProb(YPoisson),
        };
        Assert.Equal(1, tape.Count - before);
        RecordAndReplay(vector, new double[4], Points(name.Length + 1, 8, 4, -1, 1));
    }

    [Fact]
    public void Outcomes_outside_the_support_have_log_mass_minus_infinity()
    {
        var eta = new Real[] { 0.1, -0.2 };
        Assert.Equal(double.NegativeInfinity, BernoulliLogit(eta).LogProb([1, 2]).Value);
        Assert.Equal(double.NegativeInfinity, PoissonLog(eta).LogProb([-1, 2]).Value);
    }

    private static Model<Real> ElementModel() =>
        from m in Sample("m", Normal(0, 1))
        from s in Sample("s", LogNormal(0, 0.5))
        from _ in ObserveEach("y", YNormal.Select(v => (Real)v).ToArray(), (y, i) => Normal(m + 0.01 * i, s))
        select m;

    private static Model<Real> VectorModel() =>
        from m in Sample("m", Normal(0, 1))
        from s in Sample("s", LogNormal(0, 0.5))
        from _ in ObserveEach("y", YNormal, Normal(Enumerable.Range(0, N).Select(i => m + 0.01 * i).ToArray(), s))
        select m;

    [Fact]
    public void ObserveEach_over_a_vector_is_one_score_at_the_name_and_compiles()
    {
        var given = ChoiceMap.Of(("m", (Real)0.3), ("s", (Real)1.1));
        var (vectorTrace, _) = VectorModel().Generate(given, new Rng(1));
        var (elementTrace, _) = ElementModel().Generate(given, new Rng(1));
        Assert.Single(vectorTrace.Scores);
        Assert.Equal(Address.Parse("y"), vectorTrace.Scores[0].Address);
        Assert.Equal(N, elementTrace.Scores.Count);
        Assert.True(Math.Abs(vectorTrace.LogLikelihood - elementTrace.LogLikelihood) <= 1e-12 * Math.Abs(elementTrace.LogLikelihood));

        var compiled = ModelDensity<Real>.Create(VectorModel(), seed: 3);
        var reference = ModelDensity<Real>.Create(ElementModel(), seed: 3, compile: false);
        var g1 = new double[2];
        var g2 = new double[2];
        foreach (var theta in Points(5, 6, 2, -1, 1))
        {
            double a = compiled.LogDensityGradient(theta, g1);
            double b = reference.LogDensityGradient(theta, g2);
            Assert.True(Math.Abs(a - b) <= 1e-12 * Math.Max(1, Math.Abs(b)), $"{a:R} vs {b:R}");
            for (int j = 0; j < 2; j++) Assert.True(Math.Abs(g1[j] - g2[j]) <= 1e-12 * Math.Max(1, Math.Abs(g2[j])), $"∂/∂θ{j}: {g1[j]:R} vs {g2[j]:R}");
        }
        Assert.True(compiled.Compiled, compiled.CompileFailure);
    }

    [Fact]
    public void Bad_input_is_rejected_naming_the_parameter_and_index()
    {
        var mu = new Real[] { 0, 1, 2, 3 };
        var e = Assert.Throws<ArgumentException>(() => Normal(mu, new Real[] { 1, 1, 1, -2 }));
        Assert.Equal("sigma", e.ParamName);
        Assert.Contains("sigma[3]", e.Message);
        Assert.Contains("-2", e.Message);
        Assert.Equal("sigma", Assert.Throws<ArgumentException>(() => Normal(mu, new Real[] { 1, 1 })).ParamName);
        Assert.Equal("sigma", Assert.Throws<ArgumentException>(() => Normal(mu, 0.0)).ParamName);
        Assert.Contains("mu[1]", Assert.Throws<ArgumentException>(() => Normal(new Real[] { 0, double.NaN }, 1.0)).Message);
        Assert.Equal("value", Assert.Throws<ArgumentException>(() => Normal(mu, 1.0).LogProb([1.0, 2.0])).ParamName);
        Assert.Contains("logits[1]", Assert.Throws<ArgumentException>(() => BernoulliLogit(new Real[] { 0, double.NaN })).Message);
        Assert.Contains("logRates[0]", Assert.Throws<ArgumentException>(() => PoissonLog(new Real[] { double.PositiveInfinity })).Message);
        Assert.Equal("logits", Assert.Throws<ArgumentException>(() => Likelihoods.BernoulliLogitLogMassSum([1, 0], mu)).ParamName);
        var data = new[] { 0.1, double.NaN, 0.3, 0.2 };
        var me = Assert.Throws<ModelException>(() => ObserveEach("y", data, Normal(mu, 1.0)));
        Assert.Contains("element 1", me.Message);
        Assert.Contains("'y'", me.Message);
    }
}
