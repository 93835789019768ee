using Probabilistic.Compilation;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Examples.Gallery;

/// <summary>
/// A two-component Gaussian mixture with explicit assignments: weight w ~ Beta(2, 2), ordered means
/// μ₁ ~ Normal(0, 10), μ₂ = μ₁ + δ with δ ~ HalfNormal(10) (ordering removes label switching), a common scale
/// σ ~ HalfNormal(5), zᵢ ~ Bernoulli(w), yᵢ ~ Normal(μ_{zᵢ}, σ). Discrete zᵢ and continuous parameters: a
/// model for Gibbs (enumeration for z, NUTS for the rest).
/// </summary>
public static class GaussianMixtureModel
{
    /// <summary>The model; returns (μ₁, μ₂).</summary>
    [Compiled]
    public static Model<(Real, Real)> Model(double[] y) =>
        from w in Sample("w", Beta(2, 2))
        from mu1 in Sample("mu1", Normal(0, 10))
        from delta in Sample("delta", HalfNormal(10))
        from sigma in Sample("sigma", HalfNormal(5))
        let mu2 = mu1 + delta
        from z in Plate("z", y.Length, Bernoulli(w))
        from _ in ObserveEach(y, (yi, i) => Normal(z[i] ? mu2 : mu1, sigma))
        select (mu1, mu2);

    /// <summary>
    /// The same mixture with each assignment inside its point's plate element: <c>y/i/z</c> ~ Bernoulli(w), then yᵢ
    /// observed. This is the form NUTS sums out by enumeration, element by element (and Gibbs runs as well); returns (μ₁, μ₂).
    /// </summary>
    public static Model<(Real, Real)> PointwiseModel(double[] y) =>
        from w in Sample("w", Beta(2, 2))
        from mu1 in Sample("mu1", Normal(0, 10))
        from delta in Sample("delta", HalfNormal(10))
        from sigma in Sample("sigma", HalfNormal(5))
        let mu2 = mu1 + delta
        from _ in Plate("y", y.Length, i =>
            from z in Sample("z", Bernoulli(w))
            from o in Observe(Normal(z ? mu2 : mu1, sigma), y[i])
            select o)
        select (mu1, mu2);

    /// <summary>Data: <paramref name="n"/> points, a fraction 0.3 from Normal(−3, 1) and the rest from Normal(3, 1).</summary>
    public static double[] Simulate(int n, ulong seed)
    {
        var rng = new Rng(seed);
        var y = new double[n];
        for (int i = 0; i < n; i++) y[i] = (rng.NextDouble() < 0.3 ? -3 : 3) + rng.NextGaussian();
        return y;
    }
}
