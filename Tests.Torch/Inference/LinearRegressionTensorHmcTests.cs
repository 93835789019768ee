using Probabilistic.Inference;
using Probabilistic.Tests.Data;
using TorchSharp;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Torch.TensorModel;
using static TorchSharp.torch;

namespace Probabilistic.Torch.Tests.Inference;

/// <summary>Vectorized HMC (chains as a leading dimension) on linreg_N100 (data/) against its exact posterior.</summary>
public class LinearRegressionTensorHmcTests
{
    /// <summary>
    /// β_k ~ N(0, 10), σ ~ Exponential(1), y_i ~ N(X_i·β, σ), written for a leading chain dimension C with one plate
    /// dimension (MaxPlateNesting = 1): β has shape [C, 3], σ [C, 1], the means [C, 100].
    /// </summary>
    public static Model<Tensor> Model(Tensor xT, Tensor y) =>
        from beta in Sample("beta", TensorDist.Normal(zeros(3, dtype: ScalarType.Float64), full(3, 10.0, dtype: ScalarType.Float64)))
        from sigma in Sample("sigma", TensorDist.Exponential(ones(1, dtype: ScalarType.Float64)))
        from _ in Observe(TensorDist.Normal(beta.matmul(xT), sigma), y)
        select beta;

    [Fact]
    public void VectorizedHmcAgreesWithTheExactPosterior()
    {
        var data = RepositoryData.Json("linreg_N100.json");
        var x = data.GetProperty("X").EnumerateArray().SelectMany(r => r.EnumerateArray().Select(v => v.GetDouble())).ToArray();
        var y = tensor(data.GetProperty("y").EnumerateArray().Select(v => v.GetDouble()).ToArray(), dtype: ScalarType.Float64);
        var xT = tensor(x, dtype: ScalarType.Float64).reshape(100, 3).t().contiguous();
        var reference = data.GetProperty("reference");
        var means = reference.GetProperty("post_mean_beta").EnumerateArray().Select(v => v.GetDouble()).Append(reference.GetProperty("post_mean_sigma").GetDouble()).ToArray();
        var sds = reference.GetProperty("post_sd_beta").EnumerateArray().Select(v => v.GetDouble()).Append(reference.GetProperty("post_sd_sigma").GetDouble()).ToArray();

        var posterior = Infer.TensorHmc(Model(xT, y), new TensorHmcOptions
        {
            Chains = 8, Warmup = 300, Draws = 150, LeapfrogSteps = 12,
            Run = new TensorRunOptions { Seed = 11, MaxPlateNesting = 1 },
        });
        var summary = posterior.Summary();
        string[] names = ["beta[1]", "beta[2]", "beta[3]", "sigma"];
        for (int i = 0; i < 4; i++)
        {
            var row = summary[names[i]];
            // Each estimate within 4 Monte Carlo standard errors of the exact value (two-sided, p ≈ 6e-5 per check for
            // a normal estimate; mcse from the rank-normalized ESS as Stan's), and the chains mixed (R-hat < 1.05).
            Assert.True(Math.Abs(row.Mean - means[i]) <= 4 * row.McseMean, $"{names[i]} mean {row.Mean:F4} ± {row.McseMean:F4}, exact {means[i]:F4}");
            Assert.True(Math.Abs(row.Sd - sds[i]) <= 4 * row.McseSd, $"{names[i]} sd {row.Sd:F4} ± {row.McseSd:F4}, exact {sds[i]:F4}");
            Assert.True(row.Rhat < 1.05, $"{names[i]} R-hat {row.Rhat:F3} (bulk ESS {row.EssBulk:F0})");
            Assert.True(row.EssBulk > 200, $"{names[i]} bulk ESS {row.EssBulk:F0}");
        }
    }
}
