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
    public static void RequireFinite<T>(T value, string primitive, Address? address, int index = -1) =>
        RequireFinite(value, primitive, address, index, indexIsChild: false);

    /// <summary>
    /// <see cref="RequireFinite{T}(T, string, Address?, int)"/> for every datum of <paramref name="data"/>, the i-th at
    /// <c>name/i</c> when <paramref name="name"/> is given: the address is built only to report a bad datum, and data of
    /// a type that cannot hold NaN or ∞ (integers, booleans) are not scanned at all.
    /// </summary>
    public static void RequireAllFinite<T>(IReadOnlyList<T> data, string primitive, Address? name)
    {
        if (!CanBeNonFinite<T>.Value) return;
        for (int i = 0; i < data.Count; i++) RequireFinite(data[i], primitive, name, i, indexIsChild: name is not null);
    }

    // Whether a T can hold a non-finite real: the real scalar and vector types, and any type that might be one of them.
    private static class CanBeNonFinite<T>
    {
        public static readonly bool Value =
            typeof(T) == typeof(double) || typeof(T) == typeof(float) || typeof(T) == typeof(Real)
            || typeof(T) == typeof(double[]) || typeof(T) == typeof(float[]) || typeof(T) == typeof(Real[])
            || typeof(T) == typeof(object) || typeof(T).IsInterface || typeof(T).IsAbstract;
    }

    private static void RequireFinite<T>(T value, string primitive, Address? address, int index, bool indexIsChild)
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
            var at = indexIsChild ? address!.Child(index) : address;
            var where = at is null ? "" : $" at '{at}'";
            throw new ModelException(
                $"{primitive}: {what}{where} is {x.ToString(CultureInfo.InvariantCulture)}; observed data must be finite (remove or impute missing values before observing them).",
                at);
        }
    }
}
