using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Probabilistic.Distributions;
using Probabilistic.PropertyTests.Distributions.Discrete;
using static Probabilistic.PropertyTests.Distributions.Discrete.FiniteDifference;

namespace Probabilistic.PropertyTests.Distributions.Multivariate;

/// <summary>
/// The LKJCholesky log density's tape gradient with respect to η and to the free entries of L equals
/// finite differences (see <see cref="FiniteDifference"/>). A factor is built from its strictly lower
/// entries w (row i: wᵢ₀ … wᵢ,ᵢ₋₁ with |wᵢ|² ≤ 0.8) and the diagonal √(1 − |wᵢ|²), on the tape, so every
/// perturbed factor stays in the support and the gradient reaches the diagonal through the chain rule.
/// </summary>
public sealed class LKJCholeskyGradientProperties
{
    private static Gen<double> Uniform(double lo, double hi) => Gen.Choose(0, 100_000).Select(i => lo + (hi - lo) * i / 100_000.0);

    [Property(MaxTest = 100)]
    public Property Gradient_in_eta_and_the_free_entries() =>
        Prop.ForAll(
            (from k in Gen.Choose(2, 4)
             from eta in Uniform(0.2, 8)
             from w in Gen.ArrayOf(Uniform(-1, 1), k * (k - 1) / 2)
             select (k, eta, w)).ToArbitrary(),
            c =>
            {
                int k = c.k;
                var free = (double[])c.w.Clone();
                // Shrink each row's free entries to squared length ≤ 0.8.
                for (int i = 1, at = 0; i < k; at += i, i++)
                {
                    double n2 = 0;
                    for (int j = 0; j < i; j++) n2 += free[at + j] * free[at + j];
                    if (n2 > 0.8)
                        for (int j = 0; j < i; j++) free[at + j] *= Math.Sqrt(0.8 / n2);
                }
                var point = new[] { c.eta }.Concat(free).ToArray();
                Real F(Real[] v)
                {
                    var l = new Real[k * k];
                    for (int i = 0; i < l.Length; i++) l[i] = 0.0;
                    l[0] = 1.0;
                    for (int i = 1, at = 1; i < k; at += i, i++)
                    {
                        Real n2 = 0.0;
                        for (int j = 0; j < i; j++)
                        {
                            l[i * k + j] = v[at + j];
                            n2 += v[at + j] * v[at + j];
                        }
                        l[i * k + i] = RealMath.Sqrt(1.0 - n2);
                    }
                    return new LKJCholesky(k, v[0]).LogProb(l);
                }
                bool ok = GradientAgrees(F, point, i => i == 0 ? Step(point[0], 0) : 1e-4, out var report);
                return ok.Label(report);
            });

    /// <summary>
    /// The unconstrained log density log p(T(u)) + log |det J_T(u)| that HMC sees, through the support's
    /// bijector: its tape gradient in η and u equals finite differences.
    /// </summary>
    [Property(MaxTest = 100)]
    public Property Unconstrained_gradient_through_the_support_bijector() =>
        Prop.ForAll(
            (from k in Gen.Choose(2, 5)
             from eta in Uniform(0.2, 8)
             from u in Gen.ArrayOf(Uniform(-3, 3), k * (k - 1) / 2)
             select (k, eta, u)).ToArbitrary(),
            c =>
            {
                var point = new[] { c.eta }.Concat(c.u).ToArray();
                Real F(Real[] v)
                {
                    var d = new LKJCholesky(c.k, v[0]);
                    var l = new Real[c.k * c.k];
                    Real logJ = d.Support.Bijector.Forward(v.AsSpan(1), l);
                    return d.LogProb(l) + logJ;
                }
                bool ok = GradientAgrees(F, point, i => i == 0 ? Step(point[0], 0) : Step(point[i]), out var report);
                return ok.Label(report);
            });
}
