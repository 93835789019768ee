using Probabilistic.Compilation;
using Probabilistic.Distributions;
using Probabilistic.Examples.Gallery;
using Probabilistic.Inference;
using Probabilistic.Inference.Variational;
using Probabilistic.Numerics;
using Probabilistic.Tests.Inference.Compiled;
using Xunit;
using Xunit.Abstractions;

namespace Probabilistic.Tests.Inference.Variational;

/// <summary>
/// SVI on <c>[Compiled]</c> models scores the model through its generated log density at the autoguide's unconstrained
/// draw (<see cref="GeneratedModelScorer"/>): the path is taken where it applies and not elsewhere, and the objective's
/// values and gradients, and the fitted parameters, are the interpreter's to rounding.
/// </summary>
/// <remarks>
/// Tolerances. Both paths compute the same terms, each to the bit (the generated density calls the same log densities and
/// bijectors; the guide's u and log q are the same nodes); they differ in the order of the sums: the interpreter adds the
/// observations' and the latents' log densities in two sums, the generated density adds log |J| and each choice's log
/// density in visiting order, and the Jacobian is then subtracted again. A recursive sum of n terms has an error of at most
/// (n − 1)·u·Σ|tₖ| (Higham, "Accuracy and Stability of Numerical Algorithms", 2nd ed., §4.2; u = 2⁻⁵³ ≈ 1.1e-16). Eight
/// schools has n ≈ 30 terms and linear regression n ≈ 10, each |tₖ| at most a few times |f| at the points used, so the two
/// values differ by at most ~30·1.1e-16·(5·|f|) ≈ 2e-14·|f|: 1e-12 relative leaves a factor of 50. The gradients' adjoints
/// are the same partials accumulated in another order, with the same bound relative to the largest adjoint.
/// </remarks>
public class GeneratedDensitySviTests(ITestOutputHelper output)
{
    private static Model<Real[]> Schools() => EightSchoolsModel.Model(EightSchoolsModel.Y, EightSchoolsModel.Sigma);

    private static Model<Real[]> Regression()
    {
        var (x, y) = VariationalRegression.Simulate(60, 3);
        return LinearRegressionModel.Model(x, y, 10, new Exponential(1));
    }

    public static TheoryData<string, string> Cases => new()
    {
        { "eight schools", "AutoNormal" },
        { "eight schools", "AutoMultivariateNormal" },
        { "linear regression", "AutoNormal" },
        { "linear regression", "AutoMultivariateNormal" },
    };

    private static (Model<Real[]> Model, Guide Guide) Case(string model, string guide)
    {
        var m = model == "eight schools" ? Schools() : Regression();
        return (m, guide == "AutoNormal" ? AutoNormal.Create(m) : AutoMultivariateNormal.Create(m));
    }

    private static void AssertClose(double expected, double actual, double scale, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Max(1, scale), $"{what}: interpreted {expected:R}, generated {actual:R}, difference {expected - actual:G3}");

