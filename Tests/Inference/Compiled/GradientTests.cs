using Probabilistic.Compilation;
using Probabilistic.Distributions;
using Probabilistic.Examples.Gallery;
using Probabilistic.Inference;
using Xunit;

namespace Probabilistic.Tests.Inference.Compiled;

/// <summary>
/// The generated reverse-mode gradient over <c>double</c> (<see cref="ICompiledGradient"/>, run by
/// <see cref="ModelDensity{T}"/>): which models get one (a regression in coverage fails here), its value and gradient
/// against the compiled tape of the same density at many random points (1e-12 relative), its declining of rejected points
/// to the tape with the tape's messages, and NUTS on eight schools with it against the tape.
/// </summary>
public class GradientTests
{
    private static readonly double[] Y = [0.5, -1.0, 2.0, 0.25, 1.5];

    // Every [Compiled] model of the density tests and the gallery with a generated density, and whether its gradient is generated.
    public static TheoryData<string, bool> Coverage => new()
    {
        { "eight schools", true },
        { "gaussian hmm", true },
        { "walk", true },
        { "rejecting", true },
        { "arithmetic", true },
        { "scales", true },
        { "autoregression", true },
        { "linear regression", false },   // sigma ~ sigmaPrior (a distribution object), MatVec
        { "logistic regression", true },  // MatVec over data, Dot, Sum of Softplus over an array
        { "supports", true },             // Beta, Uniform latents (interval bijector), a Bernoulli of a latent probability
        { "fold of plates", false },      // a Plate inside a Fold
        { "zero density", true },         // a Uniform observation with a latent bound
    };

    private static void With(string name, IModelCheck check)
    {
        switch (name)
        {
            case "eight schools": check.Run(EightSchoolsModel.Model(EightSchoolsModel.Y, EightSchoolsModel.Sigma), name); break;
            case "gaussian hmm": check.Run(GaussianHmm.Model(GaussianHmm.Simulate(12, 3), 1.5, 0.7, 1.2), name); break;
            case "walk": check.Run(DensityModels.Walk(Y), name); break;
            case "rejecting": check.Run(DensityModels.Rejecting(0.5), name); break;
            case "arithmetic": check.Run(GradientModels.Arithmetic(Y), name); break;
            case "scales": check.Run(GradientModels.Scales([0.7, 1.1, 0.4, 2.0, 1.3]), name); break;
            case "autoregression": check.Run(GradientModels.Autoregression(Y), name); break;
            case "linear regression":
                {
                    var x = new double[6, 2];
                    for (int i = 0; i < 6; i++) (x[i, 0], x[i, 1]) = (1, i);
                    check.Run(LinearRegressionModel.Model(x, [1, 2, 2, 3, 5, 6], 10, new Exponential(1)), name);
                    break;
                }
            case "logistic regression": check.Run(LogisticRegressionModel.Vectorized(new double[,] { { 1, 0.5 }, { 1, -1 }, { 1, 2 } }, [1, 0, 1]), name); break;
            case "supports": check.Run(DensityModels.Supports(Y, true, 2), name); break;
            case "fold of plates": check.Run(DensityModels.FoldOfPlates(Y), name); break;
            // y = 0.5: the density is finite where r = e^θ > 0.5, θ > −0.69, about 2/3 of θ ~ Uniform(−2, 2) (the gradient
            // check compares at least 100 of its 200 points); zero, declined to the tape, on the rest.
            case "zero density": check.Run(DensityModels.ZeroDensity(0.5), name); break;
            default: throw new ArgumentException(name);
        }
    }

    private interface IModelCheck
    {
        void Run<T>(Model<T> model, string name);
    }

    [Theory]
    [MemberData(nameof(Coverage))]
    public void TheseModelsGetAGeneratedGradient(string name, bool generated) => With(name, new CoverageCheck(generated));

    private sealed class CoverageCheck(bool expected) : IModelCheck
    {
        public void Run<T>(Model<T> model, string name)
        {
            var density = ModelDensity<T>.Create(model);
            Assert.True(density.Generated, $"{name}: no generated density");
            Assert.Equal(expected, density.GeneratedGradient);
            Assert.Equal(expected, CompiledModels.TryGetTwin(model, out var twin) && twin.CreateDensity() is ICompiledGradient);
            // Forced off: the interpreter (McmcOptions.Interpreted) or the tape.
            Assert.False(ModelDensity<T>.Create(model, interpreted: true).GeneratedGradient);
            Assert.False(ModelDensity<T>.Create(model, generatedGradient: false).GeneratedGradient);
        }
    }

