using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Probabilistic.Compiler.Tests;

/// <summary>
/// Compiles a C# source in process against Probabilistic.Core and Distributions, runs <see cref="CompiledModelGenerator"/>
/// over it (a plain <see cref="CSharpGeneratorDriver"/>), and compiles the result under the repository's settings
/// (nullable enabled, interceptors enabled in <c>Probabilistic.Compiled</c>).
/// </summary>
public sealed class GeneratorHarness
{
    /// <summary>The usings every test source starts with.</summary>
    public const string Prelude = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using Probabilistic;
        using Probabilistic.Compilation;
        using static Probabilistic.Model;
        using static Probabilistic.Distributions.Dist;

        """;

    private static readonly CSharpParseOptions Parse = CSharpParseOptions.Default
        .WithLanguageVersion(LanguageVersion.Latest)
        .WithFeatures([new KeyValuePair<string, string>("InterceptorsNamespaces", CompiledModelGenerator.InterceptorsNamespace)]);

    private static readonly ImmutableArray<MetadataReference> References = LoadReferences();

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Concat([typeof(Model).Assembly.Location, typeof(Distributions.Dist).Assembly.Location])
            .Distinct();
        return [.. paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }

    private GeneratorHarness(Microsoft.CodeAnalysis.Compilation output, ImmutableArray<Diagnostic> generatorDiagnostics, ImmutableArray<(string Hint, string Text)> generated)
    {
        Output = output;
        GeneratorDiagnostics = generatorDiagnostics;
        Generated = generated;
    }

    /// <summary>The compilation with the generated sources.</summary>
    public Microsoft.CodeAnalysis.Compilation Output { get; }

    /// <summary>What the generator reported.</summary>
    public ImmutableArray<Diagnostic> GeneratorDiagnostics { get; }

    /// <summary>The generated files (hint name, text).</summary>
    public ImmutableArray<(string Hint, string Text)> Generated { get; }

    /// <summary>The output compilation's warnings and errors.</summary>
    public IReadOnlyList<Diagnostic> CompilerProblems =>
        [.. Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning)];

    /// <summary>Runs the generator over <see cref="Prelude"/> + <paramref name="source"/> (file <c>Models.cs</c>).</summary>
    public static GeneratorHarness Run(string source)
    {
        var tree = CSharpSyntaxTree.ParseText(Prelude + source, Parse, path: "Models.cs");
        var compilation = CSharpCompilation.Create("Demo", [tree], References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new CompiledModelGenerator().AsSourceGenerator()], parseOptions: Parse);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var result = driver.GetRunResult();
        return new GeneratorHarness(output, diagnostics,
            [.. result.Results.SelectMany(r => r.GeneratedSources).Select(s => (s.HintName, s.SourceText.ToString()))]);
    }

    /// <summary>The text of <paramref name="d"/>'s location in the test source.</summary>
    public static string Span(Diagnostic d) => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan);

    /// <summary>The 1-based line of <paramref name="d"/> counted from the end of <see cref="Prelude"/>.</summary>
    public static int Line(Diagnostic d) => d.Location.GetLineSpan().StartLinePosition.Line + 1 - Prelude.Count(c => c == '\n');

    /// <summary>Emits the output compilation and loads it.</summary>
    public Assembly Load()
    {
        using var stream = new MemoryStream();
        var emitted = Output.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return Assembly.Load(stream.ToArray());
    }
}
