using Xunit;
using System.Text.Json;
namespace Probabilistic.Tests.Inference.Workflow;

/// <summary>
/// One case of Fixtures/loo.json, made by Fixtures/make_loo_fixtures.R with R loo 2.5.1: a log-likelihood array
/// [chain][draw][observation] and what loo's relative_eff, psis, loo, waic and loo_compare return for it.
/// </summary>
public sealed record LooFixture(string Name, JsonElement Json)
{
    public double[][][] LogLikelihood => Array3(Json.GetProperty("loglik"));

    public double[][][]? CompareLogLikelihood => Json.TryGetProperty("compare_loglik", out var c) ? Array3(c) : null;

    public double[] Values(string key) => Json.GetProperty(key).EnumerateArray().Select(Number).ToArray();

    public double Value(string key) => Number(Json.GetProperty(key));

    /// <summary>An estimate and its SE from the loo or waic table, e.g. ("loo", "elpd_loo").</summary>
    public (double Estimate, double Se) Estimate(string table, string row)
    {
        var pair = Json.GetProperty(table).GetProperty(row).EnumerateArray().Select(Number).ToArray();
        return (pair[0], pair[1]);
    }

    public JsonElement Compare => Json.GetProperty("compare");

    public override string ToString() => Name;

    public static IReadOnlyList<LooFixture> All { get; } = Load();

    public static TheoryData<string> Names() => new(All.Select(c => c.Name));

    public static LooFixture Get(string name) => All.Single(c => c.Name == name);

    public static double Number(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null => double.NaN,
        JsonValueKind.String when e.GetString() == "Infinity" => double.PositiveInfinity,
        JsonValueKind.String when e.GetString() == "-Infinity" => double.NegativeInfinity,
        _ => e.GetDouble(),
    };

    private static double[][][] Array3(JsonElement e) =>
        e.EnumerateArray().Select(chain => chain.EnumerateArray().Select(row => row.EnumerateArray().Select(Number).ToArray()).ToArray()).ToArray();

    public static string FixturePath(string file)
    {
        var relative = Path.Combine("Tests", "Inference", "Workflow", "Fixtures", file);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"Fixture '{relative}' not found above {AppContext.BaseDirectory}.");
    }

    private static IReadOnlyList<LooFixture> Load()
    {
        var path = FixturePath("loo.json");
        var root = JsonDocument.Parse(File.ReadAllText(path)).RootElement;
        return root.GetProperty("cases").EnumerateArray().Select(c => new LooFixture(c.GetProperty("name").GetString()!, c)).ToList();
    }
}
