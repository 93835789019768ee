using Xunit;
using Probabilistic.Inference.Variational;
using static Probabilistic.Tests.Inference.Variational.Optimization.AdamTests;

namespace Probabilistic.Tests.Inference.Variational.Optimization;

/// <summary>
/// Adagrad's and RMSProp's first three updates against their PyTorch recurrences (see the classes' remarks), computed
/// by hand in 50-digit arithmetic and rounded to double: θ₀ = (1, −0.5), α = 0.1, gradients (0.5, −1), (0.25, 2),
/// (−0.125, 0).
/// </summary>
public class AdaptiveRateTests
{
    private static readonly double[] Start = [1.0, -0.5];

    [Fact]
    public void Adagrad() =>
        // Step 1: s = g², θ − α g/(|g| + ε).
        Equal([[0.90000000002, -0.40000000001], [0.8552786404780042, -0.4894427191059916], [0.8771004294977939, -0.4894427191059916]],
            Run(new Adagrad(learningRate: 0.1), Start, Gradients));

    [Fact]
    public void AdagradWithRateDecayWeightDecayAndInitialAccumulator() =>
        // η = 0.5 (step t uses α/(1 + 0.5(t − 1))), λ = 0.1, s₀ = 0.1.
        Equal([[0.9115348263201052, -0.40424824196534564], [0.8815775757695616, -0.4624251346685209], [0.8840011074179006, -0.4613956989803604]],
            Run(new Adagrad(learningRate: 0.1, rateDecay: 0.5, weightDecay: 0.1, initialAccumulatorValue: 0.1), Start, Gradients));

    [Fact]
    public void RmsProp() =>
        // Step 1: v = 0.01 g², so θ − α g/(0.1|g| + ε) ≈ θ − sign(g).
        Equal([[1.99999960000008e-07, 0.49999990000001], [-0.44901297442183047, -0.3953230219915219], [-0.228908817602148, -0.3953230219915219]],
            Run(new RmsProp(learningRate: 0.1), Start, Gradients));

    [Fact]
    public void CenteredRmsPropWithMomentum() =>
        Equal([[-0.005037613239050663, 0.5050377142491213], [-1.3626590050730385, 0.5133321803953109], [-2.3631225022385616, 0.5207971999268818]],
            Run(new RmsProp(learningRate: 0.1, momentum: 0.9, centered: true), Start, Gradients));

    [Fact]
    public void RmsPropWithWeightDecayMaximizing() =>
        Equal([[1.9999997500000626, -1.4999998947368531], [2.124649694017471, -0.5845653508204951], [1.4789817205261961, -0.5595579548311113]],
            Run(new RmsProp(learningRate: 0.1, weightDecay: 0.1, maximize: true), Start, Gradients));

    [Fact]
    public void AdagradResetRefillsTheInitialAccumulator()
    {
        var adagrad = new Adagrad(learningRate: 0.1, rateDecay: 0.5, weightDecay: 0.1, initialAccumulatorValue: 0.1);
        Run(adagrad, Start, Gradients);
        adagrad.Reset();
        Equal([[0.9115348263201052, -0.40424824196534564]], Run(adagrad, Start, Gradients[..1]));
    }

    [Fact]
    public void BadOptionsNameTheParameterAndValue()
    {
        static void Check(Func<object> build, string name)
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(build);
            Assert.Equal(name, e.ParamName);
        }
        Check(() => new Adagrad(learningRate: 0), "learningRate");
        Check(() => new Adagrad(rateDecay: -1), "rateDecay");
        Check(() => new Adagrad(initialAccumulatorValue: -0.1), "initialAccumulatorValue");
        Check(() => new Adagrad(epsilon: 0), "epsilon");
        Check(() => new RmsProp(alpha: 1), "alpha");
        Check(() => new RmsProp(momentum: -0.1), "momentum");
        Check(() => new RmsProp(weightDecay: double.NaN), "weightDecay");
    }
}
