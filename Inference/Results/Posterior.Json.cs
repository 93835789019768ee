using System.Text;
using System.Text.Json;

namespace Probabilistic.Inference;

public sealed partial class Posterior
{
    /// <summary>
    /// The posterior as JSON (see <see cref="WriteJson"/> for the layout); <see cref="FromJson"/> reads it back.
    /// </summary>
    public string ToJson()
    {
        var sb = new StringBuilder();
        using (var writer = new StringWriter(sb)) WriteJson(writer);
        return sb.ToString();
    }

    /// <summary>
    /// Writes the posterior as one JSON object:
    /// <code>
    /// { "sampler": "NUTS", "maxTreeDepth": 10,
    ///   "columns": [ { "name": "theta[1]", "address": ["theta"], "index": 0 }, … ],
    ///   "chains": [ { "draws": { "theta[1]": [ … one number per draw … ], … },
    ///                 "statistics": { "lp__": […], "accept_stat__": […], "stepsize__": […], "treedepth__": […],
    ///                                 "n_leapfrog__": […], "divergent__": [0, 1, …], "energy__": […] } }, … ] }
    /// </code>
    /// An address is the list of its components (strings for names, integers for indices), so it reads back exactly;
    /// <c>statistics</c> is null when the sampler recorded none; the statistics' names are CmdStan's. Numbers are written
    /// so that they read back to the same double; NaN and infinities, which JSON lacks, as the strings <c>"NaN"</c>,
    /// <c>"Infinity"</c>, <c>"-Infinity"</c> (System.Text.Json's named floating-point literals).
    /// </summary>
    public void WriteJson(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("sampler", Sampler);
            json.WriteNumber("maxTreeDepth", MaxTreeDepth);
            json.WriteStartArray("columns");
            foreach (var column in _columns)
            {
                json.WriteStartObject();
                json.WriteString("name", column.Name);
                json.WriteStartArray("address");
                foreach (var component in column.Address.Components())
                    if (component is int i) json.WriteNumberValue(i);
                    else json.WriteStringValue((string)component);
                json.WriteEndArray();
                json.WriteNumber("index", column.Index);
                if (column.IsGenerated) json.WriteBoolean("generated", true);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("chains");
            for (int c = 0; c < Chains; c++) WriteChain(json, c);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        writer.Write(Encoding.UTF8.GetString(stream.ToArray()));
    }

    private void WriteChain(Utf8JsonWriter json, int c)
    {
        json.WriteStartObject();
        json.WriteStartObject("draws");
        for (int k = 0; k < _columns.Length; k++) WriteNumbers(json, _columns[k].Name, _values[k][c]);
        json.WriteEndObject();
        if (_statistics is null) json.WriteNull("statistics");
        else
        {
            var s = _statistics[c];
            json.WriteStartObject("statistics");
            WriteNumbers(json, "lp__", s.Select(x => x.LogDensity));
            WriteNumbers(json, "accept_stat__", s.Select(x => x.AcceptStat));
            WriteNumbers(json, "stepsize__", s.Select(x => x.StepSize));
            WriteNumbers(json, "treedepth__", s.Select(x => (double)x.TreeDepth));
            WriteNumbers(json, "n_leapfrog__", s.Select(x => (double)x.LeapfrogSteps));
            WriteNumbers(json, "divergent__", s.Select(x => x.Divergent ? 1.0 : 0.0));
            WriteNumbers(json, "energy__", s.Select(x => x.Energy));
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WriteNumbers(Utf8JsonWriter json, string name, IEnumerable<double> values)
    {
        json.WriteStartArray(name);
        foreach (var x in values)
        {
            if (double.IsFinite(x)) json.WriteNumberValue(x);
            else json.WriteStringValue(double.IsNaN(x) ? "NaN" : x > 0 ? "Infinity" : "-Infinity");
        }
        json.WriteEndArray();
    }

    /// <summary>Reads a posterior written by <see cref="WriteJson"/>; a malformed document is a <see cref="FormatException"/> naming the offending part.</summary>
    public static Posterior ReadJson(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return FromJson(reader.ReadToEnd());
    }

    /// <summary>Reads a posterior from the JSON text of <see cref="ToJson"/>; a malformed document is a <see cref="FormatException"/> naming the offending part.</summary>
    public static Posterior FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try { document = JsonDocument.Parse(json); }
        catch (JsonException e) { throw new FormatException($"Posterior JSON: not valid JSON ({e.Message}).", e); }
        using (document)
        {
            try { return PosteriorJsonReader.Read(document.RootElement); }
            catch (ArgumentException e) { throw new FormatException($"Posterior JSON: {e.Message}", e); }
            catch (InvalidOperationException e) { throw new FormatException($"Posterior JSON: a value has the wrong type ({e.Message}).", e); }
        }
    }
}
