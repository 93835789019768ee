using Xunit;
using Probabilistic.Inference.Variational;

namespace Probabilistic.Tests.Inference.Variational.Optimization;

/// <summary>
/// Adam's first three updates against values computed by hand from Kingma &amp; Ba (2015), Algorithm 1, in 50-digit
/// arithmetic (mpmath) and rounded to double: θ₀ = (1, −0.5), α = 0.1, β = (0.9, 0.999), ε = 10⁻⁸, gradients
/// (0.5, −1), (0.25, 2), (−0.125, 0). Step 1 is the check on bias correction: m̂₁ = g₁ and v̂₁ = g₁², so
/// θ₁ = θ₀ − α g₁/(|g₁| + ε) = (0.900000002, −0.400000001), whereas without correction the step would be
/// α·0.1 g₁/(√0.001 |g₁|) ≈ 3.16α per coordinate.
/// </summary>
public class AdamTests
{
    internal static readonly double[][] Gradients = [[0.5, -1.0], [0.25, 2.0], [-0.125, 0.0]];

    internal static double[][] Run(IOptimizer optimizer, double[] start, double[][] gradients)
    {
        var theta = (double[])start.Clone();
        var path = new double[gradients.Length][];
        for (int t = 0; t < gradients.Length; t++)
        {
            optimizer.Step(theta, gradients[t]);
            path[t] = (double[])theta.Clone();
        }
        return path;
    }

    /// <summary>Equal within <paramref name="tolerance"/>, relative above 1 and absolute below (a few ulps of double).</summary>
    internal static void Equal(double[][] expected, double[][] actual, double tolerance = 1e-15)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int t = 0; t < expected.Length; t++)
            for (int i = 0; i < expected[t].Length; i++)
                Assert.True(Math.Abs(expected[t][i] - actual[t][i]) <= tolerance * Math.Max(1, Math.Abs(expected[t][i])),
                    $"step {t + 1}, coordinate {i}: expected {expected[t][i]:R}, got {actual[t][i]:R}");
    }

    [Fact]
    public void FirstThreeUpdatesMatchHandComputedValues()
    {
        var path = Run(new Adam(learningRate: 0.1), [1.0, -0.5], Gradients);
        Equal([[0.900000002, -0.400000001], [0.8067820404774617, -0.4366103534720751], [0.7504159045281107, -0.46491026200093055]], path);
    }

    [Fact]
    public void CoupledWeightDecayAndMaximizeMatchHandComputedValues()
    {
        // g ← −∇ + λθ with λ = 0.1.
        var path = Run(new Adam(learningRate: 0.1, weightDecay: 0.1, maximize: true), [1.0, -0.5], Gradients);
        Equal([[1.0999999975, -0.5999999989473684], [1.1878340975351338, -0.5604689065893399], [1.2147978169232505, -0.5283418557692233]], path);
    }

    [Fact]
    public void AdamWDecaysParametersDirectly()
    {
        // θ ← θ(1 − αλ) before the Adam update, λ = 0.1.
        var path = Run(new AdamW(learningRate: 0.1, weightDecay: 0.1), [1.0, -0.5], Gradients);
        Equal([[0.890000002, -0.395000001], [0.7878820404574617, -0.4276603534620751], [0.723637084103536, -0.4516836584563098]], path);
    }

    [Fact]
    public void AmsgradUsesTheRunningMaximumOfTheSecondMoment()
    {
        // Gradients 10, 0.1, 0.1: v₂ = 0.999·0.1 + 0.001·0.01 = 0.09991 < v₁ = 0.1, so AMSGrad keeps v₁.
        double[][] gradients = [[10.0], [0.1], [0.1]];
        var amsgrad = Run(new Adam(learningRate: 0.1, amsgrad: true), [1.0], gradients);
        var plain = Run(new Adam(learningRate: 0.1), [1.0], gradients);
        Equal([[0.9000000001], [0.8322835492511458], [0.7793259019526882]], amsgrad);
        Equal([[0.9000000001], [0.8322530562639961], [0.7792477065382574]], plain);
        Assert.True(plain[1][0] - amsgrad[1][0] < -1e-5, "the larger v_max must give a smaller step than plain Adam");
    }

    [Fact]
    public void ResetRestartsBiasCorrectionAndAllowsAnotherLength()
    {
        var adam = new Adam(learningRate: 0.1);
        Run(adam, [1.0, -0.5], Gradients);
        adam.Reset();
        Assert.Equal(0, adam.Steps);
        var theta = new[] { 3.0, 4.0, 5.0 };
        adam.Step(theta, [2.0, -2.0, 0.0]);
        // After a reset, step 1 is again θ − α g/(|g| + ε).
        Assert.Equal(3.0 - 0.1 * 2 / (2 + 1e-8), theta[0], 15);
        Assert.Equal(4.0 + 0.1 * 2 / (2 + 1e-8), theta[1], 15);
        Assert.Equal(5.0, theta[2]);
        Assert.Equal(1, adam.Steps);
    }

    [Fact]
    public void ScheduleScalesTheStep()
    {
        // Step decay with γ = 0.5 every step: the second step uses α/2. Against a constant rate, the first
        // step is equal and the second moves half as far (m̂ and v̂ do not depend on α).
        var decayed = Run(new Adam(learningRate: 0.1, schedule: LearningRateSchedule.StepDecay(1, 0.5)), [1.0, -0.5], Gradients[..2]);
        var constant = Run(new Adam(learningRate: 0.1), [1.0, -0.5], Gradients[..2]);
        Assert.Equal(constant[0], decayed[0]);
        for (int i = 0; i < 2; i++)
            Assert.Equal((constant[1][i] - constant[0][i]) / 2, decayed[1][i] - decayed[0][i], 15);
    }

    [Fact]
    public void SimdLanesAndTheScalarTailGiveTheHandComputedValues()
    {
        // 11 coordinates: whole SIMD vectors and a scalar tail, whatever the vector width; coordinate j repeats
        // coordinate j mod 2 of the two-dimensional case, so each must follow the same hand-computed path.
        const int n = 11;
        double[] Widen(double[] x) => Enumerable.Range(0, n).Select(j => x[j % 2]).ToArray();
        var path = Run(new Adam(learningRate: 0.1), Widen([1.0, -0.5]), Gradients.Select(Widen).ToArray());
        double[][] expected = [[0.900000002, -0.400000001], [0.8067820404774617, -0.4366103534720751], [0.7504159045281107, -0.46491026200093055]];
        Equal(expected.Select(Widen).ToArray(), path);
        double[] One(double x) => Enumerable.Repeat(x, n).ToArray();
        var amsgrad = Run(new Adam(learningRate: 0.1, amsgrad: true), One(1.0), [One(10.0), One(0.1), One(0.1)]);
        Equal([One(0.9000000001), One(0.8322835492511458), One(0.7793259019526882)], amsgrad);
    }
}
