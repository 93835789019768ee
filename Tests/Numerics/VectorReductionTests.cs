using Probabilistic.Numerics;
using Xunit;

namespace Probabilistic.Tests.Numerics;

/// <summary>
/// Each vector helper against the same function composed from scalar operations: the values and
/// every partial agree, and the helper records one node (one per row for MatVec).
/// </summary>
public sealed class VectorReductionTests
{
    // The helper and the composition sum the same terms in the same order but round the partials
    // differently (e.g. Σzᵢ/σ against Σ(zᵢ·(1/σ))); for these short vectors of O(1) terms the
    // difference is a few ulps of the largest term, O(10²)·ε ≈ 10⁻¹⁴; 10⁻¹² relative to the
    // largest magnitude involved leaves a factor of 100.
    private const double Tolerance = 1e-12;

    private static readonly double[] Data = [1.5, -0.3, 2.2, 0.9, -1.7];

    private static void AssertSameValueAndGradient(double[] x, Func<Real[], Real> helper, Func<Real[], Real> composed, int expectedNodes = 1)
    {
        var tape = new Tape();
        var xs = tape.Variables(x);
        int before = tape.Count;
        var y = helper(xs);
        Assert.Equal(expectedNodes, tape.Count - before);
        var (value, gradient) = Tape.ValueAndGradient(composed, x);
        Assert.Equal(value, y.Value, Tolerance * Math.Max(1, Math.Abs(value)));
        tape.Gradient(y);
        for (int i = 0; i < x.Length; i++)
            Assert.Equal(gradient[i], tape.Adjoint(xs[i]), Tolerance * Math.Max(1, Math.Abs(gradient[i])));
        // Without a tape the helper gives the same value.
        var constants = x.Select(v => new Real(v)).ToArray();
        Assert.Equal(y.Value, helper(constants).Value);
        Assert.True(helper(constants).IsConstant);
    }

    [Fact]
    public void Sum_Dot_and_LogSumExp_match_the_scalar_composition()
    {
        double[] x = [0.3, -1.2, 2.5, 0.0, 4.1];
        AssertSameValueAndGradient(x, p => RealMath.Sum(p), p => p.Aggregate(new Real(0), (a, b) => a + b));
        AssertSameValueAndGradient(x, p => RealMath.Dot(p, Data), p => Enumerable.Range(0, 5).Aggregate(new Real(0), (a, i) => a + p[i] * Data[i]));
        AssertSameValueAndGradient(x, p => RealMath.LogSumExp(p), p => RealMath.Log(p.Aggregate(new Real(0), (a, b) => a + RealMath.Exp(b))));
    }

    [Fact]
    public void MatVec_records_one_node_per_row_and_matches_the_scalar_composition()
    {
        double[,] design = { { 1, 0.5, -2 }, { 1, 1.5, 0.3 }, { 1, -0.7, 4 }, { 1, 2, 2 } };
        double[] weights = [0.3, -1, 2, 0.5];
        // A scalar function of the rows, to check every row's partials at once.
        Real Combine(Real[] rows) => Enumerable.Range(0, rows.Length).Aggregate(new Real(0), (a, i) => a + weights[i] * RealMath.Sin(rows[i]));
        AssertSameValueAndGradient([0.2, -0.4, 0.7],
            beta => Combine(RealMath.MatVec(design, beta)),
            beta => Combine(Enumerable.Range(0, 4).Select(i => Enumerable.Range(0, 3).Aggregate(new Real(0), (a, j) => a + design[i, j] * beta[j])).ToArray()),
            expectedNodes: 4 /* rows */ + 4 /* Sin */ + 4 /* weights * */ + 4 /* + */);
    }

    [Fact]
    public void Constants_among_the_parents_are_skipped()
    {
        var tape = new Tape();
        var x = tape.Variable(2.0);
        var y = RealMath.Sum([x, 3.0, x * 2.0]);
        Assert.Equal(9.0, y.Value);
        tape.Gradient(y);
        Assert.Equal(3.0, tape.Adjoint(x));
    }

    [Fact]
    public void Shape_mismatches_name_the_parameter()
    {
        var mu = new Real[] { 1, 2 };
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => RealMath.Dot(mu, Data)).ParamName);
        Assert.Equal("beta", Assert.Throws<ArgumentException>(() => RealMath.MatVec(new double[3, 4], mu)).ParamName);
        Assert.Equal("result", Assert.Throws<ArgumentException>(() => RealMath.MatVec(new double[3, 2], mu, new Real[2])).ParamName);
        var ex = Assert.Throws<ArgumentException>(() => Tape.Record(1.0, mu, [1.0]));
        Assert.Equal("partials", ex.ParamName);
        Assert.Contains("2", ex.Message);
    }
}