    /// <summary>
    /// At the ends of a Uniform latent's interval, where the bijector's value can round past the bound, the generated
    /// density gives what the tape gives (the tape's Uniform rejects a value above hi; the generated code must not
    /// accept it). Found by review: the generated code skipped the support check for a bijected latent.
    /// </summary>
    [Fact]
    public void GeneratedDensityAtTheEdgesOfAnIntervalIsTheTapes()
    {
        var model = DensityModels.IntervalEdge(0.1);
        var generated = ModelDensity<Real>.Create(model);
        var tape = ModelDensity<Real>.Create(model, generatedGradient: false);
        Assert.True(generated.GeneratedGradient);
        var (g1, g2) = (new double[1], new double[1]);
        foreach (double theta in new[] { -745.0, -60.0, -40.0, -37.0, 0.0, 37.0, 40.0, 60.0, 745.0 })
        {
            double expected = tape.LogDensityGradient([theta], g2);
            double actual = generated.LogDensityGradient([theta], g1);
            bool same = double.IsFinite(expected)
                ? double.IsFinite(actual) && Math.Abs(expected - actual) <= 1e-12 * Math.Max(1, Math.Abs(expected))
                : expected.Equals(actual);
            Assert.True(same, $"θ = {theta}: generated {actual}, tape {expected}");
        }
    }

    [Theory]
    [MemberData(nameof(Coverage))]
    public void GeneratedGradientIsTheTapesAtRandomPoints(string name, bool generated)
    {
        if (generated) With(name, new SameGradient());
    }

    // 200 points of θ ~ Uniform(−2, 2)ᵈ: the value and every partial within 1e-12 of the compiled tape's (relative, or
    // absolute below 1), the tape's adjoints being summed in another order.
    private sealed class SameGradient : IModelCheck
    {
        public void Run<T>(Model<T> model, string name)
        {
            var generated = ModelDensity<T>.Create(model);
            var tape = ModelDensity<T>.Create(model, generatedGradient: false);
            Assert.True(generated.GeneratedGradient);
            var rng = new Rng(23);
            var g1 = new double[generated.Dimension];
            var g2 = new double[generated.Dimension];
            int finite = 0;
            for (int n = 0; n < 200; n++)
            {
                var theta = Enumerable.Range(0, generated.Dimension).Select(_ => 4 * rng.NextDouble() - 2).ToArray();
                double expected = tape.LogDensityGradient(theta, g2);
                double actual = generated.LogDensityGradient(theta, g1);
                Close(expected, actual, $"{name}: log density at point {n}");
                if (!double.IsFinite(expected)) continue;
                finite++;
                for (int i = 0; i < g1.Length; i++) Close(g2[i], g1[i], $"{name}: ∂/∂θ{i} at point {n}");
            }
            Assert.True(finite >= 100, $"{name}: only {finite} of 200 points have a finite density");
            Assert.True(tape.Compiled, tape.CompileFailure);
        }
    }

    private static void Close(double expected, double actual, string what)
    {
        // −∞ against a finite value is not close (|−∞ − x| ≤ 1e-12·∞ would say it is).
        bool close = double.IsFinite(expected)
            ? double.IsFinite(actual) && Math.Abs(expected - actual) <= 1e-12 * Math.Max(1, Math.Abs(expected))
            : expected.Equals(actual);
        Assert.True(close, $"{what}: tape {expected:R}, generated {actual:R}, beyond 1e-12");
    }

    [Fact]
    public void RejectedPointsAreLeftToTheTapeWithItsMessages()
    {
        var generated = ModelDensity<Real>.Create(DensityModels.Rejecting(0.5));
        var tape = ModelDensity<Real>.Create(DensityModels.Rejecting(0.5), generatedGradient: false);
        Assert.True(generated.GeneratedGradient);
        var g = new double[1];
        Assert.Equal(double.NegativeInfinity, generated.LogDensityGradient([-2.0], g)); // σ = −2 < 0
        Assert.Equal(double.NegativeInfinity, tape.LogDensityGradient([-2.0], g));
        Assert.NotNull(generated.LastRejection);
        Assert.Equal(tape.LastRejection, generated.LastRejection);
        Assert.Equal((1L, 0L, 0L), generated.Counts); // the one declined point ran on the tape
        Assert.True(double.IsFinite(generated.LogDensityGradient([1.0], g)));
        Assert.Equal((1L, 0L, 0L), generated.Counts); // a finite point did not
        Assert.Throws<ArgumentException>(() => generated.LogDensityGradient([1.0, 2.0], new double[2]));
    }

    // NUTS with the generated gradient against NUTS on the compiled tape, same seeds: the gradients differ in the last bits
    // (another summation order), so the chains agree statistically, not draw for draw: every posterior mean within 5
    // combined Monte Carlo standard errors of the other's.
    [Fact]
    public void NutsOnEightSchoolsAgreesWithTheTape()
    {
        var model = EightSchoolsModel.Model(EightSchoolsModel.Y, EightSchoolsModel.Sigma);
        var options = new NutsOptions { Chains = 2, Warmup = 500, Draws = 1000, Seed = 3 };
        var generated = Infer.Nuts(model, options: options).Summary();
        var tape = Infer.Nuts(model, options: options with { TapeGradient = true }).Summary();
        foreach (var row in tape.Rows)
        {
            var other = generated[row.Name];
            double se = Math.Sqrt(row.McseMean * row.McseMean + other.McseMean * other.McseMean);
            Assert.True(Math.Abs(row.Mean - other.Mean) <= 5 * se, $"{row.Name}: tape {row.Mean} ± {row.McseMean}, generated {other.Mean} ± {other.McseMean}");
        }
    }
}