    /// <summary>At 20 random parameter points, one ELBO estimate and its gradient with the same guide draw (same seed):
    /// generated and interpreted agree to 1e-12 relative (see the remarks), with the generated gradient (eight schools)
    /// and the generated density on the tape (linear regression's fused likelihood is outside the gradient's fragment).</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void ElboAndGradientAreTheInterpretersToRounding(string modelName, string guideName)
    {
        var (model, guide) = Case(modelName, guideName);
        var store = new ParameterStore();
        var scorer = new ModelScorer<Real[]>(model, ChoiceMap.Empty, store, "ELBO");
        scorer.CheckSupports(guide.Sample(store, new Rng(1)));
        var generated = GeneratedModelScorer.TryCreate(model, ChoiceMap.Empty, guide, scorer.LogJoint);
        Assert.NotNull(generated);
        Assert.Equal(modelName == "eight schools", generated.GeneratedGradient);
        var points = new Rng(77);
        double worstValue = 0, worstGradient = 0;
        for (int p = 0; p < 20; p++)
        {
            var theta = store.Unconstrained;
            for (int i = 0; i < theta.Length; i++) theta[i] = 0.3 * points.NextGaussian();
            store.SetUnconstrained(theta);
            foreach (var objective in new Objective[] { new Elbo(), new Iwelbo(4), new Elbo { Particles = 3 } })
            {
                var interpretedContext = new TapeObjectiveContext(scorer.LogJoint, guide, store, new Rng(100 + (ulong)p), []);
                var generatedContext = new TapeObjectiveContext(generated.LogJoint, guide, store, new Rng(100 + (ulong)p), []);
                var (vi, gi) = SviStep.Gradient(objective, interpretedContext, store, new Tape(), p);
                var (vg, gg) = SviStep.Gradient(objective, generatedContext, store, new Tape(), p);
                AssertClose(vi, vg, Math.Abs(vi), $"{objective.Name} at point {p}");
                double largest = gi.Max(Math.Abs);
                worstValue = Math.Max(worstValue, Math.Abs(vi - vg) / Math.Max(1, Math.Abs(vi)));
                for (int i = 0; i < gi.Length; i++) worstGradient = Math.Max(worstGradient, Math.Abs(gi[i] - gg[i]) / Math.Max(1, largest));
                for (int i = 0; i < gi.Length; i++) AssertClose(gi[i], gg[i], largest, $"{objective.Name} ∂/∂θ[{i}] at point {p}");
            }
        }
        output.WriteLine($"{modelName}, {guideName}: largest relative difference of the objective {worstValue:G3}, of the gradient {worstGradient:G3}");
    }

    /// <summary>
    /// A few hundred Adam steps from the same seed: the generated path is taken (and only without
    /// <see cref="SviOptions.Interpreted"/> or <see cref="CompiledModels.Interpreted{T}"/>), and the objective history and the
    /// fitted parameters are the interpreter's to 1e-12 relative. Each step's objective and gradient differ by a few units
    /// in the last place (above); Adam's update divides the first moment by the root of the second, so a relative
    /// perturbation δ of the gradient moves θ by at most about δ·(learning rate 0.01) per step, 300 steps accumulating at
    /// most 300·1e-14·0.01 ≈ 3e-14 even without the ELBO's curvature pulling perturbations back (measured: ≤ 3e-16 on the
    /// parameters and ≤ 1.5e-15 on the history over these four cases); 1e-12 leaves a factor of 30 over the bound.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void FittedParametersAreTheInterpretersToRounding(string modelName, string guideName)
    {
        var (model, guide) = Case(modelName, guideName);
        var options = new SviOptions { Steps = 300, Seed = 9 };
        var generated = Infer.Svi(model, guide, options: options);
        var interpreted = Infer.Svi(model, guide, options: options with { Interpreted = true });
        var untwinned = Infer.Svi(CompiledModels.Interpreted(model), guide, options: options);
        Assert.True(generated.GeneratedDensity);
        Assert.False(interpreted.GeneratedDensity);
        Assert.False(untwinned.GeneratedDensity);
        Assert.Equal(interpreted.History, untwinned.History); // the same interpreter either way
        var a = interpreted.Parameters.Unconstrained;
        var b = generated.Parameters.Unconstrained;
        double worst = 0;
        for (int i = 0; i < a.Length; i++) worst = Math.Max(worst, Math.Abs(a[i] - b[i]) / Math.Max(1, Math.Abs(a[i])));
        double worstHistory = interpreted.History.Zip(generated.History).Max(p => Math.Abs(p.First - p.Second) / Math.Max(1, Math.Abs(p.First)));
        output.WriteLine($"{modelName}, {guideName}: largest relative difference of the parameters {worst:G3}, of the objective {worstHistory:G3}");
        Assert.True(worst <= 1e-12, $"largest relative parameter difference {worst:G3}");
        for (int s = 0; s < interpreted.History.Count; s++)
            Assert.True(Math.Abs(interpreted.History[s] - generated.History[s]) <= 1e-12 * Math.Max(1, Math.Abs(interpreted.History[s])),
                $"step {s}: interpreted {interpreted.History[s]:R}, generated {generated.History[s]:R}");
    }

