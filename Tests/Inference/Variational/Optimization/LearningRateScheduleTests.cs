using Xunit;
using Probabilistic.Inference.Variational;

namespace Probabilistic.Tests.Inference.Variational.Optimization;

/// <summary>Schedules' rates at given steps, against the closed forms of PyTorch's lr_scheduler (base rate 0.5).</summary>
public class LearningRateScheduleTests
{
    private const double Base = 0.5;

    [Fact]
    public void Constant()
    {
        foreach (int t in new[] { 0, 1, 1000 }) Assert.Equal(Base, LearningRateSchedule.Constant().Rate(t, Base));
    }

    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(2, 0.5)]
    [InlineData(3, 0.05)]
    [InlineData(5, 0.05)]
    [InlineData(6, 0.005)]
    public void StepDecay(int step, double expected) =>
        Assert.Equal(expected, LearningRateSchedule.StepDecay(3, 0.1).Rate(step, Base), 15);

    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(1, 0.25)]
    [InlineData(4, 0.03125)]
    public void ExponentialDecay(int step, double expected) =>
        Assert.Equal(expected, LearningRateSchedule.ExponentialDecay(0.5).Rate(step, Base), 15);

    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(50, 0.255)]                          // halfway: (α + η_min)/2
    [InlineData(25, 0.01 + 0.49 * 0.8535533905932737)] // (1 + cos(π/4))/2
    [InlineData(100, 0.01)]
    [InlineData(200, 0.5)]                           // the closed form is not clamped: period 2T_max
    public void CosineAnnealing(int step, double expected) =>
        Assert.Equal(expected, LearningRateSchedule.CosineAnnealing(100, 0.01).Rate(step, Base), 15);

    [Theory]
    [InlineData(0, 0.125)]
    [InlineData(3, 0.5)]
    [InlineData(4, 0.5)]    // exponential decay from its own step 0
    [InlineData(5, 0.45)]
    [InlineData(6, 0.405)]
    public void LinearWarmupThenAnotherSchedule(int step, double expected) =>
        Assert.Equal(expected, LearningRateSchedule.LinearWarmup(4, LearningRateSchedule.ExponentialDecay(0.9)).Rate(step, Base), 15);

    [Fact]
    public void LinearWarmupDefaultsToConstant() =>
        Assert.Equal(Base, LearningRateSchedule.LinearWarmup(4).Rate(100, Base));

    [Fact]
    public void BadArgumentsNameTheParameterAndValue()
    {
        static void Check(Action build, string name, string value)
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(build);
            Assert.Equal(name, e.ParamName);
            Assert.Contains(value, e.Message);
        }
        Check(() => LearningRateSchedule.StepDecay(0, 0.1), "stepSize", "0");
        Check(() => LearningRateSchedule.StepDecay(10, 1.5), "gamma", "1.5");
        Check(() => LearningRateSchedule.ExponentialDecay(0), "gamma", "0");
        Check(() => LearningRateSchedule.CosineAnnealing(-1), "tMax", "-1");
        Check(() => LearningRateSchedule.CosineAnnealing(10, double.NaN), "etaMin", "NaN");
        Check(() => LearningRateSchedule.LinearWarmup(0), "warmupSteps", "0");
        Check(() => LearningRateSchedule.Constant().Rate(-1, Base), "step", "-1");
    }
}
