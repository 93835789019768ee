using Xunit;
using Probabilistic.Inference.Variational;

namespace Probabilistic.Tests.Inference.Variational.Optimization;

/// <summary>
/// Deterministic convergence: a strictly convex quadratic ½xᵀAx − bᵀx (A = [[3, 1], [1, 2]], b = (1, −1), minimum
/// A⁻¹b = (0.6, −0.8)) and the 2-D Rosenbrock function (1 − x)² + 100(y − x²)² (minimum (1, 1)) from (−1.2, 1).
/// The tolerances are fixed in advance (10⁻⁶ on the quadratic, 10⁻⁴ on Rosenbrock's curved valley); the step
/// counts and rates were chosen for them.
/// </summary>
public class ConvergenceTests
{
    private static double QuadraticLoss(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = 3 * x[0] + x[1] - 1;
        g[1] = x[0] + 2 * x[1] + 1;
        return 0.5 * (3 * x[0] * x[0] + 2 * x[0] * x[1] + 2 * x[1] * x[1]) - x[0] + x[1];
    }

    private static double RosenbrockLoss(ReadOnlySpan<double> x, Span<double> g)
    {
        double r = x[1] - x[0] * x[0];
        g[0] = -2 * (1 - x[0]) - 400 * x[0] * r;
        g[1] = 200 * r;
        return (1 - x[0]) * (1 - x[0]) + 100 * r * r;
    }

    private delegate double Loss(ReadOnlySpan<double> x, Span<double> g);

    private static double[] Minimize(IOptimizer optimizer, Loss loss, double[] start, int steps)
    {
        var x = (double[])start.Clone();
        var g = new double[x.Length];
        for (int t = 0; t < steps; t++)
        {
            loss(x, g);
            optimizer.Step(x, g);
        }
        return x;
    }

    private static void Near(double[] expected, double[] actual, double tolerance)
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"coordinate {i}: expected {expected[i]} ± {tolerance}, got {actual[i]:R}");
    }

    public static TheoryData<string> Optimizers => ["adam", "amsgrad", "adamw", "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "centered"];

    private static IOptimizer Build(string name, double adamRate, double sgdRate, int steps) => name switch
    {
        "adam" => new Adam(learningRate: adamRate, schedule: LearningRateSchedule.CosineAnnealing(steps)),
        "amsgrad" => new Adam(learningRate: adamRate, amsgrad: true, schedule: LearningRateSchedule.CosineAnnealing(steps)),
        "adamw" => new AdamW(learningRate: adamRate, weightDecay: 0, schedule: LearningRateSchedule.CosineAnnealing(steps)),
        "sgd" => new Sgd(learningRate: sgdRate),
        "momentum" => new Sgd(learningRate: sgdRate, momentum: 0.9),
        "nesterov" => new Sgd(learningRate: sgdRate, momentum: 0.9, nesterov: true),
        "adagrad" => new Adagrad(learningRate: 10 * adamRate),
        "rmsprop" => new RmsProp(learningRate: adamRate, schedule: LearningRateSchedule.CosineAnnealing(steps)),
        "centered" => new RmsProp(learningRate: adamRate, centered: true, momentum: 0.5, schedule: LearningRateSchedule.CosineAnnealing(steps)),
        _ => throw new ArgumentException(name),
    };

    [Theory, MemberData(nameof(Optimizers))]
    public void ConvexQuadratic(string name)
    {
        const int steps = 5000;
        Near([0.6, -0.8], Minimize(Build(name, 0.05, 0.1, steps), QuadraticLoss, [3.0, 2.0], steps), 1e-6);
    }

    [Theory, MemberData(nameof(Optimizers))]
    public void RosenbrockFunction(string name)
    {
        const int steps = 50_000;
        Near([1.0, 1.0], Minimize(Build(name, 0.02, 1e-3, steps), RosenbrockLoss, [-1.2, 1.0], steps), 1e-4);
    }

    [Fact]
    public void MaximizeAscendsTheNegatedQuadratic()
    {
        // max −f has the same optimum; the gradient passed is ∇(−f) = −∇f.
        var adam = new Adam(learningRate: 0.05, maximize: true);
        var x = new[] { 3.0, 2.0 };
        var g = new double[2];
        for (int t = 0; t < 5000; t++)
        {
            QuadraticLoss(x, g);
            g[0] = -g[0];
            g[1] = -g[1];
            adam.Step(x, g);
        }
        Near([0.6, -0.8], x, 1e-6);
    }
}
