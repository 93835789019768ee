using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Probabilistic.Compilation;
using Probabilistic.Inference;
using Xunit.Sdk;

namespace Probabilistic.Compiler.Tests.Differential;

/// <summary>
/// The generated gradient on generated programs (issue 15: "compiled and interpreted give identical … log densities and
/// gradients"; issue 16: "generated gradients equal the tape's to 1e-12 on generated programs"): for 5 batches × 45 = 225
/// continuous programs inside the gradient's fragment (<see cref="GradientProgramGenerator"/>), the model's density class
/// implements <see cref="ICompiledGradient"/>, and at 4 random points θ ∈ [−1.5, 1.5]ᵈ its value equals the interpreter's
/// <see cref="ModelDensity{T}"/> (<c>interpreted: true</c>) and its gradient the interpreter's tape gradient, to 1e-12
/// relative (max(1, |expected|)): the sums run in another order, so the last bits may differ. The same holds for the
/// object <see cref="ICompiledGradient.ForThread"/> returns (its own workspace), on its first call (which sums the terms
/// over data) and later ones (which reuse that sum).
/// </summary>
public class GeneratedGradientProperties
{
    private const string Seed = "(20261207,1607)";
    private const int Points = 4;
    private const double Tolerance = 1e-12;

    /// <summary>Batches of 45 programs inside the gradient's fragment.</summary>
    public static class GradientBatches
    {
        public static Arbitrary<ModelBatch> Batches() =>
            Arb.From(Gen.ArrayOf(GradientProgramGenerator.Programs, 45).Select(p => new ModelBatch([.. p])), Halves);

        // Halves a failing batch down to the failing program, and stops there: shrinking inside a program (literals to 0)
        // would leave the gradient's fragment (a zero scale) and report another failure.
        private static IEnumerable<ModelBatch> Halves(ModelBatch batch) =>
            batch.Programs.Length > 1 ? ModelBatch.Shrink(batch) : [];
    }

    [Property(MaxTest = 5, Replay = Seed, Arbitrary = [typeof(GradientBatches)])]
    public void GeneratedGradientsAreTheInterpretersTapeGradients(ModelBatch batch)
    {
        using var compiled = BatchCompiler.Compile(batch.Programs);
        if (!compiled.GeneratorDiagnostics.IsEmpty)
            throw new XunitException("the generator reported diagnostics for programs inside the fragment:\n" + compiled.Describe(compiled.GeneratorDiagnostics));
        if (compiled.CompilerProblems.Count > 0)
            throw new XunitException("the generated code does not compile cleanly:\n" + compiled.Describe(compiled.CompilerProblems));
        compiled.Load();
        foreach (var m in compiled.Models)
        {
            try
            {
                m.Run(new SameGradient(compiled.Generated, m.Index));
            }
            catch (Exception e)
            {
                throw new XunitException($"P{m.Index}: {e.Message}\n{m}", e);
            }
        }
    }

    /// <summary>The check of one program.</summary>
    private sealed class SameGradient(System.Collections.Immutable.ImmutableArray<(string Hint, string Text)> generatedFiles, int index) : IModelCheck
    {
        public void Check<T>(ModelProgram program, Model<T> model, Model<T>? plain) where T : notnull
        {
            // A shrunk program may have lost its first draw (the generator starts every program with one): nothing to compare.
            if (!program.Body.Clauses.Any(c => c is SampleClause)) return;
            if (!CompiledModels.TryGetTwin(model, out var twin)) throw new XunitException("no compiled twin");
            var interpreted = ModelDensity<T>.Create(model, interpreted: true);
            var generated = ModelDensity<T>.Create(model);
            if (!generated.Generated) throw new XunitException("no generated density (its layout is not the interpreter's?)");
            if (twin.CreateDensity() is not ICompiledGradient gradient)
                throw new XunitException("no generated gradient: " + DeclinedReason());
            var copy = gradient.ForThread();
            int d = interpreted.Dimension;
            var rng = new Rng(91);
            var expected = new double[d];
            var actual = new double[d];
            for (int p = 0; p < Points; p++)
            {
                var theta = Enumerable.Range(0, d).Select(_ => 3 * rng.NextDouble() - 1.5).ToArray();
                double value = interpreted.LogDensityGradient(theta, expected);
                if (!double.IsFinite(value)) throw new XunitException($"the interpreter's density is {value} at point {p}: the generator should keep it finite");
                foreach (var (name, g) in new[] { ("generated", gradient), ("ForThread copy", copy) })
                {
                    if (!g.TryLogDensityGradient(theta, actual, out double v))
                        throw new XunitException($"{name}: the generated gradient declined point {p} (value {value:R})");
                    Close($"{name}: log density at point {p}", value, v);
                    for (int i = 0; i < d; i++) Close($"{name}: ∂/∂θ{i} at point {p}", expected[i], actual[i]);
                }
                // And through ModelDensity, which runs it.
                Close($"ModelDensity: log density at point {p}", value, generated.LogDensityGradient(theta, actual));
            }
            if (!generated.GeneratedGradient) throw new XunitException("ModelDensity does not run the generated gradient");
        }

        private static void Close(string what, double expected, double actual)
        {
            // −∞ (or NaN) against a finite value is not close: |−∞ − x| ≤ 1e-12·∞ would say it is.
            bool close = double.IsFinite(expected)
                ? double.IsFinite(actual) && Math.Abs(expected - actual) <= Tolerance * Math.Max(1, Math.Abs(expected))
                : expected.Equals(actual);
            if (!close)
                throw new XunitException($"{what}: {expected:R} (interpreter's tape) vs {actual:R} (generated)");
        }

        // The generator's reason, from the comment it leaves in the density file.
        private string DeclinedReason()
        {
            string text = generatedFiles.FirstOrDefault(f => f.Hint == $"Diff.P{index}.Model.Density.g.cs").Text ?? "";
            return text.Split('\n').FirstOrDefault(l => l.Contains("// No generated gradient", StringComparison.Ordinal))?.Trim() ?? "(no density file)";
        }
    }
}
