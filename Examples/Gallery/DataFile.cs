using System.Text.Json;

namespace Probabilistic.Examples.Gallery;

/// <summary>
/// The data sets the repository carries (<c>data/</c> at its root), which the build copies beside the example binaries.
/// A missing file is an <see cref="ExampleInputException"/> that says which file and how to get it back.
/// </summary>
public static class DataFile
{
    /// <summary>The path of <c>data/&lt;file&gt;</c> beside the binaries.</summary>
    /// <exception cref="ExampleInputException">The file is not there.</exception>
    public static string Path(string file)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        var path = System.IO.Path.Combine(AppContext.BaseDirectory, "data", file);
        if (File.Exists(path)) return path;
        throw new ExampleInputException(
            $"data file 'data/{file}' is missing beside the example binaries ({AppContext.BaseDirectory}); it ships in the repository's data/ folder: restore it (git checkout -- data/{file}) and rebuild.");
    }

    /// <summary>The parsed JSON of <c>data/&lt;file&gt;</c>.</summary>
    /// <exception cref="ExampleInputException">The file is not there.</exception>
    public static JsonElement Json(string file) => JsonDocument.Parse(File.ReadAllText(Path(file))).RootElement;
}
