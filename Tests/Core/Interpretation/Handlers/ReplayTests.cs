using Probabilistic.Interpretation;
using Probabilistic.Interpretation.Handlers;
using Xunit;
using Record = Probabilistic.Interpretation.Handlers.Record;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Core.Interpretation.Handlers;

public class ReplayTests
{
    private static Model<Real> Model(double mu) =>
        from x in Sample("x", Normal(mu, 1))
        from y in Sample("y", Normal(x, 1))
        select y;

    [Fact]
    public void KeptChoicesTakeThePreviousValuesAndTheirChangeOfDensityEntersTheWeight()
    {
        var previous = Model(0).Simulate(new Rng(3));
        var replay = new Replay(previous.ChoiceTable, new Seed(new Rng(4)));
        var record = new Record(replay);
        var m = new Machine(record);
        m.Start(Model(1)); // x's distribution changed: N(0,1) → N(1,1)
        m.Run();
        Real x = previous.Get<Real>("x"), y = previous.Get<Real>("y");
        Assert.Equal(y.Value, m.Result<Real>().Value);
        double expected = Normal(1, 1).LogProb(x).Value - Normal(0, 1).LogProb(x).Value; // y's density is unchanged
        Assert.Equal(expected, replay.KeptDelta, 12);
    }

    [Fact]
    public void SelectedChoicesGoOnToBeDrawnAfresh()
    {
        var previous = Model(0).Simulate(new Rng(3));
        var seed = new Seed(new Rng(4));
        var record = new Record(new Replay(previous.ChoiceTable, seed, resample: Selection.Of("y")));
        var m = new Machine(record);
        m.Start(Model(0));
        m.Run();
        var trace = record.Trace.Build(Model(0), m.Result<Real>());
        Assert.Equal(previous.Get<Real>("x").Value, trace.Get<Real>("x").Value);
        Assert.NotEqual(previous.Get<Real>("y").Value, trace.Get<Real>("y").Value);
        Assert.Equal(trace.ChoiceRecords.Last().LogProb, seed.FreshLogProb, 12);
    }
}
