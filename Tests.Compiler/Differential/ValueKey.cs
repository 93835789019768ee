using System.Globalization;
using System.Runtime.CompilerServices;

namespace Probabilistic.Compiler.Tests.Differential;

/// <summary>
/// A model value as a string that is equal exactly when the values are bit for bit the same (reals by their bits, so
/// −0 ≠ 0 and NaN = NaN; arrays and tuples element by element): the comparison of compiled and interpreted values, and
/// the key that groups equal values of a finite posterior.
/// </summary>
public static class ValueKey
{
    /// <summary>The key of <paramref name="value"/>.</summary>
    public static string Of(object? value) => value switch
    {
        null => "null",
        Real r => Bits(r.Value),
        double d => Bits(d),
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        Unit => "()",
        Array a => "[" + string.Join(", ", a.Cast<object?>().Select(Of)) + "]",
        ITuple t => "(" + string.Join(", ", Enumerable.Range(0, t.Length).Select(k => Of(t[k]))) + ")",
        _ => value.GetType().Name + ":" + value,
    };

    /// <summary>A double as its shortest round-trip text and its bits.</summary>
    public static string Bits(double d) =>
        d.ToString("R", CultureInfo.InvariantCulture) + "#" + BitConverter.DoubleToInt64Bits(d).ToString("x16", CultureInfo.InvariantCulture);
}
