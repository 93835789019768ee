using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Probabilistic.Torch.Tests.Distributions;

/// <summary>
/// Every distribution that says it has a reparameterized sampler returns draws on the autograd graph, with a gradient
/// that matches the pathwise derivative where it is known in closed form (TorchSharp 0.107's LogNormal.rsample had none:
/// VI silently lost the σ gradient of a regression's noise).
/// </summary>
public class RsampleGradientTests
{
    private static Tensor P(double v) => tensor(v, dtype: ScalarType.Float64, requires_grad: true);

    public static TheoryData<string> Names => new() { "Normal", "LogNormal", "Exponential", "Laplace", "Uniform", "MultivariateNormal", "RelaxedBernoulli", "RelaxedOneHotCategorical" };

    /// <summary>Gamma, Beta and Dirichlet have no gradient-carrying draw in TorchSharp 0.107: they say so (VI then uses REINFORCE).</summary>
    [Theory]
    [InlineData("Gamma")]
    [InlineData("Beta")]
    [InlineData("Dirichlet")]
    public void DistributionsWithoutAGradientCarryingDrawSaySo(string name) => Assert.False(Make(name).D.HasRsample);

    private static (TensorDistribution D, Tensor Parameter) Make(string name)
    {
        var p = P(0.7);
        var d = name switch
        {
            "Normal" => TensorDist.Normal(p, tensor(1.0, dtype: ScalarType.Float64)),
            "LogNormal" => TensorDist.LogNormal(p, tensor(0.5, dtype: ScalarType.Float64)),
            "Exponential" => TensorDist.Exponential(p),
            "Gamma" => TensorDist.Gamma(p, tensor(2.0, dtype: ScalarType.Float64)),
            "Beta" => TensorDist.Beta(p, tensor(2.0, dtype: ScalarType.Float64)),
            "Laplace" => TensorDist.Laplace(p, tensor(1.0, dtype: ScalarType.Float64)),
            "Uniform" => TensorDist.Uniform(p, tensor(2.0, dtype: ScalarType.Float64)),
            "Dirichlet" => TensorDist.Dirichlet(stack([p, tensor(1.0, dtype: ScalarType.Float64), tensor(2.0, dtype: ScalarType.Float64)])),
            "MultivariateNormal" => TensorDist.MultivariateNormal(stack([p, tensor(0.0, dtype: ScalarType.Float64)]), eye(2, dtype: ScalarType.Float64)),
            "RelaxedBernoulli" => TensorDist.RelaxedBernoulli(tensor(0.5, dtype: ScalarType.Float64), p.sigmoid()),
            _ => TensorDist.RelaxedOneHotCategorical(tensor(0.5, dtype: ScalarType.Float64), stack([p, tensor(0.3, dtype: ScalarType.Float64)]).softmax(0)),
        };
        return (d, p);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ReparameterizedDrawsCarryAGradient(string name)
    {
        var (d, p) = Make(name);
        Assert.True(d.HasRsample);
        using var g = new Generator(3, CPU);
        var x = d.Rsample(g);
        Assert.True(x.requires_grad, $"{name}: rsample returned a value without gradient");
        x.square().sum().backward(); // not x.sum(): on the simplex that is 1 whatever p
        Assert.True(p.grad is not null && p.grad.abs().item<double>() > 0, $"{name}: no gradient reached the parameter");
    }

    /// <summary>For LogNormal, x = exp(μ + σε), so ∂x/∂μ = x exactly.</summary>
    [Fact]
    public void LogNormalPathwiseDerivativeIsTheDraw()
    {
        var (d, p) = Make("LogNormal");
        using var g = new Generator(5, CPU);
        var x = d.Rsample(g);
        x.backward();
        Assert.Equal(x.item<double>(), p.grad!.item<double>(), 12);
    }
}
