using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Probabilistic.Compiler;

namespace Probabilistic.Benchmarks.Compiled;

/// <summary>
/// <c>dotnet run -c Release --project Benchmarks -- generator-time [--runs R] [--baseline Probabilistic.Compiler.dll]
/// [--dump DIR]</c>: the time <see cref="CompiledModelGenerator"/> takes over the Examples project, in process. The
/// sources are Examples' <c>.cs</c> files (read from the repository, with the SDK's implicit global usings) and the
/// references are this process's assemblies (the ones Examples builds against, as implementation assemblies), so the
/// compilation is the one <c>csc</c> compiles for Examples; the harness checks that the generated sources compile with no
/// error. Each run builds a fresh <see cref="CSharpCompilation"/> over the parsed trees (no symbol or binding caches
/// carried over, as in a clean build) and a fresh <see cref="CSharpGeneratorDriver"/> with step tracking, and reports the
/// wall and thread-CPU time of <c>RunGenerators</c>, the driver's own <see cref="GeneratorDriverTimingInfo"/>, and the
/// time of each tracked step (summed over its runs). With <c>--baseline</c> a second build of the generator (an older
/// <c>Probabilistic.Compiler.dll</c>, loaded in its own load context) runs interleaved with this one (A B A B); min and
/// median over the rounds. Then an incremental run: the same driver after an unrelated edit (a comment added to
/// <c>Program.cs</c>), and after an edit of one model's body, with each model step's run reasons. <c>--dump DIR</c>
/// writes the generated files (to diff two builds' output).
/// </summary>
public static class GeneratorTimeComparison
{
    private static readonly CSharpParseOptions Parse = CSharpParseOptions.Default
        .WithLanguageVersion(LanguageVersion.Latest)
        .WithFeatures([new KeyValuePair<string, string>("InterceptorsNamespaces", CompiledModelGenerator.InterceptorsNamespace)]);

    // The SDK's implicit usings for Microsoft.NET.Sdk (Examples sets ImplicitUsings=enable in Directory.Build.props).
    private const string GlobalUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    public static int Run(string[] args)
    {
        int runs = Option(args, "--runs", 7);
        string? baseline = Text(args, "--baseline"), dump = Text(args, "--dump");
        string root = RepositoryRoot();
        var trees = Sources(Path.Combine(root, "Examples"));
        var references = References();
        Console.WriteLine($"generator-time: {trees.Length} sources of Examples, {references.Length} references, {runs} rounds; {Environment.ProcessorCount} cores; load {Load()}");

        var variants = new List<(string Name, Func<IIncrementalGenerator> Create)> { ("current", () => new CompiledModelGenerator()) };
        if (baseline is not null) variants.Insert(0, ("baseline", Loader(Path.GetFullPath(baseline))));

        // A first run of each (JIT, the check that everything compiles, the files).
        foreach (var (name, create) in variants)
        {
            var first = Once(create(), trees, references);
            var generated = first.Driver.GetRunResult();
            var input = Compilation(trees, references);
            first.Driver.RunGeneratorsAndUpdateCompilation(input, out var output, out _);
            // Roslyn 4.14 (the generator's, C# 13) does not bind the C# 14 extension members Examples calls
            // (Infer.TensorSvi): those errors are in the input already; the generated code must add none.
            var before = input.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToHashSet();
            var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && !before.Contains(d.ToString())).ToList();
            int files = generated.GeneratedTrees.Length;
            long chars = generated.Results.Sum(r => r.GeneratedSources.Sum(s => (long)s.SourceText.Length));
            Console.WriteLine($"{name}: first run {first.Wall:F0} ms wall, {first.Cpu:F0} ms CPU; {files} files, {chars / 1024} KiB; "
                + $"{generated.Diagnostics.Length} generator diagnostics; "
                + $"{errors.Count} compile errors added by the generated code ({before.Count} in the input, which C# 13 cannot bind)");
            foreach (var e in errors.Take(5)) Console.WriteLine("  " + e);
            if (errors.Count > 0) return 1;
            if (dump is not null)
            {
                string dir = Path.Combine(dump, name);
                Directory.CreateDirectory(dir);
                foreach (var s in generated.Results.SelectMany(r => r.GeneratedSources)) File.WriteAllText(Path.Combine(dir, s.HintName), s.SourceText.ToString());
            }
        }

