using Xunit;
using Probabilistic.Inference.Variational;
using static Probabilistic.Tests.Inference.Variational.Optimization.AdamTests;

namespace Probabilistic.Tests.Inference.Variational.Optimization;

/// <summary>
/// SGD's updates against PyTorch's documented recurrence (torch.optim.SGD): g ← ∇ + λθ; b₁ = g, b_t = μb + (1 − τ)g;
/// g ← g + μb (Nesterov) or b; θ ← θ − αg. Expected values computed by hand in exact arithmetic and rounded to
/// double: θ₀ = (1, −0.5), α = 0.1, gradients (0.5, −1), (0.25, 2), (−0.125, 0).
/// </summary>
public class SgdTests
{
    private static readonly double[] Start = [1.0, -0.5];

    [Fact]
    public void Momentum() =>
        // b = (0.5, −1); b = (0.7, 1.1); b = (0.505, 0.99).
        Equal([[0.95, -0.4], [0.88, -0.51], [0.8295, -0.609]], Run(new Sgd(learningRate: 0.1, momentum: 0.9), Start, Gradients));

    [Fact]
    public void DampeningIsNotAppliedAtTheFirstStep() =>
        // b = (0.5, −1); b = 0.9b + 0.5g = (0.575, 0.1); b = (0.455, 0.09).
        Equal([[0.95, -0.4], [0.8925, -0.41], [0.847, -0.419]],
            Run(new Sgd(learningRate: 0.1, momentum: 0.9, dampening: 0.5), Start, Gradients));

    [Fact]
    public void Nesterov() =>
        // Step 1: b = g, update g + 0.9g = 1.9g = (0.95, −1.9).
        Equal([[0.905, -0.31], [0.817, -0.609], [0.78405, -0.6981]],
            Run(new Sgd(learningRate: 0.1, momentum: 0.9, nesterov: true), Start, Gradients));

    [Fact]
    public void WeightDecayWithMomentum() =>
        // Step 1: g = (0.5 + 0.01, −1 − 0.005) = (0.51, −1.005).
        Equal([[0.949, -0.3995], [0.897551, -0.5488505], [0.883428949, -0.6229768995]],
            Run(new Sgd(learningRate: 0.1, momentum: 0.5, weightDecay: 0.01), Start, Gradients));

    [Fact]
    public void MaximizeAscends() =>
        Equal([[1.05, -0.6], [1.075, -0.4], [1.0625, -0.4]], Run(new Sgd(learningRate: 0.1, maximize: true), Start, Gradients));

    [Fact]
    public void ResetRestartsTheMomentumBuffer()
    {
        var sgd = new Sgd(learningRate: 0.1, momentum: 0.9);
        Run(sgd, Start, Gradients);
        sgd.Reset();
        Equal([[0.95, -0.4], [0.88, -0.51], [0.8295, -0.609]], Run(sgd, Start, Gradients));
    }
}
