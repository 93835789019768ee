using System.Globalization;
using System.IO.Compression;

namespace Probabilistic.Examples.Gallery.Vae;

/// <summary>
/// The UCI optical digits (8 × 8 pixels, values 0–16; <c>data/digits.csv.gz</c>), binarized at 8 — a pixel is on
/// when its value exceeds half the range — for a Bernoulli likelihood.
/// </summary>
public static class Digits
{
    /// <summary>Pixels per image.</summary>
    public const int Pixels = 64;

    /// <summary>The binarized images, one row of 64 zeros and ones each, in file order.</summary>
    /// <exception cref="ExampleInputException">The data file is missing.</exception>
    public static float[][] Load()
    {
        var path = DataFile.Path("digits.csv.gz");
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        var rows = new List<float[]>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            var fields = line.Split(',');
            if (fields.Length != Pixels + 1) throw new InvalidDataException($"digits.csv.gz: row {rows.Count + 1} has {fields.Length} fields, not {Pixels + 1}.");
            var row = new float[Pixels];
            for (int j = 0; j < Pixels; j++) row[j] = int.Parse(fields[j], CultureInfo.InvariantCulture) > 8 ? 1f : 0f;
            rows.Add(row);
        }
        return [.. rows];
    }
}
