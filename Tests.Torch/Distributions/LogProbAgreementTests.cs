using Probabilistic.Distributions;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using ScalarDist = Probabilistic.Distributions.Dist;

namespace Probabilistic.Torch.Tests.Distributions;

/// <summary>
/// Each tensor distribution's LogProb equals the scalar backend's (Distributions/, Dist.*) for the same parameters,
/// elementwise over a batch, to 1e-6 in float64. Where the scalar backend has no such distribution (the relaxed
/// ones), the reference is the closed-form density of Maddison, Mnih and Teh (2017), eq. (1) and appendix.
/// </summary>
public class LogProbAgreementTests
{
    private const double Tolerance = 1e-6;

    private static Tensor T(params double[] v) => tensor(v, dtype: ScalarType.Float64);

    private static void Agree(TensorDistribution d, Tensor values, Func<int, double> reference)
    {
        var lp = d.LogProb(values).data<double>().ToArray();
        Assert.Equal(values.shape[0], lp.Length);
        for (int i = 0; i < lp.Length; i++)
        {
            double expected = reference(i);
            Assert.True(Math.Abs(lp[i] - expected) <= Tolerance * Math.Max(1, Math.Abs(expected)),
                $"{d.Name} element {i}: tensor {lp[i]:R}, scalar {expected:R}");
        }
    }

    [Fact]
    public void Normal()
    {
        double[] mu = [0, -1.5, 3], sigma = [1, 0.3, 2.5], x = [0.2, -1.1, 7];
        Agree(TensorDist.Normal(T(mu), T(sigma)), T(x), i => ScalarDist.Normal(mu[i], sigma[i]).LogProb(x[i]).Value);
    }

    [Fact]
    public void LogNormal()
    {
        double[] mu = [0, -1.5, 1], sigma = [1, 0.3, 2.5], x = [0.2, 0.1, 7];
        Agree(TensorDist.LogNormal(T(mu), T(sigma)), T(x), i => ScalarDist.LogNormal(mu[i], sigma[i]).LogProb(x[i]).Value);
    }

    [Fact]
    public void Beta()
    {
        double[] a = [0.5, 2, 7], b = [0.5, 3, 1.2], x = [0.1, 0.45, 0.99];
        Agree(TensorDist.Beta(T(a), T(b)), T(x), i => ScalarDist.Beta(a[i], b[i]).LogProb(x[i]).Value);
    }

    [Fact]
    public void Gamma()
    {
        double[] a = [0.5, 2, 7], rate = [0.5, 3, 1.2], x = [0.1, 0.45, 9.5];
        Agree(TensorDist.Gamma(T(a), T(rate)), T(x), i => ScalarDist.Gamma(a[i], rate[i]).LogProb(x[i]).Value);
    }

    [Fact]
    public void Exponential()
    {
        double[] rate = [0.5, 3, 1.2], x = [0.1, 0.45, 9.5];
        Agree(TensorDist.Exponential(T(rate)), T(x), i => ScalarDist.Exponential(rate[i]).LogProb(x[i]).Value);
    }

    [Fact]
    public void Laplace()
    {
        double[] mu = [0, -1.5, 3], b = [1, 0.3, 2.5], x = [0.2, -1.1, 7];
        Agree(TensorDist.Laplace(T(mu), T(b)), T(x), i => ScalarDist.Laplace(mu[i], b[i]).LogProb(x[i]).Value);
    }

    [Fact]
    public void Uniform()
    {
        double[] lo = [0, -1.5, 3], hi = [1, 0.3, 12.5], x = [0.2, -1.1, 7];
        Agree(TensorDist.Uniform(T(lo), T(hi)), T(x), i => ScalarDist.Uniform(lo[i], hi[i]).LogProb(x[i]).Value);
    }

    [Fact]
    public void Bernoulli()
    {
        double[] p = [0.1, 0.5, 0.93], x = [1, 0, 1];
        Agree(TensorDist.Bernoulli(T(p)), T(x), i => ScalarDist.Bernoulli(p[i]).LogProb(x[i] == 1).Value);
        double[] logits = [-2, 0.3, 4];
        Agree(TensorDist.BernoulliLogits(T(logits)), T(x), i => ScalarDist.BernoulliLogit(logits[i]).LogProb(x[i] == 1).Value);
    }

    [Fact]
    public void Categorical()
    {
        double[][] p = [[0.2, 0.3, 0.5], [0.7, 0.1, 0.2]];
        var probs = tensor(p.SelectMany(r => r).ToArray(), dtype: ScalarType.Float64).reshape(2, 3);
        long[] x = [2, 0];
        Agree(TensorDist.Categorical(probs), tensor(x), i => ScalarDist.Categorical(p[i]).LogProb((int)x[i]).Value);
        Agree(TensorDist.CategoricalLogits(probs.log()), tensor(x), i => ScalarDist.Categorical(p[i]).LogProb((int)x[i]).Value);
    }

    [Fact]
    public void OneHotCategorical()
    {
        double[][] p = [[0.2, 0.3, 0.5], [0.7, 0.1, 0.2]];
        var probs = tensor(p.SelectMany(r => r).ToArray(), dtype: ScalarType.Float64).reshape(2, 3);
        var x = tensor(new double[] { 0, 1, 0, 1, 0, 0 }, dtype: ScalarType.Float64).reshape(2, 3);
        int[] index = [1, 0];
        Agree(TensorDist.OneHotCategorical(probs), x, i => ScalarDist.Categorical(p[i]).LogProb(index[i]).Value);
    }

