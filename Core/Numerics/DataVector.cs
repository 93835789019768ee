using System.Collections;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Probabilistic;

/// <summary>
/// A read-only view of a vector of data inside an array, without copying it: element i is at
/// <c>offset + i·stride</c>. A row of a <see cref="DataMatrix"/> is contiguous (stride 1), a column strided. It is an
/// <see cref="IReadOnlyList{T}"/> of <see cref="double"/>, so <c>ObserveEach(x.Columns[2], …)</c> observes a column as
/// it is; <see cref="RealMath.Dot(ReadOnlySpan{Real}, DataVector)"/> takes it as one tape node.
/// </summary>
public readonly struct DataVector : IReadOnlyList<double>
{
    private readonly Array? _data; // double[] or double[,]
    private readonly int _offset;

    internal DataVector(Array? data, int offset, int stride, int length)
    {
        _data = data;
        _offset = offset;
        Stride = stride;
        Length = length;
    }

    /// <summary>The number of elements.</summary>
    public int Length { get; }

    /// <summary>The distance between consecutive elements in the array (1 for a row, the column count for a column).</summary>
    public int Stride { get; }

    /// <summary>Whether the elements are consecutive in the array (then <see cref="TryGetSpan"/> succeeds).</summary>
    public bool IsContiguous => Stride == 1 || Length <= 1;

    /// <summary>The number of elements (<see cref="IReadOnlyCollection{T}"/>).</summary>
    int IReadOnlyCollection<double>.Count => Length;

    /// <summary>Element <paramref name="index"/>.</summary>
    public double this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Length) throw new ArgumentOutOfRangeException(nameof(index), index, $"The vector has {Length} elements.");
            return Unsafe.Add(ref First, _offset + index * Stride);
        }
    }

    private ref double First => ref Unsafe.As<byte, double>(ref MemoryMarshal.GetArrayDataReference(_data!));

    /// <summary>The elements as a span when they are contiguous (a row); false for a strided column.</summary>
    public bool TryGetSpan(out ReadOnlySpan<double> span)
    {
        if (Length == 0) { span = default; return true; }
        if (!IsContiguous) { span = default; return false; }
        span = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref First, _offset), Length);
        return true;
    }

    /// <summary>Copies the elements into <paramref name="destination"/> (at least <see cref="Length"/> long).</summary>
    /// <exception cref="ArgumentException">The destination is too short.</exception>
    public void CopyTo(Span<double> destination)
    {
        if (destination.Length < Length)
            throw new ArgumentException($"DataVector.CopyTo: the destination has {destination.Length} elements but the vector {Length}.", nameof(destination));
        if (Length == 0) return;
        ref double first = ref Unsafe.Add(ref First, _offset);
        for (int i = 0; i < Length; i++) destination[i] = Unsafe.Add(ref first, i * Stride);
    }

    /// <summary>A copy of the elements.</summary>
    public double[] ToArray()
    {
        var result = new double[Length];
        CopyTo(result);
        return result;
    }

    /// <inheritdoc />
    public IEnumerator<double> GetEnumerator()
    {
        for (int i = 0; i < Length; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
