using System.Collections;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Probabilistic;

/// <summary>
/// A read-only row-major view of a data matrix held in a <c>double[]</c> (rows one after another) or a
/// <c>double[,]</c>, without copying it: the design matrix of a regression, a data frame's numeric columns. Its
/// <see cref="Rows"/> and <see cref="Columns"/> are vector views (<see cref="DataVector"/>; a row is contiguous, a
/// column strided) that <see cref="RealMath.Dot(ReadOnlySpan{Real}, DataVector)"/>, <c>ObserveEach</c> and the
/// likelihoods take as they are — Stan's <c>row(x, i)</c>/<c>col(x, j)</c> (or <c>x[i]</c>, <c>x[:, j]</c> in NumPy and
/// Pyro). <see cref="RealMath.MatVec(DataMatrix, ReadOnlySpan{Real})"/> and the GLM likelihoods
/// (<c>Likelihoods.NormalIdGlm</c> …) take the whole matrix.
/// </summary>
/// <remarks>
/// The view shares the array: writing to the array changes what the view reads (a compiled tape keeps its own copy of
/// the data it replays). A <c>double[,]</c> converts implicitly, so every method that takes a <see cref="DataMatrix"/>
/// also takes one.
/// </remarks>
public readonly struct DataMatrix
{
    private readonly Array? _data; // double[] or double[,], row-major either way

    /// <summary>Views <paramref name="data"/> as a <paramref name="rows"/>×<paramref name="columns"/> matrix stored row after row.</summary>
    /// <exception cref="ArgumentException">A dimension is negative, or the array's length is not rows × columns.</exception>
    public DataMatrix(double[] data, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if ((long)rows * columns != data.Length)
            throw new ArgumentException($"DataMatrix: a {rows}×{columns} matrix has {(long)rows * columns} entries, but {nameof(data)} has {data.Length}.", nameof(data));
        _data = data;
        RowCount = rows;
        ColumnCount = columns;
    }

    /// <summary>Views a two-dimensional array (which .NET stores row-major).</summary>
    public DataMatrix(double[,] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        _data = data;
        RowCount = data.GetLength(0);
        ColumnCount = data.GetLength(1);
    }

    /// <summary>Views a two-dimensional array without copying it.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    public static implicit operator DataMatrix(double[,] data) => new(data);

    /// <summary>The number of rows (Stan's <c>rows(x)</c>).</summary>
    public int RowCount { get; }

    /// <summary>The number of columns (Stan's <c>cols(x)</c>).</summary>
    public int ColumnCount { get; }

    /// <summary>The entry in row <paramref name="row"/> and column <paramref name="column"/> (0-based).</summary>
    public double this[int row, int column]
    {
        get
        {
            if ((uint)row >= (uint)RowCount) throw new ArgumentOutOfRangeException(nameof(row), row, $"The matrix has {RowCount} rows.");
            if ((uint)column >= (uint)ColumnCount) throw new ArgumentOutOfRangeException(nameof(column), column, $"The matrix has {ColumnCount} columns.");
            return Span[row * ColumnCount + column];
        }
    }

    /// <summary>All entries, row after row (row i is <c>Span.Slice(i·ColumnCount, ColumnCount)</c>).</summary>
    public ReadOnlySpan<double> Span => _data is null || _data.Length == 0 ? default
        : MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<byte, double>(ref MemoryMarshal.GetArrayDataReference(_data)), _data.Length);

    /// <summary>Row <paramref name="row"/> as a contiguous vector view (Stan's <c>row(x, i)</c>, 0-based here).</summary>
    public DataVector Row(int row)
    {
        if ((uint)row >= (uint)RowCount) throw new ArgumentOutOfRangeException(nameof(row), row, $"The matrix has {RowCount} rows.");
        return new DataVector(_data, row * ColumnCount, 1, ColumnCount);
    }

    /// <summary>Column <paramref name="column"/> as a strided vector view (Stan's <c>col(x, j)</c>, 0-based here).</summary>
    public DataVector Column(int column)
    {
        if ((uint)column >= (uint)ColumnCount) throw new ArgumentOutOfRangeException(nameof(column), column, $"The matrix has {ColumnCount} columns.");
        return new DataVector(_data, column, ColumnCount, RowCount);
    }

    /// <summary>The rows as vector views: <c>x.Rows[i]</c> (NumPy's <c>x[i]</c>).</summary>
    public ViewList Rows => new(this, rows: true);

    /// <summary>The columns as vector views: <c>x.Columns[j]</c> (NumPy's <c>x[:, j]</c>).</summary>
    public ViewList Columns => new(this, rows: false);

    /// <summary>The rows or the columns of a <see cref="DataMatrix"/>, each a <see cref="DataVector"/> (no copy).</summary>
    public readonly struct ViewList : IReadOnlyList<DataVector>
    {
        private readonly DataMatrix _matrix;
        private readonly bool _rows;

        internal ViewList(DataMatrix matrix, bool rows)
        {
            _matrix = matrix;
            _rows = rows;
        }

        /// <summary>The number of rows or columns.</summary>
        public int Count => _rows ? _matrix.RowCount : _matrix.ColumnCount;

        /// <summary>Row or column <paramref name="index"/>.</summary>
        public DataVector this[int index] => _rows ? _matrix.Row(index) : _matrix.Column(index);

        /// <inheritdoc />
        public IEnumerator<DataVector> GetEnumerator()
        {
            for (int i = 0; i < Count; i++) yield return this[i];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
