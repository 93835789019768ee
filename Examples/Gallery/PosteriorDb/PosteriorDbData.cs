using System.Text.Json;

namespace Probabilistic.Examples.Gallery.PosteriorDb;

/// <summary>
/// A posteriordb data set (<c>data/posteriordb/&lt;posterior&gt;/data.json</c>, Stan's data block as JSON), read by name:
/// scalars, vectors, integer arrays and matrices. A missing or mistyped entry is an <see cref="ExampleInputException"/>
/// naming the posterior and the entry.
/// </summary>
public sealed class PosteriorDbData
{
    private readonly JsonElement _root;

    private PosteriorDbData(string posterior, JsonElement root)
    {
        Posterior = posterior;
        _root = root;
    }

    /// <summary>The posterior's name (its folder under <c>data/posteriordb</c>), e.g. <c>arma-arma11</c>.</summary>
    public string Posterior { get; }

    /// <summary>The data of <paramref name="posterior"/> from the repository's <c>data/posteriordb</c> beside the binaries.</summary>
    /// <exception cref="ExampleInputException">The file is not there.</exception>
    public static PosteriorDbData Load(string posterior)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(posterior);
        return new PosteriorDbData(posterior, DataFile.Json($"posteriordb/{posterior}/data.json"));
    }

    /// <summary>The data of <paramref name="posterior"/> from a posteriordb folder <paramref name="directory"/> (holding one folder per posterior).</summary>
    /// <exception cref="ExampleInputException">The file is not there.</exception>
    public static PosteriorDbData Load(string directory, string posterior)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentException.ThrowIfNullOrWhiteSpace(posterior);
        var path = Path.Combine(directory, posterior, "data.json");
        if (!File.Exists(path)) throw new ExampleInputException($"posteriordb data file '{path}' is missing.");
        return new PosteriorDbData(posterior, JsonDocument.Parse(File.ReadAllText(path)).RootElement);
    }

    /// <summary>The real scalar <paramref name="name"/>.</summary>
    public double Real(string name) => Number(Entry(name, JsonValueKind.Number), name);

    /// <summary>The integer scalar <paramref name="name"/>.</summary>
    public int Int(string name)
    {
        var e = Entry(name, JsonValueKind.Number);
        return e.TryGetInt32(out int v) ? v : throw Bad(name, $"is {e} where an integer is needed");
    }

    /// <summary>The real vector <paramref name="name"/> (Stan's <c>vector[N]</c> or <c>real[N]</c>).</summary>
    public double[] Vector(string name) => Entry(name, JsonValueKind.Array).EnumerateArray().Select(e => Number(e, name)).ToArray();

    /// <summary>The integer array <paramref name="name"/> (Stan's <c>int[N]</c>).</summary>
    public int[] Ints(string name) =>
        Entry(name, JsonValueKind.Array).EnumerateArray().Select(e => e.TryGetInt32(out int v) ? v : throw Bad(name, $"holds {e} where integers are needed")).ToArray();

    /// <summary>The N × K matrix <paramref name="name"/>, stored as N rows of K numbers.</summary>
    public double[,] Matrix(string name)
    {
        var rows = Entry(name, JsonValueKind.Array).EnumerateArray().Select(r => r.EnumerateArray().Select(e => Number(e, name)).ToArray()).ToArray();
        if (rows.Length == 0) throw Bad(name, "has no rows");
        var x = new double[rows.Length, rows[0].Length];
        for (int i = 0; i < rows.Length; i++)
        {
            if (rows[i].Length != rows[0].Length) throw Bad(name, $"has {rows[i].Length} values in row {i + 1} but {rows[0].Length} in row 1");
            for (int k = 0; k < rows[i].Length; k++) x[i, k] = rows[i][k];
        }
        return x;
    }

    private JsonElement Entry(string name, JsonValueKind kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_root.TryGetProperty(name, out var e)) throw Bad(name, "is missing");
        return e.ValueKind == kind ? e : throw Bad(name, $"is a JSON {e.ValueKind} where a {kind} is needed");
    }

    private double Number(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Number ? e.GetDouble() : throw Bad(name, $"holds {e} where numbers are needed");

    private ExampleInputException Bad(string name, string what) =>
        new($"posteriordb data of '{Posterior}': the entry '{name}' {what}.");
}
