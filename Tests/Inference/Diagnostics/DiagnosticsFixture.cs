using System.Text.Json;

namespace Probabilistic.Tests.Inference.Diagnostics;

/// <summary>
/// One case of Fixtures/diagnostics.json, made by Fixtures/make_fixtures.R: a draw matrix [chain][draw] and the values
/// R's posterior package computed for it (null there, NaN here, where posterior returns NA).
/// </summary>
public sealed record DiagnosticsFixture(string Name, double[][] Draws, JsonElement Expected)
{
    public double Value(string key) => Number(Expected.GetProperty(key));

    public double[] Values(string key) => Expected.GetProperty(key).EnumerateArray().Select(Number).ToArray();

    public override string ToString() => Name;

    private static double Number(JsonElement e) => e.ValueKind == JsonValueKind.Null ? double.NaN : e.GetDouble();

    public static IReadOnlyList<DiagnosticsFixture> All { get; } = Load();

    public static string FixturePath(string file)
    {
        var relative = Path.Combine("Tests", "Inference", "Diagnostics", "Fixtures", file);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"Fixture '{relative}' not found above {AppContext.BaseDirectory}.");
    }

    private static IReadOnlyList<DiagnosticsFixture> Load()
    {
        var root = JsonDocument.Parse(File.ReadAllText(FixturePath("diagnostics.json"))).RootElement;
        return root.GetProperty("cases").EnumerateArray().Select(c => new DiagnosticsFixture(
            c.GetProperty("name").GetString()!,
            c.GetProperty("draws").EnumerateArray().Select(chain => chain.EnumerateArray().Select(x => x.GetDouble()).ToArray()).ToArray(),
            c)).ToList();
    }
}
