using Probabilistic.Interpretation;
using Probabilistic.Interpretation.Handlers;
using Xunit;
using Record = Probabilistic.Interpretation.Handlers.Record;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Core.Interpretation.Handlers;

public class RecordTests
{
    [Fact]
    public void RecordsTheChoicesMadeBelowAndEveryScore()
    {
        var model =
            from b in Sample("b", Bernoulli(0.3))
            from _ in Observe("o", Normal(0, 1), 0.25)
            from __ in Factor(-1.5)
            select b;
        var record = new Record(new Condition<Real>(ChoiceMap.Of(("b", true)), new Seed(new Rng(1))));
        var m = new Machine(record);
        m.Start(model);
        m.Run();
        var trace = record.Trace.Build(model, m.Result<bool>());
        Assert.True(trace.Get<bool>("b"));
        Assert.Equal(Math.Log(0.3), trace.LogPrior, 12);
        Assert.Equal(Normal(0, 1).LogProb(0.25).Value - 1.5, trace.LogLikelihood, 12);
        Assert.Equal(2, trace.Scores.Count);
    }

    [Fact]
    public void AnAddressUsedTwiceIsAnError()
    {
        var model = from a in Sample("a", Normal(0, 1)) from b in Sample("a", Normal(0, 1)) select a + b;
        var m = new Machine(new Record(new Seed(new Rng(1))));
        m.Start(model);
        var e = Assert.Throws<DuplicateAddressException>(m.Run);
        Assert.Equal(Address.Parse("a"), e.Address);
    }
}
