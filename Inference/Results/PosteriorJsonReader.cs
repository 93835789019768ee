using System.Text.Json;

namespace Probabilistic.Inference;

/// <summary>Reads the JSON layout that <see cref="Posterior.WriteJson"/> documents, naming the path of whatever is malformed.</summary>
internal static class PosteriorJsonReader
{
    public static Posterior Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw Error("", "an object");
        var columns = Required(root, "columns", JsonValueKind.Array, "").EnumerateArray().Select(ReadColumn).ToList();
        var chains = Required(root, "chains", JsonValueKind.Array, "").EnumerateArray().ToList();
        var draws = new double[chains.Count][][];
        var statistics = new DrawStatistics[chains.Count][];
        bool anyStatistics = false;
        for (int c = 0; c < chains.Count; c++)
        {
            string path = $"chains[{c}]";
            var byName = Required(chains[c], "draws", JsonValueKind.Object, path);
            var series = columns.Select(col => Numbers(Required(byName, col.Name, JsonValueKind.Array, path + ".draws"), $"{path}.draws.{col.Name}")).ToArray();
            int n = series.Length == 0 ? 0 : series[0].Length;
            for (int k = 0; k < series.Length; k++)
                if (series[k].Length != n)
                    throw new FormatException($"Posterior JSON: {path}.draws.{columns[k].Name} has {series[k].Length} draws but {columns[0].Name} has {n}.");
            draws[c] = new double[n][];
            for (int d = 0; d < n; d++) draws[c][d] = series.Select(s => s[d]).ToArray();
            if (chains[c].TryGetProperty("statistics", out var s) && s.ValueKind != JsonValueKind.Null)
            {
                anyStatistics = true;
                statistics[c] = ReadStatistics(s, n, $"{path}.statistics");
            }
            else if (anyStatistics) throw new FormatException($"Posterior JSON: {path} has no statistics but an earlier chain has.");
        }
        if (anyStatistics && statistics.Any(s => s is null)) throw new FormatException("Posterior JSON: some chains have statistics and others do not.");
        int maxTreeDepth = root.TryGetProperty("maxTreeDepth", out var depth) ? depth.GetInt32() : 10;
        string sampler = root.TryGetProperty("sampler", out var name) ? name.GetString() ?? "NUTS" : "NUTS";
        return new Posterior(columns, draws, anyStatistics ? statistics : null, maxTreeDepth, sampler);
    }

    private static PosteriorColumn ReadColumn(JsonElement column, int k)
    {
        string path = $"columns[{k}]";
        var name = Required(column, "name", JsonValueKind.String, path).GetString()!;
        var address = Address.Root;
        foreach (var component in Required(column, "address", JsonValueKind.Array, path).EnumerateArray())
            address = component.ValueKind switch
            {
                JsonValueKind.String => address.Child(component.GetString()!),
                JsonValueKind.Number => address.Child(component.GetInt32()),
                _ => throw Error(path + ".address", "strings and integers"),
            };
        bool generated = column.TryGetProperty("generated", out var flag) && flag.ValueKind == JsonValueKind.True;
        return new PosteriorColumn(name, address, Required(column, "index", JsonValueKind.Number, path).GetInt32()) { IsGenerated = generated };
    }

    private static DrawStatistics[] ReadStatistics(JsonElement s, int n, string path)
    {
        double[] Series(string key)
        {
            var values = Numbers(Required(s, key, JsonValueKind.Array, path), $"{path}.{key}");
            if (values.Length != n) throw new FormatException($"Posterior JSON: {path}.{key} has {values.Length} values but there are {n} draws.");
            return values;
        }
        var lp = Series("lp__");
        var accept = Series("accept_stat__");
        var step = Series("stepsize__");
        var depth = Series("treedepth__");
        var leapfrog = Series("n_leapfrog__");
        var divergent = Series("divergent__");
        var energy = Series("energy__");
        return Enumerable.Range(0, n).Select(d => new DrawStatistics(lp[d], accept[d], step[d], (int)depth[d], (int)leapfrog[d], divergent[d] != 0, energy[d])).ToArray();
    }

    private static double[] Numbers(JsonElement array, string path) => array.EnumerateArray().Select(x => x.ValueKind switch
    {
        JsonValueKind.Number => x.GetDouble(),
        JsonValueKind.String when x.GetString() == "NaN" => double.NaN,
        JsonValueKind.String when x.GetString() == "Infinity" => double.PositiveInfinity,
        JsonValueKind.String when x.GetString() == "-Infinity" => double.NegativeInfinity,
        _ => throw Error(path, "numbers (or \"NaN\", \"Infinity\", \"-Infinity\")"),
    }).ToArray();

    private static JsonElement Required(JsonElement parent, string key, JsonValueKind kind, string path)
    {
        string at = path.Length == 0 ? key : $"{path}.{key}";
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(key, out var value))
            throw new FormatException($"Posterior JSON: '{at}' is missing.");
        if (value.ValueKind != kind) throw Error(at, $"a JSON {kind.ToString().ToLowerInvariant()}");
        return value;
    }

    private static FormatException Error(string path, string expected) =>
        new($"Posterior JSON: '{(path.Length == 0 ? "the document" : path)}' should be {expected}.");
}