    /// <summary>The generated density is used with the autoguides over the unconstrained space, a Fold model included, and
    /// not with a point-mass guide (AutoDelta: its draws carry no u).</summary>
    [Fact]
    public void InterpretsWhereTheGeneratedDensityDoesNotApply()
    {
        var options = new SviOptions { Steps = 5, Seed = 1 };
        var schools = Schools();
        Assert.True(SviRun.Start(schools, AutoNormal.Create(schools), options: options).GeneratedDensity);
        Assert.False(SviRun.Start(schools, AutoDelta.Create(schools), options: options).GeneratedDensity);
        var walk = DensityModels.Walk([0.5, 1.0, 0.2]);
        Assert.True(SviRun.Start(walk, AutoNormal.Create(walk), options: options).GeneratedDensity);
        Assert.True(SviRun.Start(walk, AutoMultivariateNormal.Create(walk), options: options).GeneratedDensity);
    }

    /// <summary>
    /// x ~ Uniform(0, a) with a latent: the generated density maps x's coordinate through Uniform(0, a)'s bijector at the
    /// run's a, the guide through the support it fixed when it was made, so the generated path would score another x than
    /// the guide's. The scorer is not made and the fit is the interpreter's, bit for bit; a model whose Uniform has data
    /// bounds (DensityModels.Supports) keeps the generated path.
    /// </summary>
    [Fact]
    public void ASupportThatDependsOnAnotherLatentIsInterpreted()
    {
        var model = DependentSupportModels.UniformBelow(0.4);
        Assert.True(CompiledModels.TryGetTwin(model, out _));
        var guide = AutoNormal.Create(model);
        var store = new ParameterStore();
        var scorer = new ModelScorer<Real>(model, ChoiceMap.Empty, store, "ELBO");
        Assert.Null(GeneratedModelScorer.TryCreate(model, ChoiceMap.Empty, guide, scorer.LogJoint));
        var options = new SviOptions { Steps = 30, Seed = 4 };
        var run = SviRun.Start(model, guide, options: options);
        Assert.False(run.GeneratedDensity);
        run.Run(options.Steps);
        var fit = run.Fit();
        var interpreted = Infer.Svi(model, guide, options: options with { Interpreted = true });
        Assert.Equal(interpreted.History, fit.History);
        Assert.Equal(interpreted.Parameters.Unconstrained, fit.Parameters.Unconstrained);
        var fixedBounds = DensityModels.Supports([0.2, -0.4], true, 1);
        Assert.True(SviRun.Start(fixedBounds, AutoNormal.Create(fixedBounds), options: options).GeneratedDensity);
    }

    /// <summary>
    /// A draw where the generated code declines (a latent scale drawn negative: the observation's Normal rejects it) is
    /// scored by the interpreter: the same error, naming the same step, as the interpreted fit.
    /// </summary>
    [Fact]
    public void WhereTheGeneratedDensityDeclinesTheInterpreterAnswers()
    {
        var model = DensityModels.Rejecting(0.3);
        var options = new SviOptions { Steps = 50, Seed = 2 };
        var generated = Record.Exception(() => Infer.Svi(model, AutoNormal.Create(model), options: options));
        var interpreted = Record.Exception(() => Infer.Svi(model, AutoNormal.Create(model), options: options with { Interpreted = true }));
        Assert.NotNull(interpreted);
        Assert.NotNull(generated);
        Assert.Equal(interpreted.GetType(), generated.GetType());
        Assert.Equal(interpreted.Message, generated.Message);
    }
}

