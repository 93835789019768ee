using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Probabilistic.Compiler.Tests.Differential;

/// <summary>
/// Compiles a batch of generated programs in process, the way the build does: one file per program (class <c>Diff.P&lt;i&gt;</c>),
/// <see cref="CompiledModelGenerator"/> run by a <see cref="CSharpGeneratorDriver"/>, the repository's settings (nullable
/// enabled, warning level 10 — what <c>TreatWarningsAsErrors</c> then turns into errors — interceptors enabled in
/// <c>Probabilistic.Compiled</c>), emitted to memory and loaded into a collectible <see cref="AssemblyLoadContext"/>.
/// </summary>
public sealed class BatchCompiler : IDisposable
{
    private static readonly CSharpParseOptions Parse = CSharpParseOptions.Default
        .WithLanguageVersion(LanguageVersion.Latest)
        .WithFeatures([new KeyValuePair<string, string>("InterceptorsNamespaces", CompiledModelGenerator.InterceptorsNamespace)]);

    private static readonly CSharpCompilationOptions Options = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        warningLevel: 10,
        optimizationLevel: OptimizationLevel.Release);

    private static readonly ImmutableArray<MetadataReference> References = LoadReferences();

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Concat([typeof(Model).Assembly.Location, typeof(Distributions.Dist).Assembly.Location])
            .Distinct();
        return [.. paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }

    private sealed class Context() : AssemblyLoadContext("Differential", isCollectible: true)
    {
        // Core, Distributions and the framework resolve to the test's own (default context) assemblies.
        protected override Assembly? Load(AssemblyName assemblyName) => null;
    }

    private Context? _context;

    private BatchCompiler(IReadOnlyList<ModelProgram> programs, ImmutableArray<Diagnostic> generatorDiagnostics, IReadOnlyList<Diagnostic> compilerProblems, ImmutableArray<(string Hint, string Text)> generated)
    {
        Programs = programs;
        GeneratorDiagnostics = generatorDiagnostics;
        CompilerProblems = compilerProblems;
        Generated = generated;
    }

    /// <summary>The programs, program i in file <c>P&lt;i&gt;.cs</c>.</summary>
    public IReadOnlyList<ModelProgram> Programs { get; }

    /// <summary>What the generator reported.</summary>
    public ImmutableArray<Diagnostic> GeneratorDiagnostics { get; }

    /// <summary>The warnings and errors of the compilation with the generated sources (empty for a good batch).</summary>
    public IReadOnlyList<Diagnostic> CompilerProblems { get; }

    /// <summary>The generated files (hint name, text).</summary>
    public ImmutableArray<(string Hint, string Text)> Generated { get; }

    /// <summary>The models, index-aligned with <see cref="Programs"/>; set by <see cref="Load"/>.</summary>
    public IReadOnlyList<LoadedModel> Models { get; private set; } = [];

    /// <summary>The program a diagnostic is located in, in its source or its generated file (−1 for the interceptors' file).</summary>
    public static int ProgramOf(Diagnostic d)
    {
        // P<i>.cs, or the generated Diff.P<i>.Model.g.cs.
        string name = Path.GetFileName(d.Location.SourceTree?.FilePath ?? "");
        if (name.StartsWith("Diff.", StringComparison.Ordinal)) name = name["Diff.".Length..];
        int end = name.IndexOf('.', StringComparison.Ordinal);
        return name.StartsWith('P') && end > 1 && int.TryParse(name[1..end], out int i) ? i : -1;
    }

    /// <summary>
    /// Runs the generator over <paramref name="programs"/> and compiles the result to memory (its warnings and errors are
    /// the emit's: one binding of the output, not a second one for <c>GetDiagnostics</c>); <see cref="Load"/> loads it.
    /// </summary>
    public static BatchCompiler Compile(IReadOnlyList<ModelProgram> programs)
    {
        var trees = programs.Select((p, i) => CSharpSyntaxTree.ParseText(ModelPrinter.File(p, "P" + i), Parse, path: $"P{i}.cs"));
        var compilation = CSharpCompilation.Create("Differential" + Guid.NewGuid().ToString("N"), trees, References, Options);
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new CompiledModelGenerator().AsSourceGenerator()], parseOptions: Parse);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var generated = driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources).Select(s => (s.HintName, s.SourceText.ToString()));
        using var stream = new MemoryStream();
        var emitted = output.Emit(stream);
        var problems = emitted.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        return new BatchCompiler(programs, diagnostics, problems, [.. generated]) { _image = emitted.Success ? stream.ToArray() : null };
    }

    private byte[]? _image;

    /// <summary>Loads the assembly and calls each program's <c>Make()</c> (and <c>MakePlain()</c>).</summary>
    public void Load()
    {
        Assert.True(_image is not null, "the batch did not compile:\n" + Describe(CompilerProblems));
        _context = new Context();
        var assembly = _context.LoadFromStream(new MemoryStream(_image!));
        Models = [.. Programs.Select((p, i) =>
        {
            var type = assembly.GetType("Diff.P" + i)!;
            object model = type.GetMethod("Make")!.Invoke(null, null)!;
            object? plain = type.GetMethod("MakePlain")?.Invoke(null, null);
            return new LoadedModel(p, i, model, plain);
        })];
    }

    /// <summary>The sources of the programs a list of diagnostics points into, for a failure message.</summary>
    public string Describe(IEnumerable<Diagnostic> diagnostics)
    {
        var list = diagnostics.ToList();
        var programs = list.Select(ProgramOf).Where(i => i >= 0).Distinct().Take(3);
        return string.Join("\n", list.Take(10)) + "\n" + string.Join("\n", programs.Select(i => ModelPrinter.File(Programs[i], "P" + i)));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Models = [];
        _context?.Unload();
        _context = null;
    }
}
