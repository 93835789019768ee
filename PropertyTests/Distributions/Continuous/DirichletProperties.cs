using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Probabilistic.Distributions;
using Probabilistic.Numerics;
using Xunit;

namespace Probabilistic.PropertyTests.Distributions.Continuous;

/// <summary>Dirichlet over random concentration vectors (K from 2 to 8, each αₖ log-uniform on [0.05, 100]).</summary>
public class DirichletProperties
{
    public static class Concentrations
    {
        public static Arbitrary<double[]> Alpha() => Arb.From(Gen.Choose(2, 8).SelectMany(k => Gen.ArrayOf(ContinuousCase.LogUniform(0.05, 100), k)));
    }

    [Property(MaxTest = 100, Arbitrary = new[] { typeof(Concentrations) })]
    public void Draws_lie_in_the_simplex_with_finite_density(double[] alpha)
    {
        var d = Dist.Dirichlet(alpha);
        var rng = new Rng(17);
        for (int i = 0; i < 200; i++)
        {
            var x = d.Sample(rng);
            Assert.True(d.Support.Contains(Array.ConvertAll(x, r => r.Value)), $"{d.Name}: draw off the simplex");
            Assert.True(double.IsFinite(d.LogProb(x).Value), $"{d.Name}: draw with log density {d.LogProb(x).Value}");
        }
    }

    [Property(MaxTest = 100, Arbitrary = new[] { typeof(Concentrations) })]
    public void LogProb_gradient_in_alpha_matches_finite_differences(double[] alpha)
    {
        // Five-point differences with step 2^⌊log₂(10⁻⁴αₖ)⌋; tolerance 10⁻⁶ relative plus their rounding 1.5δ/h, δ = 16 ulps of max(1, |f|).
        var d = Dist.Dirichlet(alpha);
        var x = d.Sample(new Rng(3));
        var (_, gradient) = Tape.ValueAndGradient(a => Dist.Dirichlet(a).LogProb(x), alpha);
        for (int k = 0; k < alpha.Length; k++)
        {
            double h = Math.ScaleB(1.0, Math.ILogB(1e-4 * alpha[k])), m = 0;
            double At(double t)
            {
                var a = (double[])alpha.Clone();
                a[k] = t;
                double v = Dist.Dirichlet(a).LogProb(x).Value;
                m = Math.Max(m, Math.Abs(v));
                return v;
            }
            double fd = (At(alpha[k] - 2 * h) - 8 * At(alpha[k] - h) + 8 * At(alpha[k] + h) - At(alpha[k] + 2 * h)) / (12 * h);
            double tolerance = 1e-6 * Math.Abs(fd) + 1.5 * 16 * 2.220446049250313e-16 * Math.Max(1, m) / h + 1e-10;
            Assert.True(Math.Abs(gradient[k] - fd) <= tolerance, $"{d.Name}: ∂/∂α[{k}] tape {gradient[k]:R}, finite difference {fd:R}");
        }
    }
}
