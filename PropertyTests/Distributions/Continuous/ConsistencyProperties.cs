using FsCheck.Xunit;
using Probabilistic.Distributions;
using Probabilistic.Numerics;
using Xunit;

namespace Probabilistic.PropertyTests.Distributions.Continuous;

/// <summary>The density, the CDF, the survival function, the quantile function and the samplers agree with one another.</summary>
public class ConsistencyProperties
{
    [Property(MaxTest = 300, Arbitrary = new[] { typeof(ContinuousArbitrary) })]
    public void The_derivative_of_the_CDF_is_the_density(ContinuousPoint p)
    {
        // d/dx log F = p/F and d/dx log(1 − F) = −p/(1 − F): the tape's partial in x of each log tail,
        // against LogProb. Both sides are computed to about 1e-13 relative; 1e-9 leaves room for the
        // exp of a difference of logs of size up to 10³.
        var d = p.Distribution;
        double x = p.X, logP = d.LogProb(x).Value;
        var tape = new Tape();
        var xv = tape.Variable(x);
        tape.Gradient(d.LogCdf(xv));
        double fromCdf = tape.Adjoint(xv);
        tape.Clear();
        xv = tape.Variable(x);
        tape.Gradient(d.LogSurvival(xv));
        double fromSurvival = tape.Adjoint(xv);
        double expectedCdf = Math.Exp(logP - d.LogCdf(x).Value), expectedSurvival = -Math.Exp(logP - d.LogSurvival(x).Value);
        Assert.True(Math.Abs(fromCdf - expectedCdf) <= 1e-9 * Math.Abs(expectedCdf), $"{p}: d/dx log F = {fromCdf:R}, p/F = {expectedCdf:R}");
        Assert.True(Math.Abs(fromSurvival - expectedSurvival) <= 1e-9 * Math.Abs(expectedSurvival), $"{p}: d/dx log(1 − F) = {fromSurvival:R}, −p/(1 − F) = {expectedSurvival:R}");
    }

    [Property(MaxTest = 300, Arbitrary = new[] { typeof(ContinuousArbitrary) })]
    public void Cdf_and_survival_add_to_one(ContinuousLevel l)
    {
        // Each tail is accurate to about 1e-13 relative in its own range.
        var d = l.Case.Create(l.Parameters);
        double x = d.InverseCdf(l.Level);
        double total = Math.Exp(d.LogCdf(x).Value) + Math.Exp(d.LogSurvival(x).Value);
        Assert.True(Math.Abs(total - 1) <= 1e-12, $"{l}: F + (1 − F) = {total:R} at x = {x:R}");
    }

    [Property(MaxTest = 1000, Arbitrary = new[] { typeof(ContinuousArbitrary) })]
    public void The_quantile_is_within_four_ulps_of_exact(ContinuousLevel l)
    {
        // The tail at x moved 4 ulps toward the median is on one side of the level, and moved 4 ulps
        // away on the other, up to the log tail's own rounding (1e-12 relative).
        var d = l.Case.Create(l.Parameters);
        double x = d.InverseCdf(l.Level), below = x, above = x;
        for (int k = 0; k < 4; k++)
        {
            below = Math.BitDecrement(below);
            above = Math.BitIncrement(above);
        }
        bool lowerTail = l.Level <= 0.5;
        double goal = lowerTail ? Math.Log(l.Level) : -Math.Log(1 - l.Level);
        double slack = 1e-12 * Math.Max(1, Math.Abs(goal));
        double atBelow = lowerTail ? d.LogCdf(below).Value : -d.LogSurvival(below).Value;
        double atAbove = lowerTail ? d.LogCdf(above).Value : -d.LogSurvival(above).Value;
        Assert.True(atBelow <= goal + slack && atAbove >= goal - slack, $"{l}: x = {x:R}, tails 4 ulps below/above {atBelow:R}/{atAbove:R}, goal {goal:R}");
    }

    [Property(MaxTest = 100, Arbitrary = new[] { typeof(ContinuousArbitrary) })]
    public void Draws_lie_in_the_support_and_Rsample_draws_what_Sample_draws(ContinuousPoint p)
    {
        var d = p.Distribution;
        var a = new Rng((ulong)p.Level.GetHashCode());
        var b = new Rng((ulong)p.Level.GetHashCode());
        for (int i = 0; i < 200; i++)
        {
            double x = d.Sample(a).Value;
            Assert.True(d.Support.Contains(x) && double.IsFinite(d.LogProb(x).Value), $"{d.Name}: draw {x:R} has log density {d.LogProb(x).Value:R}");
            if (d is IReparameterized<Real> r) Assert.Equal(x, r.Rsample(b).Value);
        }
    }
}
