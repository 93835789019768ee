using Probabilistic.Compilation;
using Probabilistic.Distributions;
using Probabilistic.Examples.Gallery;
using Probabilistic.Inference;
using Probabilistic.Tests.Data;
using Probabilistic.Tests.Inference.Gradient;
using Xunit;

namespace Probabilistic.Tests.Inference.Compiled;

/// <summary>
/// The generated log density of <c>[Compiled]</c> models (<see cref="ICompiledDensity"/>, run by <see cref="ModelDensity{T}"/>)
/// against the interpreted one: the same coordinates, the same values and gradients (they record the same tape, so the
/// comparison is exact; 1e-12 is the bound), on the first recording, on compiled-tape replays and re-run on every
/// gradient; the same NUTS draws for the same seed; the same rejections and zero-density messages.
/// </summary>
public class DensityTests
{
    private static readonly double[] Y = [0.3, -1.2, 2.2, 0.7, 1.9];

    public static TheoryData<string> Models => new() { "eight schools", "linear regression", "logistic regression", "gaussian hmm", "supports", "walk", "fold of plates" };

    // Runs check on the named model (a generic method, called with the model's type).
    private static void With(string name, IModelCheck check)
    {
        switch (name)
        {
            case "eight schools": check.Run(EightSchoolsModel.Model(EightSchoolsModel.Y, EightSchoolsModel.Sigma), name); break;
            case "linear regression":
                {
                    var data = RepositoryData.Json("linreg_N100.json");
                    var (x, y) = PosteriorDbTests.Design(data.GetProperty("X"), data.GetProperty("y"));
                    check.Run(LinearRegressionModel.Model(x, y, 10, new Exponential(1)), name);
                    break;
                }
            case "logistic regression":
                {
                    var rng = new Rng(5);
                    var x = new double[40, 3];
                    var y = new double[40];
                    for (int i = 0; i < 40; i++)
                    {
                        for (int k = 0; k < 3; k++) x[i, k] = rng.NextGaussian();
                        y[i] = rng.NextDouble() < 0.5 ? 1 : 0;
                    }
                    check.Run(LogisticRegressionModel.Vectorized(x, y), name);
                    break;
                }
            case "gaussian hmm": check.Run(GaussianHmm.Model(GaussianHmm.Simulate(12, 3), 1.5, 0.7, 1.2), name); break;
            case "supports": check.Run(DensityModels.Supports(Y, true, 2), name); break;
            case "walk": check.Run(DensityModels.Walk(Y), name); break;
            case "fold of plates": check.Run(DensityModels.FoldOfPlates(Y), name); break;
            default: throw new ArgumentException(name);
        }
    }

    private interface IModelCheck
    {
        void Run<T>(Model<T> model, string name);
    }

