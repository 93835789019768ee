using System.Text.Json;

namespace Probabilistic.Tests.Data;

/// <summary>Finds the project's shared data sets (<c>shared/data</c> beside the repository) by walking up from the test binaries.</summary>
public static class SharedData
{
    public static string Path(string file)
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = System.IO.Path.Combine(dir.FullName, "shared", "data", file);
                if (File.Exists(candidate)) return candidate;
            }
        }
        throw new FileNotFoundException($"Shared data file '{file}' not found in a 'shared/data' folder above {AppContext.BaseDirectory}.");
    }

    public static JsonElement Json(string file) => JsonDocument.Parse(File.ReadAllText(Path(file))).RootElement;
}
