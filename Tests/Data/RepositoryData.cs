using System.Text.Json;

namespace Probabilistic.Tests.Data;

/// <summary>
/// The data sets the repository carries (<c>data/</c> at its root; the build copies them beside the test binaries as
/// <c>data/…</c>): exact references for the tests, and posteriordb's reference posteriors under <c>data/posteriordb</c>.
/// </summary>
public static class RepositoryData
{
    /// <summary>The path of <c>data/&lt;file&gt;</c>.</summary>
    public static string Path(string file) => Find(file);

    /// <summary>A file of a reference posterior: <c>data/posteriordb/&lt;posterior&gt;/&lt;file&gt;</c>, parsed.</summary>
    public static JsonElement PosteriorDb(string posterior, string file) =>
        JsonDocument.Parse(File.ReadAllText(Find(System.IO.Path.Combine("posteriordb", posterior, file)))).RootElement;

    /// <summary>The parsed JSON of <c>data/&lt;file&gt;</c>.</summary>
    public static JsonElement Json(string file) => JsonDocument.Parse(File.ReadAllText(Path(file))).RootElement;

    private static string Find(string relative)
    {
        var candidate = System.IO.Path.Combine(AppContext.BaseDirectory, "data", relative);
        if (File.Exists(candidate)) return candidate;
        throw new FileNotFoundException(
            $"Data file 'data/{relative}' not found beside the test binaries ({AppContext.BaseDirectory}); the build copies the repository's data/ folder there.",
            candidate);
    }
}
