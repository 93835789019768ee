using Probabilistic.Distributions;
using Probabilistic.Numerics;
using Xunit;
using static Probabilistic.Distributions.Dist;
using static Probabilistic.Model;
using static Probabilistic.Tests.Numerics.TapeProgramCheck;

namespace Probabilistic.Tests.Distributions.Fused;

/// <summary>
/// <see cref="DataMatrix"/> and its <see cref="DataVector"/> rows and columns read a row-major <c>double[]</c> or a
/// <c>double[,]</c> in place; <c>RealMath.Dot</c>, <c>RealMath.MatVec</c>, the GLM likelihoods and <c>ObserveEach</c>
/// take them and give what they give on copies (bit for bit), and replay in a compiled tape.
/// </summary>
public sealed class DataViewTests
{
    private const int N = 7, D = 5;
    private static readonly double[] RowMajor = Enumerable.Range(0, N * D).Select(i => Math.Sin(1.3 * i) + 0.1 * i).ToArray();
    private static readonly double[,] Grid = ToGrid(RowMajor);

    private static double[,] ToGrid(double[] flat)
    {
        var g = new double[N, D];
        for (int i = 0; i < N; i++)
            for (int j = 0; j < D; j++) g[i, j] = flat[i * D + j];
        return g;
    }

    [Fact]
    public void Rows_and_columns_read_the_array_in_place()
    {
        foreach (var x in new[] { new DataMatrix(RowMajor, N, D), (DataMatrix)Grid })
        {
            Assert.Equal(N, x.RowCount);
            Assert.Equal(D, x.ColumnCount);
            Assert.Equal(N, x.Rows.Count);
            Assert.Equal(D, x.Columns.Count);
            for (int i = 0; i < N; i++)
                for (int j = 0; j < D; j++)
                {
                    Assert.Equal(Grid[i, j], x[i, j]);
                    Assert.Equal(Grid[i, j], x.Rows[i][j]);
                    Assert.Equal(Grid[i, j], x.Columns[j][i]);
                }
            Assert.True(x.Row(2).TryGetSpan(out var row));
            Assert.Equal(RowMajor.AsSpan(2 * D, D).ToArray(), row.ToArray());
            Assert.False(x.Column(1).TryGetSpan(out _));
            Assert.Equal(Enumerable.Range(0, N).Select(i => Grid[i, 3]), x.Columns[3].ToArray());
            Assert.Equal(Enumerable.Range(0, N).Select(i => Grid[i, 3]), x.Columns[3]);
            Assert.Throws<ArgumentOutOfRangeException>(() => x.Column(D));
            Assert.Throws<ArgumentOutOfRangeException>(() => x.Rows[-1]);
            Assert.Throws<ArgumentOutOfRangeException>(() => x[N, 0]);
            Assert.Throws<ArgumentOutOfRangeException>(() => x.Columns[0][N]);
        }
        // The view shares the array.
        var data = (double[])RowMajor.Clone();
        var view = new DataMatrix(data, N, D).Column(4);
        data[2 * D + 4] = 42;
        Assert.Equal(42, view[2]);
    }

    [Fact]
    public void A_shape_that_does_not_fit_the_array_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new DataMatrix(RowMajor, N, D + 1));
        Assert.Equal("data", e.ParamName);
        Assert.Contains($"{N}×{D + 1}", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DataMatrix(RowMajor, -1, D));
    }

    [Fact]
    public void Dot_with_a_column_equals_dot_with_its_copy_and_replays()
    {
        var x = new DataMatrix(RowMajor, N, D);
        for (int j = 0; j < D; j++)
        {
            var column = x.Columns[j];
            var copy = column.ToArray();
            var point = Points(j, 1, N, -1, 1)[0];
            var g1 = new double[N];
            var g2 = new double[N];
            double a = new Tape().ValueAndGradient(p => RealMath.Dot(p, column), point, g1);
            double b = new Tape().ValueAndGradient(p => RealMath.Dot(p, copy), point, g2);
            Assert.Equal(b, a);
            Assert.Equal(g2, g1);
            RecordAndReplay(p => RealMath.Dot(p, column), point, Points(j + 10, 3, N, -2, 2));
        }
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => RealMath.Dot(new Real[N - 1], x.Columns[0])).ParamName);
    }

    [Fact]
    public void MatVec_over_a_view_equals_MatVec_over_the_grid_and_replays()
    {
        var x = new DataMatrix(RowMajor, N, D);
        var point = Points(3, 1, D, -1, 1)[0];
        var weights = Enumerable.Range(0, N).Select(i => 1.0 + i).ToArray();
        Real Viewed(ReadOnlySpan<Real> b) => RealMath.Dot(RealMath.MatVec(x, b), weights);
        Real Gridded(ReadOnlySpan<Real> b) => RealMath.Dot(RealMath.MatVec(Grid, b), weights);
        var g1 = new double[D];
        var g2 = new double[D];
        Assert.Equal(new Tape().ValueAndGradient(Gridded, point, g2), new Tape().ValueAndGradient(Viewed, point, g1));
        Assert.Equal(g2, g1);
        RecordAndReplay(Viewed, point, Points(4, 3, D, -2, 2));
        Assert.Equal("beta", Assert.Throws<ArgumentException>(() => RealMath.MatVec(x, new Real[D + 1])).ParamName);
    }

    [Fact]
    public void A_GLM_takes_a_view_of_a_row_major_array()
    {
        int[] y = [1, 0, 0, 1, 1, 0, 1];
        var beta = Enumerable.Range(0, D).Select(j => new Real(0.1 * j - 0.2)).ToArray();
        Assert.Equal(Likelihoods.BernoulliLogitGlm(y, Grid, 0.3, beta).Value, Likelihoods.BernoulliLogitGlm(y, new DataMatrix(RowMajor, N, D), 0.3, beta).Value);
        var e = Assert.Throws<ArgumentException>(() => Likelihoods.NormalIdGlm(new double[N], new DataMatrix(RowMajor, D, N), 0, beta, 1));
        Assert.Equal("x", e.ParamName);
    }

    [Fact]
    public void ObserveEach_takes_a_column_as_it_is()
    {
        var x = new DataMatrix(RowMajor, N, D);
        var model = from m in Sample("m", Normal(0, 1))
                    from _ in ObserveEach(x.Columns[2], (v, i) => Normal(m, 1))
                    select m;
        var (trace, _) = model.Generate(ChoiceMap.Of(("m", (Real)0.4)), new Rng(1));
        double expected = Enumerable.Range(0, N).Sum(i => Normal(0.4, 1).LogProb(Grid[i, 2]).Value);
        Assert.Equal(expected, trace.LogLikelihood, 1e-12);
        Assert.Equal(N, trace.Scores.Count);
    }
}
