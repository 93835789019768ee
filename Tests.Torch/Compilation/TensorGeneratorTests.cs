using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Probabilistic.Compiler;
using Xunit;

namespace Probabilistic.Torch.Tests.Compilation;

/// <summary>
/// The generator over tensor models, run in process (<see cref="CSharpGeneratorDriver"/>) on sources compiled against
/// Core, Distributions, Torch and TorchSharp: which models get a tensor particle program, the PROB020 warning (message and
/// location) for those that cannot, and generated code that compiles without warnings under the repository's settings.
/// </summary>
public class TensorGeneratorTests
{
    private const string Prelude = """
        using System;
        using System.Linq;
        using Probabilistic;
        using Probabilistic.Compilation;
        using Probabilistic.Torch;
        using TorchSharp;
        using static Probabilistic.Model;
        using static Probabilistic.Torch.TensorModel;
        using static TorchSharp.torch;

        """;

    private static readonly CSharpParseOptions Parse = CSharpParseOptions.Default
        .WithLanguageVersion(LanguageVersion.Latest)
        .WithFeatures([new KeyValuePair<string, string>("InterceptorsNamespaces", CompiledModelGenerator.InterceptorsNamespace)]);

    private static readonly ImmutableArray<MetadataReference> References =
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Concat([typeof(Model).Assembly.Location, typeof(Probabilistic.Distributions.Dist).Assembly.Location, typeof(TensorModel).Assembly.Location, typeof(TorchSharp.torch).Assembly.Location])
            .Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)),
    ];

    private static (ImmutableArray<Diagnostic> Generator, IReadOnlyList<Diagnostic> Compiler, string Generated) Run(string models)
    {
        var source = Prelude + "public static class Models\n{\n" + models + "\n}\n";
        var tree = CSharpSyntaxTree.ParseText(source, Parse, path: "Models.cs");
        var compilation = CSharpCompilation.Create("Demo", [tree], References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new CompiledModelGenerator().AsSourceGenerator()], parseOptions: Parse);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var generated = string.Join("\n", output.SyntaxTrees.Skip(1).Select(t => t.ToString()));
        return (diagnostics, [.. output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning)], generated);
    }

    private static string Span(Diagnostic d) => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan);

    private const string Walk = """
            [Compiled]
            public static Model<Tensor> Walk(Tensor[] ys, Tensor m0, Tensor s) =>
                Fold("x", ys.Length, m0, (prev, t) =>
                    from x in Sample("x", TensorDist.Normal(prev, s))
                    from _ in Observe(TensorDist.Normal(x, s), ys[t])
                    select x);
        """;

    [Fact]
    public void ATensorModelGetsATensorParticleProgramThatCompilesCleanly()
    {
        var (generator, compiler, generated) = Run(Walk);
        Assert.Empty(generator);
        Assert.Empty(compiler);
        Assert.Contains("partial class Walk", generated, StringComparison.Ordinal);
        Assert.Contains("global::Probabilistic.Torch.Compilation.ITensorCompiledModel", generated, StringComparison.Ordinal);
        Assert.Contains("class WalkTensorState : global::Probabilistic.Torch.Compilation.ITensorParticleState", generated, StringComparison.Ordinal);
        // Resampling selects the live per-particle value (the draw read after the observation), not the dead carried state.
        Assert.Contains("this.__v4_x = global::Probabilistic.Torch.Compilation.TensorParticleStep.Resample(this.__v4_x, ancestors, \"", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("this.__fold0State = global::Probabilistic.Torch.Compilation.TensorParticleStep.Resample", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void AScalarModelGetsNoTensorProgram()
    {
        var (generator, compiler, generated) = Run("""
            [Compiled]
            public static Model<double> Coin(bool[] flips) =>
                Fold("f", flips.Length, 0.0, (p, t) =>
                    from q in Sample("q", Probabilistic.Distributions.Dist.Beta(1, 1))
                    from _ in Observe(Probabilistic.Distributions.Dist.Bernoulli(q), flips[t])
                    select q.Value);
            """);
        Assert.Empty(generator);
        Assert.Empty(compiler);
        Assert.DoesNotContain("ITensorCompiledModel", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void AScalarDrawInATensorModelIsPROB020AtTheDraw()
    {
        var (generator, compiler, generated) = Run("""
            [Compiled]
            public static Model<Tensor> Mixed(Tensor y, Tensor s) =>
                from z in Sample("z", Probabilistic.Distributions.Dist.Normal(0, 1))
                from x in Sample("x", TensorDist.Normal(y * 0, s))
                from _ in Observe(TensorDist.Normal(x, s), y)
                select x;
            """);
        var d = Assert.Single(generator);
        Assert.Equal("PROB020", d.Id);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal("""Sample("z", Probabilistic.Distributions.Dist.Normal(0, 1))""", Span(d));
        Assert.Equal("'z' draws a Probabilistic.Real (a tensor particle program draws tensors, from TensorDist.*): the tensor particle program is not generated and Infer.TensorSmc runs the model interpreted", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        // The scalar twin is still generated (and compiles); only the tensor program is left out.
        Assert.Empty(compiler);
        Assert.Contains("MixedTwin", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("ITensorCompiledModel", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void AScalarScoreInATensorModelIsPROB020AtTheMethod()
    {
        var (generator, compiler, _) = Run("""
            [Compiled]
            public static Model<Tensor> CoreFactor(Tensor y, Tensor s) =>
                from x in Sample("x", TensorDist.Normal(y * 0, s))
                from _ in Probabilistic.Model.Factor(-1.0)
                from __ in Observe(TensorDist.Normal(x, s), y)
                select x;
            """);
        var d = Assert.Single(generator);
        Assert.Equal("PROB020", d.Id);
        Assert.Equal("CoreFactor", Span(d));
        Assert.StartsWith("'Factor' is a scalar score in a tensor model (use TensorModel.Observe or TensorModel.Factor)", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(compiler);
    }

    [Fact]
    public void ANonTensorPerParticleValueReadAfterAnObservationIsPROB020()
    {
        var (generator, compiler, _) = Run("""
            [Compiled]
            public static Model<Tensor> Summary(Tensor y, Tensor s) =>
                from x in Sample("x", TensorDist.Normal(y * 0, s))
                let m = x.mean().ToDouble()
                from _ in Observe(TensorDist.Normal(x, s), y)
                from __ in Observe(TensorDist.Normal(x + m, s), y)
                select x;
            """);
        var d = Assert.Single(generator);
        Assert.Equal("PROB020", d.Id);
        Assert.Equal("Summary", Span(d));
        Assert.StartsWith("'m' has type double and is read after an observation (resampling selects the particles of tensors only)", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(compiler);
    }

    [Fact]
    public void AnUnknownTensorPrimitiveIsPROB001()
    {
        var (generator, _, _) = Run("""
            [Compiled]
            public static Model<Tensor> Parameter(Tensor y) =>
                from w in Param("w", y * 0)
                from _ in Observe(TensorDist.Normal(w, y * 0 + 1), y)
                select w;
            """);
        var d = Assert.Single(generator);
        Assert.Equal("PROB001", d.Id);
        Assert.Equal("""Param("w", y * 0)""", Span(d));
        Assert.Contains("'TensorModel.Param' is not compiled (of the tensor primitives the compiler knows Observe and Factor)", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}
