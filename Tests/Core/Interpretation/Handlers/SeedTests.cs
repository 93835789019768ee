using Probabilistic.Interpretation;
using Probabilistic.Interpretation.Handlers;
using Xunit;
using Record = Probabilistic.Interpretation.Handlers.Record;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Core.Interpretation.Handlers;

public class SeedTests
{
    private static readonly Model<Real> TwoDraws =
        from x in Sample("x", Normal(0, 1))
        from y in Sample("y", Normal(x, 2))
        select x + y;

    [Fact]
    public void DrawsFromTheGeneratorAndSumsTheDrawsLogDensities()
    {
        var seed = new Seed(new Rng(5));
        var record = new Record(seed);
        var m = new Machine(record);
        m.Start(TwoDraws);
        m.Run();
        var choices = record.Trace.Choices.Ordered.ToArray();
        Assert.Equal(2, choices.Length);
        Real x = ((Choice<Real>)choices[0]).Value, y = ((Choice<Real>)choices[1]).Value;
        double expected = Normal(0, 1).LogProb(x).Value + Normal(x, 2).LogProb(y).Value;
        Assert.Equal(expected, seed.FreshLogProb, 12);
        // Same generator seed, same draws.
        Assert.Equal((x + y).Value, TwoDraws.Simulate(new Rng(5)).ReturnValue.Value);
    }

    [Fact]
    public void WithoutAGeneratorAChoiceIsAnErrorNamingItsAddress()
    {
        var m = new Machine(new Seed(null, "Refused at '{0}'."));
        m.Start(TwoDraws);
        var e = Assert.Throws<ModelException>(m.Run);
        Assert.Equal("Refused at 'x'.", e.Message);
        Assert.Equal(Address.Parse("x"), e.Address);
    }
}
