using Probabilistic.Compilation;
using Probabilistic.Inference;

namespace Probabilistic.Compiler.Tests;

/// <summary>
/// The generated gradient (<see cref="GradientEmitter"/>) in process: emitted (the density class implements
/// <see cref="ICompiledGradient"/>) for a model inside its fragment, compiling without warnings under the repository's
/// settings; absent — with the reason as a comment in the generated file — for one outside it; and equal to the compiled
/// tape's gradient to 1e-12.
/// </summary>
public class GradientGeneratorTests
{
    private const string Source = """
        namespace Demo;
        public static class Models
        {
            [Compiled]
            public static Model<Real> Inside(double[] y, int k) =>
                from mu in Sample("mu", Normal(0, 3))
                from sd in Sample("sd", HalfCauchy(2))
                from w in Plate("w", k, i => Normal(mu, 1 + i))
                let scaled = w.Select(v => v / sd).ToArray()
                from last in Fold("f", y.Length, (Real)0.0, (prev, t) =>
                    from x in Sample("x", Normal(0.5 * prev + scaled[t % k], sd))
                    from _ in Observe(Normal(x, 1.0), y[t])
                    select x)
                from _ in ObserveEach(y, (yi, i) => Normal(RealMath.Exp(0.1 * w[i % k]), sd + 1))
                from f in Factor(-0.5 * last * last)
                select last;

            [Compiled]
            public static Model<Real> Outside(double[] y) =>
                from p in Sample("p", Cauchy(0, 2))
                from _ in ObserveEach(y, (yi, i) => Normal(p, 1))
                select p;

            public static Model<Real> MakeInside(double[] y, int k) => Inside(y, k);
        }
        """;

    [Fact]
    public void GradientIsEmittedInsideTheFragmentAndCompilesWithoutWarnings()
    {
        var run = GeneratorHarness.Run(Source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerProblems);
        var inside = run.Generated.Single(g => g.Hint == "Demo.Models.Inside.Density.g.cs").Text;
        Assert.Contains("global::Probabilistic.Compilation.ICompiledGradient", inside, StringComparison.Ordinal);
        Assert.Contains("public bool TryLogDensityGradient(", inside, StringComparison.Ordinal);
        // Doubles only: no tape, no Real.
        string method = inside[inside.IndexOf("TryLogDensityGradient(", StringComparison.Ordinal)..];
        Assert.DoesNotContain("Probabilistic.Real", method, StringComparison.Ordinal);
        Assert.DoesNotContain("Tape", method, StringComparison.Ordinal);
        var outside = run.Generated.Single(g => g.Hint == "Demo.Models.Outside.Density.g.cs").Text;
        Assert.DoesNotContain("ICompiledGradient", outside, StringComparison.Ordinal);
        Assert.Contains("// No generated gradient (the tape's is used)", outside, StringComparison.Ordinal);
    }

    [Fact]
    public void EmittedGradientIsTheTapes()
    {
        var models = GeneratorHarness.Run(Source).Load().GetType("Demo.Models")!;
        var y = new[] { 0.5, -1.0, 2.0, 0.25 };
        var model = (Model<Real>)models.GetMethod("MakeInside")!.Invoke(null, [y, 3])!;
        var generated = ModelDensity<Real>.Create(model);
        var tape = ModelDensity<Real>.Create(model, generatedGradient: false);
        Assert.True(generated.GeneratedGradient);
        Assert.Equal(2 + 3 + 4, generated.Dimension);
        var rng = new Rng(17);
        var g1 = new double[generated.Dimension];
        var g2 = new double[generated.Dimension];
        for (int n = 0; n < 100; n++)
        {
            var theta = Enumerable.Range(0, generated.Dimension).Select(_ => 3 * rng.NextDouble() - 1.5).ToArray();
            double expected = tape.LogDensityGradient(theta, g2), actual = generated.LogDensityGradient(theta, g1);
            Assert.True(double.IsFinite(expected) ? double.IsFinite(actual) && Math.Abs(expected - actual) <= 1e-12 * Math.Max(1, Math.Abs(expected)) : expected.Equals(actual), $"value at point {n}: {expected:R} vs {actual:R}");
            for (int i = 0; i < g1.Length; i++)
                Assert.True(Math.Abs(g2[i] - g1[i]) <= 1e-12 * Math.Max(1, Math.Abs(g2[i])), $"∂/∂θ{i} at point {n}: {g2[i]:R} vs {g1[i]:R}");
        }
        Assert.True(tape.Compiled, tape.CompileFailure);
    }
}