    private static double[][] RandomPoints(int dimension, int count, ulong seed)
    {
        var rng = new Rng(seed);
        return [.. Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, dimension).Select(_ => 3 * rng.NextDouble() - 1.5).ToArray())];
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void GeneratedDensityIsTheInterpretersOnItsCoordinates(string name) => With(name, new SameDensity(compile: true));

    [Theory]
    [MemberData(nameof(Models))]
    public void GeneratedCodeReRunsEveryGradientWhenTheTapeIsNotReplayed(string name) => With(name, new SameDensity(compile: false));

    // Generated and interpreted densities of one model: same blocks, values, gradients (first recording, then replays of the
    // compiled tape — or, with compile false, a re-run of the generated code on every gradient) and constrained values.
    private sealed class SameDensity(bool compile) : IModelCheck
    {
        public void Run<T>(Model<T> model, string name)
        {
            Assert.True(CompiledModels.TryGetTwin(model, out _), "the test assembly's interceptor attached no twin");
            var generated = ModelDensity<T>.Create(model, compile: compile, generatedGradient: false);
            var interpreted = ModelDensity<T>.Create(model, compile: compile, interpreted: true);
            Assert.True(generated.Generated, $"{name}: no generated density");
            Assert.False(interpreted.Generated);
            Assert.Equal(interpreted.ColumnNames(), generated.ColumnNames());
            // (A support is an object per distribution, e.g. Uniform's interval: compared by name.)
            Assert.Equal(interpreted.Blocks.Select(b => b with { Support = null! }), generated.Blocks.Select(b => b with { Support = null! }));
            Assert.Equal(interpreted.Blocks.Select(b => b.Support.Name), generated.Blocks.Select(b => b.Support.Name));
            int dimension = generated.Dimension;
            var g1 = new double[dimension];
            var g2 = new double[dimension];
            var c1 = new double[interpreted.ConstrainedDimension];
            var c2 = new double[c1.Length];
            foreach (var theta in RandomPoints(dimension, 6, 11))
            {
                AssertClose(interpreted.LogDensityGradient(theta, g2), generated.LogDensityGradient(theta, g1), name);
                for (int i = 0; i < dimension; i++) AssertClose(g2[i], g1[i], $"{name}: ∂/∂θ{i}");
                AssertClose(interpreted.LogDensity(theta), generated.LogDensity(theta), name);
                interpreted.Constrain(theta, c2);
                generated.Constrain(theta, c1);
                Assert.Equal(c2, c1);
            }
            Assert.Equal(interpreted.Compiled, generated.Compiled);
            Assert.Equal(interpreted.Counts, generated.Counts);
            Assert.Equal(interpreted.CompileFailure, generated.CompileFailure);
            if (!compile) Assert.False(generated.Compiled);
        }
    }

    // The generated density records the interpreter's operations in the interpreter's order: equal to the last bit, which
    // is asserted (the bound, 1e-12, is named in the message when even that fails).
    private static void AssertClose(double expected, double actual, string what)
    {
        bool close = double.IsFinite(expected)   // −∞ against a finite value is not close
            ? double.IsFinite(actual) && Math.Abs(expected - actual) <= 1e-12 * Math.Max(1, Math.Abs(expected))
            : expected.Equals(actual);
        Assert.True(close, $"{what}: interpreted {expected:R}, generated {actual:R}, beyond 1e-12");
        Assert.True(expected.Equals(actual), $"{what}: interpreted {expected:R}, generated {actual:R}: within 1e-12 but not equal");
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(7UL)]
    public void NutsDrawsAreTheInterpretersForTheSameSeed(ulong seed)
    {
        var model = EightSchoolsModel.Model(EightSchoolsModel.Y, EightSchoolsModel.Sigma);
        var options = new NutsOptions { Chains = 2, Warmup = 150, Draws = 100, Seed = seed };
        // The equality below means something only if the two runs took different paths: the entry point's density is the
        // generated one unless Interpreted is set.
        Assert.True(EntryPointDensityIsGenerated(model, interpreted: false));
        Assert.False(EntryPointDensityIsGenerated(model, interpreted: true));
        var compiled = Infer.Nuts(model, options: options with { TapeGradient = true });
        var interpreted = Infer.Nuts(model, options: options with { Interpreted = true });
        Assert.Equal(interpreted.Columns.Select(c => c.Name), compiled.Columns.Select(c => c.Name));
        foreach (var c in interpreted.Columns)
            for (int k = 0; k < 2; k++) Assert.Equal(interpreted.Chain(c.Name)[k], compiled.Chain(c.Name)[k]);
    }

    [Fact]
    public void HmcAndGibbsOfAContinuousModelAreTheInterpretersForTheSameSeed()
    {
        var model = DensityModels.Walk(Y);
        Assert.True(EntryPointDensityIsGenerated(model, interpreted: false));
        var hmc = new HmcOptions { Chains = 1, Warmup = 60, Draws = 40, Seed = 4, TapeGradient = true };
        var gibbs = new GibbsOptions { Chains = 1, Warmup = 30, Draws = 20, Seed = 4, TapeGradient = true };
        foreach (var (compiled, interpreted) in new[]
        {
            (Infer.Hmc(model, options: hmc), Infer.Hmc(model, options: hmc with { Interpreted = true })),
            (Infer.Gibbs(model, options: gibbs), Infer.Gibbs(model, options: gibbs with { Interpreted = true })),
        })
        {
            foreach (var c in interpreted.Columns) Assert.Equal(interpreted.Chain(c.Name)[0], compiled.Chain(c.Name)[0]);
        }
    }

    // The density Infer.Nuts/Hmc (and Gibbs, with no discrete choice to condition on) build for the model.
    private static bool EntryPointDensityIsGenerated<T>(Model<T> model, bool interpreted) =>
        ModelDensity<T>.ForEntryPoint(model, ChoiceMap.Empty.Merge(ChoiceMap.Empty), seed: 1, interpreted: interpreted).Generated;

    [Fact]
    public void ConditionsAndDiscreteChoicesLeaveTheModelToTheInterpreter()
    {
        var schools = EightSchoolsModel.Model(EightSchoolsModel.Y, EightSchoolsModel.Sigma);
        Assert.False(ModelDensity<Real[]>.Create(schools, ChoiceMap.Empty.With(Address.Of("mu"), (Real)1.0)).Generated);
        Assert.True(ModelDensity<Real[]>.Create(schools).Generated);
        // A discrete latent choice: the twin has a particle program but no density.
        Assert.True(CompiledModels.TryGetTwin(GaussianMixtureModel.Model([1.0, 2.0]), out var mixture));
        Assert.Null(mixture.CreateDensity());
        Assert.True(CompiledModels.TryGetTwin(ChangePoint.Model([1, 2, 3]), out var changePoint));
        Assert.Null(changePoint.CreateDensity());
    }

    [Fact]
    public void RejectionsAndZeroDensitiesAreReportedAsTheInterpreterReportsThem()
    {
        var rejecting = DensityModels.Rejecting(0.5);
        var generated = ModelDensity<Real>.Create(rejecting);
        var interpreted = ModelDensity<Real>.Create(rejecting, interpreted: true);
        Assert.True(generated.Generated);
        var g = new double[1];
        Assert.Equal(double.NegativeInfinity, generated.LogDensityGradient([-2.0], g));
        Assert.Equal(double.NegativeInfinity, interpreted.LogDensityGradient([-2.0], g));
        Assert.NotNull(generated.LastRejection);
        Assert.Equal(interpreted.LastRejection, generated.LastRejection);
        Assert.Equal(double.NegativeInfinity, generated.LogDensity([-3.0]));
        Assert.True(double.IsFinite(generated.LogDensityGradient([1.0], g)));

        var zero = DensityModels.ZeroDensity(2.0);
        var zg = ModelDensity<Real>.Create(zero);
        var zi = ModelDensity<Real>.Create(zero, interpreted: true);
        Assert.True(zg.Generated);
        Assert.Equal(double.NegativeInfinity, zg.LogDensityGradient([0.0], g)); // r = 1 < y = 2
        Assert.Equal(double.NegativeInfinity, zi.LogDensityGradient([0.0], g));
        Assert.NotNull(zg.LastZeroDensityObservation);
        Assert.Equal(zi.LastZeroDensityObservation, zg.LastZeroDensityObservation);
        Assert.True(double.IsFinite(zg.LogDensityGradient([2.0], g)));
        Assert.Null(zg.LastZeroDensityObservation);
    }
}
