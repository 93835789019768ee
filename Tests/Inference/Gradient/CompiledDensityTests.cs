using Probabilistic.Examples.Gallery;
using Probabilistic.Inference;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Gradient;

/// <summary>Model densities replaying a compiled tape agree with re-running the model, and fall back when a branch flips.</summary>
public class CompiledDensityTests
{
    private static void AssertSameAsInterpreted<T>(Model<T> model, IEnumerable<double[]> points, ulong seed = 0)
    {
        var compiled = ModelDensity<T>.Create(model, seed: seed);
        var interpreted = ModelDensity<T>.Create(model, seed: seed, compile: false);
        var g1 = new double[compiled.Dimension];
        var g2 = new double[compiled.Dimension];
        foreach (var theta in points)
        {
            double a = compiled.LogDensityGradient(theta, g1);
            double b = interpreted.LogDensityGradient(theta, g2);
            Assert.Equal(b, a, 1e-12 * Math.Max(1, Math.Abs(b)));
            for (int i = 0; i < g1.Length; i++) Assert.Equal(g2[i], g1[i], 1e-12 * Math.Max(1, Math.Abs(g2[i])));
        }
        Assert.False(interpreted.Compiled);
    }

    private static IEnumerable<double[]> RandomPoints(int dimension, int count, ulong seed)
    {
        var rng = new Rng(seed);
        for (int k = 0; k < count; k++) yield return Enumerable.Range(0, dimension).Select(_ => 4 * rng.NextDouble() - 2).ToArray();
    }

    [Fact]
    public void EightSchoolsReplaysAndMatchesTheInterpreter()
    {
        var model = EightSchoolsModel.Model(EightSchoolsModel.Y, EightSchoolsModel.Sigma);
        AssertSameAsInterpreted(model, RandomPoints(10, 50, 1));
        var density = ModelDensity<Real[]>.Create(model, generatedGradient: false); // the tape (eight schools has a generated gradient)
        foreach (var theta in RandomPoints(10, 10, 2)) density.LogDensityGradient(theta, new double[10]);
        Assert.True(density.Compiled, density.CompileFailure);
        Assert.Equal((10L, 9L, 0L), density.Counts);
    }

    [Fact]
    public void BranchesOnRealComparisonsFallBackToTheModel()
    {
        // The likelihood's form depends on the sign of x: replays on the other side must re-run the model.
        var model = from x in Sample("x", Normal(0, 2))
                    from s in Sample("s", HalfNormal(1))
                    from _ in Observe(x > 0 ? Normal(x, s) : (IDistribution<Real>)Cauchy(x, s), (Real)0.5)
                    select x;
        var points = new[] { new[] { 0.3, 0.1 }, [-0.4, 0.2], [0.8, -0.3], [-1.2, 0.0], [1.5, 0.5] };
        AssertSameAsInterpreted(model, points);
        var density = ModelDensity<Real>.Create(model);
        foreach (var p in points) density.LogDensityGradient(p, new double[2]);
        Assert.True(density.Counts.GuardFailures >= 3, $"{density.Counts}");
    }

    [Fact]
    public void AChangedAddressSetIsStillDetectedAfterCompiling()
    {
        var model = from x in Sample("x", Normal(0, 1))
                    from y in x > 0 ? Sample("a", Normal(0, 1)) : Sample("b", Normal(0, 1))
                    select y;
        var density = ModelDensity<Real>.Create(model, seed: 1);
        bool positive = density.Blocks[1].Address == Address.Of("a");
        double same = positive ? 1 : -1;
        density.LogDensityGradient([same, 0], new double[2]);
        density.LogDensityGradient([same * 2, 0.5], new double[2]);
        Assert.True(density.Compiled);
        var e = Assert.Throws<ModelException>(() => density.LogDensityGradient([-same, 0], new double[2]));
        Assert.Equal(positive ? Address.Of("b") : Address.Of("a"), e.Address);
    }

    [Fact]
    public void ReplayGivesMinusInfinityWhereTheModelRejectsItsParameters()
    {
        // sigma = exp(1000 u) underflows to 0 at u = −0.8: the interpreter's Normal rejects it (−∞); the replay
        // computes a non-finite density, which the sampler must also see as −∞ or NaN, never as a finite value.
        // The discovery run draws u from the prior and must itself give a valid sigma (|1000 u| < 709, where exp is finite
        // and nonzero): with u ~ N(0, 0.01) that fails only beyond 70 sd, whatever the stream.
        var model = from u in Sample("u", Normal(0, 0.01))
                    from _ in Observe(Normal(0, RealMath.Exp(u * 1000)), (Real)1.0)
                    select u;
        var density = ModelDensity<Real>.Create(model);
        density.LogDensityGradient([-0.0001], new double[1]);
        Assert.True(density.Compiled);
        double lp = density.LogDensityGradient([-0.8], new double[1]);
        Assert.False(double.IsFinite(lp), $"log p = {lp}");
    }
}
