using Probabilistic.Distributions;
using Probabilistic.Numerics;
using Xunit;

namespace Probabilistic.Tests.Distributions.Fused;

/// <summary>
/// The fused normal likelihoods (<see cref="Likelihoods"/>) against the same sum composed from scalar operations: the
/// values and every partial agree, and each records one node.
/// </summary>
public sealed class NormalLikelihoodTests
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

    private static Real NormalLogDensity(double y, Real mu, Real sigma)
    {
        var z = (y - mu) / sigma;
        return -0.5 * z * z - RealMath.Log(sigma) - 0.5 * Math.Log(2 * Math.PI);
    }

    [Fact]
    public void NormalLogDensitySum_with_shared_parameters_matches_the_scalar_composition() =>
        AssertSameValueAndGradient([0.4, 1.3],
            p => Likelihoods.NormalLogDensitySum(Data, p[0], p[1]),
            p => Data.Aggregate(new Real(0), (acc, y) => acc + NormalLogDensity(y, p[0], p[1])));

    [Fact]
    public void NormalLogDensitySum_with_per_datum_means_matches_the_scalar_composition() =>
        AssertSameValueAndGradient([0.1, -0.2, 2.0, 0.5, -1.1, 0.8],
            p => Likelihoods.NormalLogDensitySum(Data, p.AsSpan(0, 5), p[5]),
            p => Enumerable.Range(0, 5).Aggregate(new Real(0), (acc, i) => acc + NormalLogDensity(Data[i], p[i], p[5])));

    [Fact]
    public void NormalLogDensitySum_with_known_scales_matches_the_scalar_composition()
    {
        double[] sigma = [0.5, 1, 2, 3, 0.7];
        AssertSameValueAndGradient([0.1, -0.2, 2.0, 0.5, -1.1],
            p => Likelihoods.NormalLogDensitySum(Data, p, sigma),
            p => Enumerable.Range(0, 5).Aggregate(new Real(0), (acc, i) => acc + NormalLogDensity(Data[i], p[i], sigma[i])));
    }

    [Fact]
    public void NormalLogDensitySum_with_a_constant_scale_differentiates_the_mean_only() =>
        AssertSameValueAndGradient([0.4],
            p => Likelihoods.NormalLogDensitySum(Data, p[0], 2.0),
            p => Data.Aggregate(new Real(0), (acc, y) => acc + NormalLogDensity(y, p[0], 2.0)));

    [Fact]
    public void Shape_mismatches_name_the_parameter()
    {
        var mu = new Real[] { 1, 2 };
        Assert.Equal("mu", Assert.Throws<ArgumentException>(() => Likelihoods.NormalLogDensitySum(Data, mu, 1.0)).ParamName);
        Assert.Equal("sigma", Assert.Throws<ArgumentException>(() => Likelihoods.NormalLogDensitySum(Data, new Real[5], [1.0])).ParamName);
    }
}
