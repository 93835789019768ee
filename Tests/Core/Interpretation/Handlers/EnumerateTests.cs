using Probabilistic.Interpretation;
using Probabilistic.Interpretation.Handlers;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Core.Interpretation.Handlers;

public class EnumerateTests
{
    [Fact]
    public void BranchesAFiniteChoiceByResumingOneCursorPerValue()
    {
        // z ~ Bernoulli(0.3), x ~ Normal(0,1) (not finite: drawn below), observe 1.0 ~ Normal(z ? 2 : 0, 1).
        var model =
            from z in Sample("z", Bernoulli(0.3))
            from x in Sample("x", Normal(0, 1))
            from _ in Observe(Normal(z ? 2.0 : 0.0, 1), 1.0)
            select z;
        var enumerate = new Enumerate(new Seed(new Rng(1)));
        var m = new Machine(enumerate);
        m.Start(model);
        m.Run();
        Assert.True(m.Suspended);
        Assert.Equal(Address.Parse("z"), enumerate.PendingAddress);
        var atChoice = m.Save();

        double evidence = 0;
        foreach (var value in enumerate.PendingNode!.FiniteSupport()!)
        {
            enumerate.LogWeight = enumerate.PendingNode.Score(enumerate.PendingAddress!, value).LogProb;
            m.Load(atChoice);
            m.ResumeWith(value);
            m.Run();
            Assert.True(m.Finished);
            Assert.Equal((bool)value, m.Result<bool>());
            evidence += Math.Exp(enumerate.LogWeight);
        }
        double exact = 0.3 * Math.Exp(Normal(2, 1).LogProb(1.0).Value) + 0.7 * Math.Exp(Normal(0, 1).LogProb(1.0).Value);
        Assert.Equal(exact, evidence, 12);
    }
}
