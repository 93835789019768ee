using Probabilistic.Distributions;
using Xunit;

namespace Probabilistic.Tests.Distributions.Bijectors;

/// <summary>Round trips and support membership of the vector supports' bijectors at fixed points.</summary>
public sealed class VectorBijectorRoundTripTests
{
    public static TheoryData<string, int> Supports()
    {
        var data = new TheoryData<string, int>();
        foreach (string name in new[] { "real_vector", "simplex", "cholesky_factor_corr", "ordered", "positive_ordered" })
            foreach (int k in new[] { 1, 2, 3, 5 })
                data.Add(name, k);
        return data;
    }

    private static Support Make(string name, int k) => BijectorCases.Make($"{name}({k})");

    [Theory]
    [MemberData(nameof(Supports))]
    public void Forward_lands_in_the_support_and_Inverse_undoes_it(string name, int k)
    {
        var support = Make(name, k);
        var b = support.Bijector;
        Assert.Equal($"{name}({k})", support.Name);
        Assert.Equal(b.ConstrainedDimension, support.Dimension);
        var rng = new Rng(17);
        var u = new Real[b.UnconstrainedDimension];
        var x = new Real[b.ConstrainedDimension];
        var xs = new double[x.Length];
        var back = new double[u.Length];
        for (int trial = 0; trial < 50; trial++)
        {
            for (int i = 0; i < u.Length; i++) u[i] = 3 * rng.NextGaussian();
            var logJ = b.Forward(u, x);
            Assert.True(double.IsFinite(logJ.Value));
            for (int i = 0; i < x.Length; i++) xs[i] = x[i].Value;
            Assert.True(support.Contains(xs), $"{support}: Forward({string.Join(", ", u)}) = ({string.Join(", ", xs)}) is not in the support.");
            b.Inverse(xs, back);
            for (int i = 0; i < u.Length; i++)
                Assert.True(Math.Abs(back[i] - u[i].Value) <= 1e-9 * Math.Max(1, Math.Abs(u[i].Value)), $"{support}: u[{i}] = {u[i]} came back as {back[i]:R}.");
        }
    }

    [Fact]
    public void Zero_maps_to_the_centre_of_the_simplex_and_the_identity_matrix()
    {
        var x = new Real[4];
        Support.Simplex(4).Bijector.Forward(new Real[3], x);
        foreach (var xi in x) Assert.Equal(0.25, xi.Value, 15);
        var l = new Real[9];
        Support.CholeskyCorrelation(3).Bijector.Forward(new Real[3], l);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                Assert.Equal(i == j ? 1.0 : 0.0, l[i * 3 + j].Value);
    }

    [Theory]
    [InlineData("simplex")]
    [InlineData("cholesky_factor_corr")]
    [InlineData("ordered")]
    [InlineData("positive_ordered")]
    [InlineData("real_vector")]
    public void A_dimension_below_one_is_rejected_with_its_name_and_value(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => Make(name, 0));
        Assert.Equal("k", e.ParamName);
        Assert.Contains("0", e.Message);
        Assert.StartsWith("Support.", e.Message);
    }
}
