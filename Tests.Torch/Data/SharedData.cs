using System.Text.Json;

namespace Probabilistic.Torch.Tests.Data;

/// <summary>Finds the project's shared data sets (<c>shared/data</c> beside the repository) by walking up from the test binaries.</summary>
public static class SharedData
{
    public static string Path(string file) => Find(System.IO.Path.Combine("data", file));

    /// <summary>A file of a reference posterior: <c>shared/posteriordb/&lt;posterior&gt;/&lt;file&gt;</c>.</summary>
    public static JsonElement PosteriorDb(string posterior, string file) =>
        JsonDocument.Parse(File.ReadAllText(Find(System.IO.Path.Combine("posteriordb", posterior, file)))).RootElement;

    private static string Find(string relative)
    {
        string file = relative;
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = System.IO.Path.Combine(dir.FullName, "shared", file);
                if (File.Exists(candidate)) return candidate;
            }
        }
        throw new FileNotFoundException($"Shared file '{file}' not found in a 'shared' folder above {AppContext.BaseDirectory}.");
    }

    public static JsonElement Json(string file) => JsonDocument.Parse(File.ReadAllText(Path(file))).RootElement;
}
