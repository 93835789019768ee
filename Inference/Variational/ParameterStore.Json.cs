using System.Text.Json;

namespace Probabilistic.Inference.Variational;

public sealed partial class ParameterStore
{
    /// <summary>
    /// The parameters as JSON, constrained values by address:
    /// <c>{"parameters":[{"address":"loc","constraint":"real","value":0.5},{"address":"w","constraint":"simplex(3)","value":[0.2,0.3,0.5]}]}</c>.
    /// A store read back with <see cref="FromJson"/> gives each address these values when a model first reads it.
    /// </summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("parameters");
            foreach (var e in _entries)
            {
                w.WriteStartObject();
                w.WriteString("address", e.Address.ToString());
                w.WriteString("constraint", e.Support.Name);
                w.WritePropertyName("value");
                var x = Constrained(e);
                if (e.IsVector)
                {
                    w.WriteStartArray();
                    foreach (var v in x) w.WriteNumberValue(v);
                    w.WriteEndArray();
                }
                else w.WriteNumberValue(x[0]);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>A store holding the values of <paramref name="json"/> (as written by <see cref="ToJson"/>); each parameter takes its saved value when a model first reads it.</summary>
    /// <exception cref="FormatException">The document is not in that layout (the message names the entry).</exception>
    public static ParameterStore FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var store = new ParameterStore();
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(json).RootElement;
        }
        catch (JsonException e)
        {
            throw new FormatException($"ParameterStore.FromJson: not JSON ({e.Message}).", e);
        }
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("parameters", out var list) || list.ValueKind != JsonValueKind.Array)
            throw new FormatException("ParameterStore.FromJson: expected an object with a \"parameters\" array.");
        int i = 0;
        foreach (var p in list.EnumerateArray())
        {
            if (!p.TryGetProperty("address", out var a) || a.ValueKind != JsonValueKind.String || !p.TryGetProperty("value", out var v))
                throw new FormatException($"ParameterStore.FromJson: entry {i} needs an \"address\" string and a \"value\".");
            double[] values = v.ValueKind switch
            {
                JsonValueKind.Number => [v.GetDouble()],
                JsonValueKind.Array => v.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Number ? x.GetDouble()
                    : throw new FormatException($"ParameterStore.FromJson: entry {i} ('{a.GetString()}') has a non-numeric value.")).ToArray(),
                _ => throw new FormatException($"ParameterStore.FromJson: entry {i} ('{a.GetString()}') has a value that is neither a number nor an array."),
            };
            store._loaded[Address.Parse(a.GetString()!)] = values;
            i++;
        }
        return store;
    }

    /// <summary>Writes <see cref="ToJson"/> to a file.</summary>
    public void Save(string path) => File.WriteAllText(path, ToJson());

    /// <summary>Reads a store written by <see cref="Save"/>.</summary>
    public static ParameterStore Load(string path) => FromJson(File.ReadAllText(path));
}
