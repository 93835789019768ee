using System.Text.Json;

namespace Probabilistic.Examples.Gallery;

/// <summary>Finds the project's shared data sets (<c>shared/data/&lt;file&gt;</c>) in a folder above the working directory or the binaries.</summary>
public static class SharedDataFile
{
    /// <summary>The parsed JSON of <c>shared/data/&lt;file&gt;</c>, or null when no such file is found.</summary>
    public static JsonElement? TryJson(string file) =>
        TryPath(file) is { } path ? JsonDocument.Parse(File.ReadAllText(path)).RootElement : null;

    /// <summary>The path of <c>shared/data/&lt;file&gt;</c>, or null when no such file is found.</summary>
    public static string? TryPath(string file)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data", file);
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }
}
