using Probabilistic.Interpretation;
using Probabilistic.Interpretation.Handlers;
using Xunit;
using Record = Probabilistic.Interpretation.Handlers.Record;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Core.Interpretation.Handlers;

public class BlockTests
{
    private static readonly Model<Real> Model =
        from h in Sample("hidden", Normal(0, 1))
        from v in Sample("visible", Normal(h, 1))
        from _ in Observe("o", Normal(v, 1), 0.3)
        select v;

    [Fact]
    public void HiddenChoicesAndScoresReachNoHandlerBelow()
    {
        var condition = new Condition<Real>(ChoiceMap.Of(("hidden", new Real(5.0))), new Seed(new Rng(1)));
        var record = new Record(condition);
        var m = new Machine(new Block(Selection.Of("hidden", "o"), record));
        m.Start(Model);
        m.Run();
        var trace = record.Trace.Build(Model, m.Result<Real>());
        Assert.False(trace.Contains("hidden"));
        Assert.True(trace.Contains("visible"));
        Assert.Empty(trace.Scores);
        Assert.Equal(0, condition.Visited); // the constraint below never saw the hidden choice
        Assert.Equal(0.0, condition.Weight.Value);
    }

    [Fact]
    public void UnhiddenEffectsPassOn()
    {
        var record = new Record(new Seed(new Rng(1)));
        var m = new Machine(new Block(Selection.None, record));
        m.Start(Model);
        m.Run();
        Assert.Equal(2, record.Trace.Choices.Count);
        Assert.Single(record.Trace.Scores);
    }

    [Fact]
    public void AHiddenChoiceNeedsAGenerator()
    {
        var m = new Machine(new Block(Selection.All, new Seed(null)));
        m.Start(Model);
        var e = Assert.Throws<ModelException>(m.Run);
        Assert.Contains("'hidden'", e.Message);
    }
}