    [Fact]
    public void Poisson()
    {
        double[] rate = [0.5, 3, 12.2];
        int[] x = [0, 4, 11];
        Agree(TensorDist.Poisson(T(rate)), T(x.Select(v => (double)v).ToArray()), i => ScalarDist.Poisson(rate[i]).LogProb(x[i]).Value);
    }

    [Fact]
    public void Binomial()
    {
        double[] p = [0.1, 0.5, 0.93];
        int[] x = [0, 4, 9];
        Agree(TensorDist.Binomial(10, T(p)), T(x.Select(v => (double)v).ToArray()), i => ScalarDist.Binomial(10, p[i]).LogProb(x[i]).Value);
    }

    [Fact]
    public void Dirichlet()
    {
        double[][] a = [[0.5, 1, 2], [3, 4, 0.8]];
        double[][] x = [[0.2, 0.3, 0.5], [0.6, 0.1, 0.3]];
        var conc = tensor(a.SelectMany(r => r).ToArray(), dtype: ScalarType.Float64).reshape(2, 3);
        var xs = tensor(x.SelectMany(r => r).ToArray(), dtype: ScalarType.Float64).reshape(2, 3);
        Agree(TensorDist.Dirichlet(conc), xs, i => ScalarDist.Dirichlet(a[i]).LogProb(x[i].Select(v => (Real)v).ToArray()).Value);
    }

    [Fact]
    public void MultivariateNormal()
    {
        double[] mu = [1, -2];
        double[,] l = { { 1.5, 0 }, { -0.4, 0.7 } };
        var x = tensor(new double[] { 0.3, -1.0, 2.5, -3.1 }, dtype: ScalarType.Float64).reshape(2, 2);
        var d = TensorDist.MultivariateNormal(T(mu), tensor(new double[] { 1.5, 0, -0.4, 0.7 }, dtype: ScalarType.Float64).reshape(2, 2));
        var scalar = ScalarDist.MultivariateNormalCholesky(mu, l);
        Agree(d, x, i => scalar.LogProb([x[i, 0].item<double>(), x[i, 1].item<double>()]).Value);
        var fromCov = TensorDist.MultivariateNormalCovariance(T(mu), tensor(new double[] { 2.25, -0.6, -0.6, 0.65 }, dtype: ScalarType.Float64).reshape(2, 2));
        Agree(fromCov, x, i => scalar.LogProb([x[i, 0].item<double>(), x[i, 1].item<double>()]).Value);
    }

    [Fact]
    public void IndependentSumsTheReinterpretedDimension()
    {
        double[] mu = [0, -1.5, 3], sigma = [1, 0.3, 2.5], x = [0.2, -1.1, 7];
        var d = TensorDist.Independent(TensorDist.Normal(T(mu), T(sigma)), 1);
        double expected = Enumerable.Range(0, 3).Sum(i => ScalarDist.Normal(mu[i], sigma[i]).LogProb(x[i]).Value);
        Agree(d, T(x).unsqueeze(0), _ => expected);
    }

    [Fact]
    public void RelaxedBernoulliMatchesTheBinaryConcreteDensity()
    {
        // Binary Concrete (Maddison et al. 2017, appendix): p(y) = λ α y^(−λ−1) (1−y)^(−λ−1) / (α y^(−λ) + (1−y)^(−λ))², α = p/(1−p).
        double lambda = 0.7;
        double[] p = [0.2, 0.5, 0.9], y = [0.1, 0.6, 0.95];
        Agree(TensorDist.RelaxedBernoulli(T(lambda), T(p)), T(y), i =>
        {
            double a = p[i] / (1 - p[i]);
            return Math.Log(lambda * a) + (-lambda - 1) * (Math.Log(y[i]) + Math.Log(1 - y[i]))
                   - 2 * Math.Log(a * Math.Pow(y[i], -lambda) + Math.Pow(1 - y[i], -lambda));
        });
    }

    [Fact]
    public void RelaxedOneHotCategoricalMatchesTheConcreteDensity()
    {
        // Concrete (Maddison et al. 2017, eq. 1): p(x) = (n−1)! λ^(n−1) Π_k [α_k x_k^(−λ−1) / Σ_i α_i x_i^(−λ)].
        double lambda = 0.5;
        double[] alpha = [0.2, 0.3, 0.5];
        double[][] x = [[0.1, 0.3, 0.6], [0.8, 0.15, 0.05]];
        var xs = tensor(x.SelectMany(r => r).ToArray(), dtype: ScalarType.Float64).reshape(2, 3);
        Agree(TensorDist.RelaxedOneHotCategorical(T(lambda), T(alpha)), xs, r =>
        {
            int n = alpha.Length;
            double denominator = Enumerable.Range(0, n).Sum(i => alpha[i] * Math.Pow(x[r][i], -lambda));
            double lp = Math.Log(2) + (n - 1) * Math.Log(lambda); // log (n−1)! with n = 3
            for (int k = 0; k < n; k++) lp += Math.Log(alpha[k]) + (-lambda - 1) * Math.Log(x[r][k]) - Math.Log(denominator);
            return lp;
        });
    }
}