        var results = variants.ToDictionary(v => v.Name, _ => new List<Measurement>());
        for (int r = 0; r < runs; r++)
            foreach (var (name, create) in variants) results[name].Add(Once(create(), trees, references));

        foreach (var (name, _) in variants)
        {
            var ms = results[name];
            Console.WriteLine($"\n{name}: RunGenerators over {runs} fresh compilations, ms (min / median)");
            Console.WriteLine($"  wall {Stat(ms.Select(m => m.Wall))}   thread CPU {Stat(ms.Select(m => m.Cpu))}   process CPU {Stat(ms.Select(m => m.ProcessCpu))}   driver's timing {Stat(ms.Select(m => m.DriverTime))}");
            Console.WriteLine($"  parsing the generated sources (CSharpSyntaxTree.ParseText, done by the driver too): {Stat(ms.Select(m => m.ParseGenerated))}");
            foreach (var step in ms[0].Steps.Keys.OrderByDescending(k => ms[0].Steps[k]))
                Console.WriteLine($"  step {step,-40} {Stat(ms.Select(m => m.Steps.GetValueOrDefault(step)))}");
        }

        foreach (var (name, create) in variants) Incremental(name, create(), trees, references);
        return 0;
    }

    private sealed record Measurement(GeneratorDriver Driver, double Wall, double Cpu, double ProcessCpu, double DriverTime, Dictionary<string, double> Steps, double ParseGenerated);

    private static Measurement Once(IIncrementalGenerator generator, ImmutableArray<SyntaxTree> trees, ImmutableArray<MetadataReference> references)
    {
        var compilation = Compilation(trees, references);
        GeneratorDriver driver = CSharpGeneratorDriver.Create([generator.AsSourceGenerator()], parseOptions: Parse,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var process = Process.GetCurrentProcess();
        var processCpu0 = process.TotalProcessorTime;
        long cpu0 = ThreadCpuNanoseconds();
        var sw = Stopwatch.StartNew();
        driver = driver.RunGenerators(compilation);
        sw.Stop();
        double cpu = (ThreadCpuNanoseconds() - cpu0) / 1e6;
        process.Refresh();
        double processCpu = (process.TotalProcessorTime - processCpu0).TotalMilliseconds;
        var timing = driver.GetTimingInfo();
        var result = driver.GetRunResult().Results[0];
        var steps = new Dictionary<string, double>();
        foreach (var (step, runs) in result.TrackedSteps) steps[step] = runs.Sum(s => s.ElapsedTime.TotalMilliseconds);
        foreach (var (step, runs) in result.TrackedOutputSteps) steps["output: " + step] = runs.Sum(s => s.ElapsedTime.TotalMilliseconds);
        var parse = Stopwatch.StartNew();
        foreach (var s in result.GeneratedSources) CSharpSyntaxTree.ParseText(s.SourceText, Parse);
        parse.Stop();
        return new Measurement(driver, sw.Elapsed.TotalMilliseconds, cpu, processCpu, timing.GeneratorTimes[0].ElapsedTime.TotalMilliseconds, steps, parse.Elapsed.TotalMilliseconds);
    }

    // The driver run again after an edit: what it re-runs, and how long it takes.
    private static void Incremental(string name, IIncrementalGenerator generator, ImmutableArray<SyntaxTree> trees, ImmutableArray<MetadataReference> references)
    {
        var compilation = Compilation(trees, references);
        GeneratorDriver driver = CSharpGeneratorDriver.Create([generator.AsSourceGenerator()], parseOptions: Parse,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGenerators(compilation);
        Console.WriteLine($"\n{name}: incremental runs of one driver (ms wall; a step's runs by reason)");
        var program = trees.First(t => t.FilePath.EndsWith("Program.cs", StringComparison.Ordinal));
        var edited = program.WithChangedText(program.GetText().WithChanges(new Microsoft.CodeAnalysis.Text.TextChange(new(0, 0), "// an unrelated edit\n")));
        compilation = compilation.ReplaceSyntaxTree(program, edited);
        Report("after a comment in Program.cs", ref driver, compilation);
        var model = trees.First(t => t.FilePath.EndsWith("EightSchoolsModel.cs", StringComparison.Ordinal));
        string text = model.GetText().ToString();
        int at = text.IndexOf("[Compiled]", StringComparison.Ordinal);
        var editedModel = model.WithChangedText(model.GetText().WithChanges(new Microsoft.CodeAnalysis.Text.TextChange(new(at, 0), "// a comment before the model\n    ")));
        compilation = compilation.ReplaceSyntaxTree(model, editedModel);
        Report("after a comment above EightSchoolsModel's [Compiled]", ref driver, compilation);
    }

    private static void Report(string title, ref GeneratorDriver driver, Microsoft.CodeAnalysis.Compilation compilation)
    {
        var sw = Stopwatch.StartNew();
        driver = driver.RunGenerators(compilation);
        sw.Stop();
        var result = driver.GetRunResult().Results[0];
        Console.WriteLine($"  {title}: {sw.Elapsed.TotalMilliseconds:F0} ms");
        foreach (var (step, runs) in result.TrackedSteps.Concat(result.TrackedOutputSteps).OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var reasons = runs.SelectMany(r => r.Outputs).GroupBy(o => o.Reason).Select(g => $"{g.Key} {g.Count()}");
            Console.WriteLine($"    {step,-40} {string.Join(", ", reasons)}  ({runs.Sum(r => r.ElapsedTime.TotalMilliseconds):F1} ms)");
        }
    }

    private static CSharpCompilation Compilation(ImmutableArray<SyntaxTree> trees, ImmutableArray<MetadataReference> references) =>
        CSharpCompilation.Create("Probabilistic.Examples", trees, references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable, optimizationLevel: OptimizationLevel.Release));

    private static ImmutableArray<SyntaxTree> Sources(string examples)
    {
        var files = Directory.EnumerateFiles(examples, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .OrderBy(f => f, StringComparer.Ordinal);
        return [CSharpSyntaxTree.ParseText(GlobalUsings, Parse, path: "GlobalUsings.g.cs"),
            .. files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), Parse, path: f))];
    }

    // What Examples builds against: the runtime and every assembly of this process's dependency graph but the tools
    // (this benchmark, Examples itself, BenchmarkDotNet's graph and Roslyn are not Examples' references).
    private static ImmutableArray<MetadataReference> References()
    {
        string[] excluded = ["Probabilistic.Examples", "Probabilistic.Benchmarks", "Probabilistic.Compiler", "Microsoft.CodeAnalysis", "BenchmarkDotNet", "Perfolizer"];
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => !excluded.Any(e => Path.GetFileNameWithoutExtension(p).StartsWith(e, StringComparison.Ordinal)));
        return [.. paths.Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }

    // Another build of the generator, in its own load context (Roslyn itself comes from this process's).
    private static Func<IIncrementalGenerator> Loader(string path)
    {
        var context = new AssemblyLoadContext("baseline generator", isCollectible: false);
        var assembly = context.LoadFromAssemblyPath(path);
        var type = assembly.GetType("Probabilistic.Compiler.CompiledModelGenerator", throwOnError: true)!;
        return () => (IIncrementalGenerator)Activator.CreateInstance(type)!;
    }

    private static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(Environment.CurrentDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Probabilistic.sln"))) return d.FullName;
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Probabilistic.sln"))) return d.FullName;
        throw new InvalidOperationException("generator-time: no Probabilistic.sln above the working directory or the binaries");
    }

    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static long ThreadCpuNanoseconds() => new ThreadCpuClock().GetTimestamp();

    private static string Stat(IEnumerable<double> values)
    {
        var v = values.OrderBy(x => x).ToArray();
        double median = v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
        return $"{v[0],8:F1} / {median,8:F1}";
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }

    private static string? Text(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
