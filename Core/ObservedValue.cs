using System.Globalization;

namespace Probabilistic;

/// <summary>
/// The check every observed datum passes when <c>Observe</c> or <c>ObserveEach</c> builds its node, so that no
/// interpretation (and no algorithm) ever scores a NaN or an infinity as data: real data (double, float,
/// <see cref="Real"/>) and real vectors (arrays of them) must be finite. Other types (integers, booleans, …) cannot
/// hold such values and pass without cost.
/// </summary>
internal static class ObservedValue
{
    /// <summary>
    /// Throws a <see cref="ModelException"/> naming <paramref name="primitive"/>, the datum's address (when it has one),
    /// its index in the data (when <paramref name="index"/> ≥ 0) and the offending value.
    /// </summary>
    public static void RequireFinite<T>(T value, string primitive, Address? address, int index = -1)
    {
        switch (value)
        {
            case double d: Scalar(d, -1); break;
            case Real r: Scalar(r.Value, -1); break;
            case float f: Scalar(f, -1); break;
            case double[] ds:
                for (int j = 0; j < ds.Length; j++) Scalar(ds[j], j);
                break;
            case Real[] rs:
                for (int j = 0; j < rs.Length; j++) Scalar(rs[j].Value, j);
                break;
            case float[] fs:
                for (int j = 0; j < fs.Length; j++) Scalar(fs[j], j);
                break;
        }

        void Scalar(double x, int element)
        {
            if (double.IsFinite(x)) return;
            var what = index >= 0 ? $"datum {index}" : "the observed value";
            if (element >= 0) what = $"element {element} of {what}";
            var where = address is null ? "" : $" at '{address}'";
            throw new ModelException(
                $"{primitive}: {what}{where} is {x.ToString(CultureInfo.InvariantCulture)}; observed data must be finite (remove or impute missing values before observing them).",
                address);
        }
    }
}
