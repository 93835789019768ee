using Xunit;
using Probabilistic.Inference.Variational;

namespace Probabilistic.Tests.Inference.Variational.Optimization;

/// <summary>Clear exceptions for bad options, a changed vector length, non-finite gradients or parameters, and bad schedules.</summary>
public class OptimizerErrorTests
{
    public static TheoryData<string> Optimizers => ["adam", "adamw", "sgd", "adagrad", "rmsprop"];

    private static IOptimizer Build(string name) => name switch
    {
        "adam" => new Adam(learningRate: 0.1),
        "adamw" => new AdamW(learningRate: 0.1),
        "sgd" => new Sgd(learningRate: 0.1, momentum: 0.9),
        "adagrad" => new Adagrad(learningRate: 0.1),
        "rmsprop" => new RmsProp(learningRate: 0.1, momentum: 0.9, centered: true),
        _ => throw new ArgumentException(name),
    };

    [Theory, MemberData(nameof(Optimizers))]
    public void LengthChangeNamesBothLengths(string name)
    {
        var optimizer = Build(name);
        optimizer.Step(new double[3], [1, 2, 3]);
        var e = Assert.Throws<ArgumentException>(() => optimizer.Step(new double[4], [1, 2, 3, 4]));
        Assert.Contains("length 4", e.Message);
        Assert.Contains("length 3", e.Message);
        Assert.Equal(1, optimizer.Steps);
    }

    [Theory, MemberData(nameof(Optimizers))]
    public void GradientOfAnotherLengthIsRejected(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => Build(name).Step(new double[3], [1, 2]));
        Assert.Equal("gradient", e.ParamName);
        Assert.Contains("length 2", e.Message);
        Assert.Contains("length 3", e.Message);
    }

    [Theory, MemberData(nameof(Optimizers))]
    public void NonFiniteGradientNamesTheCoordinateAndChangesNothing(string name)
    {
        var optimizer = Build(name);
        var theta = new[] { 1.0, 2.0, 3.0 };
        optimizer.Step(theta, [0.1, 0.2, 0.3]);
        var before = (double[])theta.Clone();
        var e = Assert.Throws<ArgumentException>(() => optimizer.Step(theta, [0.1, double.NaN, 0.3]));
        Assert.Equal("gradient", e.ParamName);
        Assert.Contains("gradient[1]", e.Message);
        Assert.Contains("NaN", e.Message);
        e = Assert.Throws<ArgumentException>(() => optimizer.Step(theta, [0.1, 0.2, double.NegativeInfinity]));
        Assert.Contains("gradient[2]", e.Message);
        Assert.Equal(before, theta);
        Assert.Equal(1, optimizer.Steps);
    }

    [Theory, MemberData(nameof(Optimizers))]
    public void NonFiniteParameterNamesTheCoordinate(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => Build(name).Step([double.PositiveInfinity, 0], [0, 0]));
        Assert.Contains("parameters[0]", e.Message);
    }

    [Theory, MemberData(nameof(Optimizers))]
    public void NonFiniteValuesAreFoundInSimdLanesAndInTheTail(string name)
    {
        // 13 coordinates: a bad value at each position, inside whole SIMD vectors and in the scalar tail.
        for (int j = 0; j < 13; j++)
        {
            var gradient = new double[13];
            gradient[j] = j % 2 == 0 ? double.NaN : double.PositiveInfinity;
            var e = Assert.Throws<ArgumentException>(() => Build(name).Step(new double[13], gradient));
            Assert.Contains($"gradient[{j}]", e.Message);
            var theta = new double[13];
            theta[j] = double.NegativeInfinity;
            e = Assert.Throws<ArgumentException>(() => Build(name).Step(theta, new double[13]));
            Assert.Contains($"parameters[{j}]", e.Message);
        }
    }

    [Fact]
    public void ResetAllowsAnotherLength()
    {
        var adam = new Adam();
        adam.Step(new double[3], [1, 2, 3]);
        adam.Reset();
        adam.Step(new double[4], [1, 2, 3, 4]);
        Assert.Equal(1, adam.Steps);
    }

    private static void BadOption(Func<object> build, string name, string value)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(build);
        Assert.Equal(name, e.ParamName);
        Assert.Contains(value, e.Message);
    }

    [Fact]
    public void BadAdamOptionsNameTheParameterAndValue()
    {
        BadOption(() => new Adam(learningRate: 0), "learningRate", "0");
        BadOption(() => new Adam(learningRate: double.PositiveInfinity), "learningRate", $"{double.PositiveInfinity}");
        BadOption(() => new Adam(beta1: 1), "beta1", "1");
        BadOption(() => new Adam(beta2: -0.1), "beta2", "-0.1");
        BadOption(() => new Adam(epsilon: 0), "epsilon", "0");
        BadOption(() => new Adam(weightDecay: -1), "weightDecay", "-1");
        BadOption(() => new AdamW(weightDecay: double.NaN), "weightDecay", "NaN");
    }

    [Fact]
    public void BadSgdOptionsNameTheParameterAndValue()
    {
        BadOption(() => new Sgd(learningRate: -0.1), "learningRate", "-0.1");
        BadOption(() => new Sgd(momentum: 1), "momentum", "1");
        BadOption(() => new Sgd(momentum: 0.9, dampening: 2), "dampening", "2");
        BadOption(() => new Sgd(weightDecay: -0.5), "weightDecay", "-0.5");
        var e = Assert.Throws<ArgumentException>(() => new Sgd(momentum: 0, nesterov: true));
        Assert.Equal("nesterov", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => new Sgd(momentum: 0.9, dampening: 0.1, nesterov: true));
        Assert.Contains("dampening is 0.1", e.Message);
    }

    private sealed class NegativeSchedule : ILearningRateSchedule
    {
        public double Rate(int step, double baseRate) => step == 1 ? -baseRate : baseRate;
        public override string ToString() => "NegativeSchedule";
    }

    [Fact]
    public void BadScheduledRateNamesTheStepAndValue()
    {
        var sgd = new Sgd(learningRate: 0.1, schedule: new NegativeSchedule());
        var theta = new[] { 1.0 };
        sgd.Step(theta, [1.0]);
        var e = Assert.Throws<InvalidOperationException>(() => sgd.Step(theta, [1.0]));
        Assert.Contains("-0.1", e.Message);
        Assert.Contains("step 1", e.Message);
        Assert.Equal(0.9, theta[0], 15);
    }
}
