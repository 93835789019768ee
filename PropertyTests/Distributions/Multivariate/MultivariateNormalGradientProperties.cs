using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Probabilistic.Distributions;
using Probabilistic.PropertyTests.Distributions.Discrete;
using static Probabilistic.PropertyTests.Distributions.Discrete.FiniteDifference;

namespace Probabilistic.PropertyTests.Distributions.Multivariate;

/// <summary>
/// The MultivariateNormal log density's tape gradient with respect to the value x, the mean μ and
/// each parameter matrix's free entries equals finite differences (see <see cref="FiniteDifference"/>),
/// for random K ≤ 4 and random parameters.
/// </summary>
public sealed class MultivariateNormalGradientProperties
{
    private static Gen<double> Uniform(double lo, double hi) => Gen.Choose(0, 100_000).Select(i => lo + (hi - lo) * i / 100_000.0);

    /// <summary>A random K, a lower factor with diagonal in [0.3, 3] and off-diagonal in [−1, 1], μ, and x = μ + noise.</summary>
    private static Arbitrary<(int K, double[] L, double[] Mu, double[] X)> Cases(int maxK) =>
        (from k in Gen.Choose(1, maxK)
         from diag in Gen.ArrayOf(Uniform(0.3, 3), k)
         from off in Gen.ArrayOf(Uniform(-1, 1), k * k)
         from mu in Gen.ArrayOf(Uniform(-2, 2), k)
         from noise in Gen.ArrayOf(Uniform(-3, 3), k)
         select (k, Lower(k, diag, off), mu, mu.Zip(noise, (m, e) => m + e).ToArray())).ToArbitrary();

    private static double[] Lower(int k, double[] diag, double[] off)
    {
        var l = new double[k * k];
        for (int i = 0; i < k; i++)
            for (int j = 0; j <= i; j++) l[i * k + j] = i == j ? diag[i] : off[i * k + j];
        return l;
    }

    /// <summary>Variables: x (K), μ (K), then the lower triangle of L by rows.</summary>
    [Property(MaxTest = 100)]
    public Property Gradient_in_x_mu_and_L() =>
        Prop.ForAll(Cases(4), c =>
        {
            int k = c.K;
            var lowerIndex = new List<(int, int)>();
            for (int i = 0; i < k; i++)
                for (int j = 0; j <= i; j++) lowerIndex.Add((i, j));
            var point = c.X.Concat(c.Mu).Concat(lowerIndex.Select(ij => c.L[ij.Item1 * k + ij.Item2])).ToArray();
            Real F(Real[] v)
            {
                var l = new Real[k, k];
                for (int i = 0; i < k; i++)
                    for (int j = 0; j < k; j++) l[i, j] = 0.0;
                for (int m = 0; m < lowerIndex.Count; m++) l[lowerIndex[m].Item1, lowerIndex[m].Item2] = v[2 * k + m];
                return new MultivariateNormal(v[k..(2 * k)], l).LogProb(v[..k]);
            }
            bool ok = GradientAgrees(F, point, i => i >= 2 * k && lowerIndex[i - 2 * k].Item1 == lowerIndex[i - 2 * k].Item2 ? Step(point[i], 0) : Step(point[i]), out var report);
            return ok.Label(report);
        });

    /// <summary>
    /// Σ = L·Lᵀ from a random L; the variables are Σ's lower triangle, each also placed above the
    /// diagonal (the same tape value), so the perturbed matrix stays symmetric. Likewise for Ω = Σ⁻¹'s
    /// factor: Ω = M·Mᵀ from a random M.
    /// </summary>
    [Property(MaxTest = 60)]
    public Property Gradient_in_covariance_and_precision() =>
        Prop.ForAll(Cases(3), c =>
        {
            int k = c.K;
            var s = new double[k, k];
            for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++)
                    for (int m = 0; m < k; m++) s[i, j] += c.L[i * k + m] * c.L[j * k + m];
            var lowerIndex = new List<(int, int)>();
            for (int i = 0; i < k; i++)
                for (int j = 0; j <= i; j++) lowerIndex.Add((i, j));
            var point = c.Mu.Concat(lowerIndex.Select(ij => s[ij.Item1, ij.Item2])).ToArray();
            Real[,] Symmetric(Real[] v)
            {
                var a = new Real[k, k];
                for (int m = 0; m < lowerIndex.Count; m++)
                {
                    var (i, j) = lowerIndex[m];
                    a[i, j] = a[j, i] = v[k + m];
                }
                return a;
            }
            // Steps small against the smallest eigenvalue's scale keep the perturbed matrix positive definite.
            Func<int, double> step = i => i < k ? Step(point[i]) : 1e-5 * Math.Max(1, Math.Abs(point[i]));
            bool ok = GradientAgrees(v => MultivariateNormal.FromCovariance(v[..k], Symmetric(v)).LogProb(c.X.Select(x => new Real(x)).ToArray()), point, step, out var report1);
            ok &= GradientAgrees(v => MultivariateNormal.FromPrecision(v[..k], Symmetric(v)).LogProb(c.X.Select(x => new Real(x)).ToArray()), point, step, out var report2);
            return ok.Label(report1 + "\n" + report2);
        });
}
