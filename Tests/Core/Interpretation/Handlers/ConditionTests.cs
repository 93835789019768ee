using Probabilistic.Interpretation;
using Probabilistic.Interpretation.Handlers;
using Probabilistic.Numerics;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Core.Interpretation.Handlers;

public class ConditionTests
{
    private static readonly Model<Real> Model =
        from x in Sample("x", Normal(0, 1))
        from y in Sample("y", Normal(x, 1))
        from _ in Observe(Normal(y, 0.5), 1.0)
        select y;

    [Fact]
    public void ConstrainedChoicesTakeTheirValueAndWeighTheirDensityAndTheScores()
    {
        var condition = new Condition<Real>(ChoiceMap.Of(("x", new Real(0.3))), new Seed(new Rng(2)));
        var m = new Machine(condition);
        m.Start(Model);
        m.Run();
        Real y = m.Result<Real>();
        Assert.Equal(1, condition.Visited);
        double expected = Normal(0, 1).LogProb(0.3).Value + Normal(y, 0.5).LogProb(1.0).Value;
        Assert.Equal(expected, condition.Weight.Value, 12);
        // y was not constrained: drawn below, from Normal(0.3, 1), so its density is not in the weight.
        Assert.NotEqual(0.3, y.Value);
    }

    [Fact]
    public void TheWeightAccumulatesInAnyDifferentiableScalarAndKeepsTheTape()
    {
        var (value, gradient) = Tape.ValueAndGradient(mu =>
        {
            var model = from x in Sample("x", Normal(mu[0], 1)) select x;
            var condition = new Condition<Real>(ChoiceMap.Of(("x", new Real(1.0))), new Seed(null));
            var m = new Machine(condition);
            m.Start(model);
            m.Run();
            return condition.Weight;
        }, [0.2]);
        Assert.Equal(Normal(0.2, 1).LogProb(new Real(1.0)).Value, value, 12);
        // d/dμ log N(1; μ, 1) = 1 − μ.
        Assert.Equal(0.8, gradient[0], 12);
    }

    [Fact]
    public void ADuplicateConstrainedVisitIsAnErrorWhenTracked()
    {
        var model = from a in Sample("a", Normal(0, 1)) from b in Sample("a", Normal(0, 1)) select a + b;
        var m = new Machine(new Condition<Real>(ChoiceMap.Of(("a", new Real(0.0))), new Seed(null), trackVisited: true));
        m.Start(model);
        Assert.Throws<DuplicateAddressException>(m.Run);
    }
}
