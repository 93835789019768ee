using FsCheck.Xunit;
using Probabilistic.Numerics;
using Xunit;

namespace Probabilistic.PropertyTests.Distributions.Bijectors;

/// <summary>
/// The tape gradients of log |det J_T(u)| and of every coordinate of T(u) equal central finite
/// differences of T computed on constants.
/// </summary>
public class GradientProperties
{
    // Central differences with step h have error ≈ h²|f'''|/6 + ε|f|/h. With h = 1e-5, |u| within
    // the ranges of BijectorCase (where |f'''| is at most a small multiple of max(|f|, |f'|, 1)) and
    // ε = 2.2e-16 that is ≈ 2e-11 · max(|f|, |f'|, 1), also for coordinates whose rounding error is
    // that of a larger bound (the case's Scale). The test allows 1e-6 of max(|f'|, |f|, Scale, 0.01),
    // so that a wrong partial, which is off by a fraction of |f'|, fails wherever |f'| ≥ 0.01.
    private const double H = 1e-5, Relative = 1e-6, Floor = 0.01;

    [Property(MaxTest = 300, Arbitrary = new[] { typeof(BijectorArbitrary) })]
    public void Tape_gradients_of_the_log_Jacobian_and_of_each_coordinate_match_finite_differences(UnconstrainedPoint p)
    {
        var b = p.Case.Bijector;
        int d = b.UnconstrainedDimension, n = b.ConstrainedDimension;

        // fd[j][0] = ∂ log|det J| / ∂uⱼ, fd[j][1 + i] = ∂xᵢ/∂uⱼ.
        var fd = new double[d][];
        var shifted = (double[])p.U.Clone();
        for (int j = 0; j < d; j++)
        {
            shifted[j] = p.U[j] + H;
            var xPlus = RoundTripProperties.Forward(b, shifted, out double lPlus);
            shifted[j] = p.U[j] - H;
            var xMinus = RoundTripProperties.Forward(b, shifted, out double lMinus);
            shifted[j] = p.U[j];
            fd[j] = new double[n + 1];
            fd[j][0] = (lPlus - lMinus) / (2 * H);
            for (int i = 0; i < n; i++) fd[j][1 + i] = (xPlus[i] - xMinus[i]) / (2 * H);
        }

        var tape = new Tape();
        var u = tape.Variables(p.U);
        var x = new Real[n];
        var logJ = b.Forward(u, x);
        var x0 = x.Select(v => v.Value).ToArray();
        double scale = p.Case.Scale(x0);
        for (int o = 0; o <= n; o++)
        {
            var output = o == 0 ? logJ : x[o - 1];
            string name = o == 0 ? "log |det J|" : $"x[{o - 1}]";
            if (output.IsConstant)
            {
                for (int j = 0; j < d; j++) Assert.True(fd[j][o] == 0, $"{name} is a constant on the tape, but ∂/∂u[{j}] ≈ {fd[j][o]:R}");
                continue;
            }
            tape.Gradient(output);
            for (int j = 0; j < d; j++)
            {
                double g = tape.Adjoint(u[j]);
                double tolerance = Relative * Math.Max(Math.Max(Math.Abs(fd[j][o]), Math.Abs(output.Value)), Math.Max(o == 0 ? 0 : scale, Floor));
                Assert.True(Math.Abs(g - fd[j][o]) <= tolerance, $"∂{name}/∂u[{j}]: tape {g:R}, finite differences {fd[j][o]:R}");
            }
        }
    }
}
