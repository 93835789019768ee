using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Core;

public class StackSafetyTests
{
    private const int Steps = 1_000_000;

    // A random walk on {0..9}: each step moves by a Bernoulli(0.5) choice, observed to stay in range.
    private static Model<int> Walk() =>
        Fold("walk", Steps, 0, (s, t) =>
            from up in Sample("up", Bernoulli(0.5))
            let next = up ? Math.Min(s + 1, 9) : Math.Max(s - 1, 0)
            select next);

    [Fact]
    public void MillionStepFoldUnderSimulate()
    {
        var t = Walk().Simulate(new Rng(1));
        Assert.Equal(Steps, t.Count);
        // Naive summation of n terms has rounding error at most n·ε·Σ|x| ≈ 1e6 · 1.1e-16 · 6.9e5 ≈ 7.7e-5.
        double expected = Steps * Math.Log(0.5);
        Assert.InRange(t.LogPrior, expected - 7.7e-5, expected + 7.7e-5);
        Assert.True(t.Contains(Address.Of("walk", Steps - 1, "up")));
    }

    [Fact]
    public void MillionStepFoldUnderGenerate()
    {
        var constraints = ChoiceMap.Of((Address.Of("walk", 0, "up"), true), (Address.Of("walk", Steps - 1, "up"), false));
        var (t, w) = Walk().Generate(constraints, new Rng(2));
        Assert.Equal(2 * Math.Log(0.5), w, 12);
        Assert.False(t.Get<bool>(Address.Of("walk", Steps - 1, "up")));
    }

    [Fact]
    public void MillionLeftNestedBindsAndMaps()
    {
        Model<int> m = Return(0);
        for (int i = 0; i < Steps; i++) m = m.Select(x => x + 1);
        Assert.Equal(Steps, m.Simulate(new Rng(1)).ReturnValue);

        Model<int> b = Return(0);
        for (int i = 0; i < Steps; i++) b = b.SelectMany(x => Return(x + 1));
        Assert.Equal(Steps, b.Simulate(new Rng(1)).ReturnValue);
    }

    [Fact]
    public void LargePlateUnderSimulate()
    {
        var t = Plate("p", Steps, Bernoulli(0.5)).Simulate(new Rng(3));
        Assert.Equal(Steps, t.ReturnValue.Length);
        Assert.Equal(t.Get<bool>(Address.Of("p", 12345)), t.ReturnValue[12345]);
    }
}
