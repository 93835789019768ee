using Probabilistic.Interpretation;
using Probabilistic.Interpretation.Handlers;
using Xunit;
using Record = Probabilistic.Interpretation.Handlers.Record;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Core.Interpretation.Handlers;

public class SuspendTests
{
    // Three observations, a choice between each: the k-th intermediate target is the run up to the k-th observation.
    private static readonly Model<int> Steps = Fold("t", 3, 0, static (s, t) =>
        from x in Sample("x", Normal(0, 1))
        from _ in Observe(Normal(x, 1), 0.1 * t)
        select s + 1);

    [Fact]
    public void StopsJustAfterTheKthScoreAndRunsOnFromTheCursor()
    {
        var suspend = new Suspend(2, new Record(new Seed(new Rng(1))));
        var record = (Record)suspend.Next;
        var m = new Machine(suspend);
        m.Start(Steps);
        m.Run();
        Assert.True(m.Suspended);
        Assert.Equal(2, suspend.Scores);
        Assert.Equal(2, record.Trace.Scores.Count);
        Assert.Equal(2, record.Trace.Choices.Count);

        var cursor = m.Save();
        suspend.At = 3;
        m.Load(cursor);
        m.Run();
        Assert.True(m.Suspended); // suspended after the third score, before the fold returns
        m.Load(m.Save());
        m.Run();
        Assert.True(m.Finished);
        Assert.Equal(3, m.Result<int>());
        Assert.Equal(3, record.Trace.Scores.Count);
    }

    [Fact]
    public void ARunWithFewerScoresFinishes()
    {
        var m = new Machine(new Suspend(10, new Seed(new Rng(1))));
        m.Start(Steps);
        m.Run();
        Assert.True(m.Finished);
    }
}
