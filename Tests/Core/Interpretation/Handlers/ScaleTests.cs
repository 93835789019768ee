using Probabilistic.Interpretation;
using Probabilistic.Interpretation.Handlers;
using Xunit;
using Record = Probabilistic.Interpretation.Handlers.Record;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Core.Interpretation.Handlers;

public class ScaleTests
{
    [Fact]
    public void ScoresAreMultipliedAndNestedScalesMultiply()
    {
        var model = from _ in Observe(Normal(0, 1), 0.5) from __ in Factor(-2.0) select Unit.Value;
        var condition = new Condition<Real>(ChoiceMap.Empty, new Seed(new Rng(1)));
        var m = new Machine(new Scale(2.5, new Scale(2, condition)));
        Assert.Equal(5.0, m.Scale);
        m.Start(model);
        m.Run();
        Assert.Equal(5.0 * (Normal(0, 1).LogProb(0.5).Value - 2.0), condition.Weight.Value, 12);
    }

    [Fact]
    public void ASubsampledPlateRunsTheMinibatchUnderASizeOverBatchScale()
    {
        // Four data, a minibatch of the indices {1, 3}: the log-likelihood is 4/2 × theirs.
        double[] data = [0.1, -0.4, 0.7, 1.2];
        var model = Plate("data", data.Length, 2, i => Observe(Normal(0, 1), data[i]));
        var record = new Record(new Seed(new Rng(1)));
        var m = new Machine(record);
        m.Start(model, Scope.Of(null, new FixedIndices([1, 3])));
        m.Run();
        Assert.Equal(2, record.Trace.Scores.Count);
        double expected = 2 * (Normal(0, 1).LogProb(-0.4).Value + Normal(0, 1).LogProb(1.2).Value);
        Assert.Equal(expected, record.Trace.LogLikelihood, 12);
        Assert.Equal(1.0, m.Scale); // the plate's scale is gone once it returns
    }

    [Fact]
    public void WithoutASubsamplerTheWholePlateRunsUnscaled()
    {
        double[] data = [0.1, -0.4, 0.7, 1.2];
        var model = Plate("data", data.Length, 2, i => Observe(Normal(0, 1), data[i]));
        var trace = model.Simulate(new Rng(1));
        Assert.Equal(data.Sum(y => Normal(0, 1).LogProb(y).Value), trace.LogLikelihood, 12);
    }

    private sealed class FixedIndices(int[] indices) : ISubsampler
    {
        public IReadOnlyList<int> Indices(Address plate, int size, int subsampleSize) => indices;
    }
}
