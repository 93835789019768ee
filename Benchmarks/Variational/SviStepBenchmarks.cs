using Probabilistic.Inference;
using BenchmarkDotNet.Attributes;
using Probabilistic.Distributions;
using Probabilistic.Examples.Gallery;
using Probabilistic.Inference.Variational;
using Probabilistic.Numerics;

namespace Probabilistic.Benchmarks.Variational;

/// <summary>
/// One SVI step on a linear regression (N = 100, K = 3, noise scale σ ~ Exponential(1)) with a mean-field Gaussian
/// guide and one sample (issue 6's benchmark; Pyro ≈ 1.7 ms, WebPPL ≈ 0.49 ms per step): through
/// <c>Infer.Svi</c> with <c>AutoNormal</c>, against the same reparameterized ELBO gradient and Adam step written by hand
/// on <see cref="Real"/> (no DSL, no objective machinery).
/// </summary>
[Config(typeof(CpuTimeConfig))]
public class SviStepBenchmarks
{
    private const int Steps = 1000;
    private double[,] _x = null!;
    private double[] _y = null!;
    private Model<Real[]> _model = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_x, _y) = VariationalRegression.Simulate(100, 1);
        _model = LinearRegressionModel.Model(_x, _y, 10, new Exponential(1));
    }

    [Benchmark(OperationsPerInvoke = Steps)]
    public double Svi() => Probabilistic.Inference.Infer.Svi(_model, AutoNormal.Create(_model), options: new SviOptions { Steps = Steps, Seed = 1 }).History[^1];

    [Benchmark(Baseline = true, OperationsPerInvoke = Steps)]
    public double HandWritten()
    {
        // Unconstrained parameters: loc[0..3], log scale[0..3] of (β₁, β₂, β₃, log σ).
        var theta = new double[8];
        for (int i = 4; i < 8; i++) theta[i] = Math.Log(0.1);
        var gradient = new double[8];
        var adam = new Adam(learningRate: 0.01);
        var rng = new Rng(1);
        var tape = new Tape();
        var u = new Real[4];
        var beta = new Real[3];
        double value = 0;
        for (int step = 0; step < Steps; step++)
        {
            tape.Clear();
            var p = tape.Variables(theta);
            Real logq = 0;
            for (int i = 0; i < 4; i++)
            {
                double eps = rng.NextGaussian();
                var scale = RealMath.Exp(p[4 + i]);
                u[i] = p[i] + scale * eps;
                logq += -0.5 * eps * eps - p[4 + i] - SpecialFunctions.HalfLogTwoPi;
            }
            for (int k = 0; k < 3; k++) beta[k] = u[k];
            var sigma = RealMath.Exp(u[3]);
            Real logp = u[3]; // log-Jacobian of σ = exp(u)
            for (int k = 0; k < 3; k++) logp += new Normal(0, 10).LogProb(beta[k]);
            logp += new Exponential(1).LogProb(sigma);
            logp += Likelihoods.NormalLogDensitySum(_y, RealMath.MatVec(_x, beta), sigma);
            var elbo = logp - logq;
            tape.Gradient(elbo);
            for (int i = 0; i < 8; i++) gradient[i] = -tape.Adjoint(p[i]);
            adam.Step(theta, gradient);
            value = elbo.Value;
        }
        return value;
    }
}
