using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Probabilistic.Compiler.Tests;

/// <summary>
/// The generator's pipeline is incremental: one driver run again after an edit that changes nothing a model reads reports
/// every model's analysis Unchanged, its calls and its source outputs Cached (no file is produced again), and an edit of
/// one model's body changes that model's output only (and the interceptor of a call in the edited file). The steps are found by their tracking names
/// (<see cref="CompiledModelGenerator.Steps"/>).
/// </summary>
public class IncrementalPipelineTests
{
    private const string WalkModel = """
        namespace Demo;
        public static class Walks
        {
            [Compiled]
            public static Model<Real> Walk(IReadOnlyList<double> y, double q) =>
                Fold("x", y.Count, (Real)0.0, (prev, t) =>
                    from x in Sample("x", Normal(prev, q))
                    from _ in Observe(Normal(x, 1.0), y[t])
                    select x);

            public static Model<Real> MakeWalk(double[] y) => Walk(y, 0.5);
        }
        """;

    private const string CoinModel = """
        namespace Demo;
        public static class Coins
        {
            [Compiled]
            public static Model<Real> Coin(bool[] flips) =>
                from p in Sample("p", Beta(2, 2))
                from _ in ObserveEach(flips, (f, i) => Bernoulli(p))
                select p;

            public static Model<Real> MakeCoin() => Coin([true, false, true]);
        }
        """;

    private const string Unrelated = """
        namespace Demo;
        public static class Numbers
        {
            public static int Twice(int x) => 2 * x;
        }
        """;

    private static readonly CSharpParseOptions Parse = CSharpParseOptions.Default
        .WithLanguageVersion(LanguageVersion.Latest)
        .WithFeatures([new KeyValuePair<string, string>("InterceptorsNamespaces", CompiledModelGenerator.InterceptorsNamespace)]);

    private static readonly ImmutableArray<MetadataReference> References =
        [.. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Concat([typeof(Model).Assembly.Location, typeof(Distributions.Dist).Assembly.Location])
            .Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];

    private static SyntaxTree Tree(string source, string path) => CSharpSyntaxTree.ParseText(GeneratorHarness.Prelude + source, Parse, path: path);

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) FirstRun()
    {
        var compilation = CSharpCompilation.Create("Demo", [Tree(WalkModel, "Walks.cs"), Tree(CoinModel, "Coins.cs"), Tree(Unrelated, "Numbers.cs")], References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new CompiledModelGenerator().AsSourceGenerator()], parseOptions: Parse,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGenerators(compilation);
        var first = driver.GetRunResult();
        Assert.Empty(first.Diagnostics);
        // Two model files, two density files (both models have real latents), the interceptors.
        Assert.Equal(5, first.GeneratedTrees.Length);
        Assert.All(Reasons(first, CompiledModelGenerator.Steps.Models), r => Assert.Equal(IncrementalStepRunReason.New, r));
        Assert.Equal(2, Reasons(first, CompiledModelGenerator.Steps.CompiledCalls).Count);
        return (driver, compilation);
    }

    // The reasons of a step's outputs in the last run (the step must have run: its name is tracked).
    private static List<IncrementalStepRunReason> Reasons(GeneratorDriverRunResult run, string step)
    {
        var result = Assert.Single(run.Results);
        Assert.True(result.TrackedSteps.ContainsKey(step), $"step '{step}' is not tracked; tracked: {string.Join(", ", result.TrackedSteps.Keys)}");
        return [.. result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason)];
    }

    private static List<IncrementalStepRunReason> OutputReasons(GeneratorDriverRunResult run) =>
        [.. Assert.Single(run.Results).TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason)];

    private static CSharpCompilation Edit(CSharpCompilation compilation, string path, Func<string, string> change)
    {
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        string text = tree.GetText().ToString();
        string changed = change(text);
        Assert.NotEqual(text, changed);
        return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(changed)));
    }

    [Fact]
    public void AnUnrelatedEditLeavesEveryModelsOutputCached()
    {
        var (driver, compilation) = FirstRun();
        var before = driver.GetRunResult().Results[0].GeneratedSources.Select(s => s.SourceText.ToString()).ToList();
        compilation = Edit(compilation, "Numbers.cs", t => t.Replace("public static int Twice(int x) => 2 * x;",
            "public static int Twice(int x) => 2 * x;\n    public static int Thrice(int x) => 3 * x; // an edit no model reads"));
        driver = driver.RunGenerators(compilation);
        var run = driver.GetRunResult();

        // Roslyn runs the attribute's transform again (the compilation changed); its results are equal, so Unchanged.
        var models = Reasons(run, CompiledModelGenerator.Steps.Models);
        Assert.Equal(2, models.Count);
        Assert.All(models, r => Assert.Equal(IncrementalStepRunReason.Unchanged, r));
        Assert.All(Reasons(run, CompiledModelGenerator.Steps.CompiledNames), r => Assert.Contains(r, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
        var calls = Reasons(run, CompiledModelGenerator.Steps.CompiledCalls);
        Assert.Equal(2, calls.Count);
        Assert.All(calls, r => Assert.Contains(r, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
        // No source output ran again.
        var outputs = OutputReasons(run);
        Assert.NotEmpty(outputs);
        Assert.All(outputs, r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        Assert.Equal(before, run.Results[0].GeneratedSources.Select(s => s.SourceText.ToString()).ToList());
    }

    [Fact]
    public void AnEditOfOneModelChangesThatModelsOutputOnly()
    {
        var (driver, compilation) = FirstRun();
        var before = driver.GetRunResult().Results[0].GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        compilation = Edit(compilation, "Coins.cs", t => t.Replace("Beta(2, 2)", "Beta(3, 2)"));
        driver = driver.RunGenerators(compilation);
        var run = driver.GetRunResult();

        var models = Reasons(run, CompiledModelGenerator.Steps.Models);
        Assert.Equal([IncrementalStepRunReason.Modified, IncrementalStepRunReason.Unchanged], models.OrderBy(r => r.ToString(), StringComparer.Ordinal));
        var after = run.Results[0].GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        var changed = before.Keys.Where(h => before[h] != after[h]).Order(StringComparer.Ordinal).ToList();
        // The interceptors change too: the call MakeCoin makes is in the edited file, and its interceptable location carries
        // that file's checksum. Walk's files are not produced again.
        Assert.Equal(["CompiledModelInterceptors.g.cs", "Demo.Coins.Coin.Density.g.cs", "Demo.Coins.Coin.g.cs"], changed);
        string[] walkLine(string text) => [.. text.Split('\n').Where(l => l.Contains("// Walks.cs", StringComparison.Ordinal))];
        Assert.Single(walkLine(after["CompiledModelInterceptors.g.cs"]));
        Assert.Equal(walkLine(before["CompiledModelInterceptors.g.cs"]), walkLine(after["CompiledModelInterceptors.g.cs"]));
    }
}
