using Probabilistic.Inference;
using Probabilistic.Inference.Variational;
using Probabilistic.Tests.Data;
using TorchSharp;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Torch.TensorModel;
using static TorchSharp.torch;

namespace Probabilistic.Torch.Tests.Variational;

/// <summary>Tensor VI on linreg_N100 (data/) reaches the optimum the scalar backend's AutoNormal reaches.</summary>
public class TensorRegressionViTests
{
    /// <summary>
    /// β ~ N(0, 10)³, σ ~ Exponential(1), y ~ N(Xβ, σ) as a tensor model; the guide is AutoNormal's family written by hand
    /// (β ~ N(loc, scale) coordinate-wise, σ = exp of a normal, i.e. LogNormal). After 3,000 Adam steps (rate 0.05
    /// decaying to 0.001, as the scalar AutoNormal check) the guide's means E[βₖ] = locₖ and E[σ] = exp(a + b²/2) are within
    /// 0.25 posterior sds of the exact reference — the scalar test's tolerance: the posterior is nearly Gaussian with
    /// nearly uncorrelated coefficients, so the mean-field optimum matches its means.
    /// </summary>
    [Fact]
    public void TensorElboOnLinearRegressionMatchesTheExactMeans()
    {
        var data = RepositoryData.Json("linreg_N100.json");
        var rows = data.GetProperty("X").EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray();
        var x = tensor(rows.SelectMany(r => r).ToArray(), [rows.Length, 3], dtype: ScalarType.Float64);
        var y = tensor(data.GetProperty("y").EnumerateArray().Select(e => e.GetDouble()).ToArray(), dtype: ScalarType.Float64);
        var model =
            from beta in Sample("beta", TensorDist.Normal(zeros(3, dtype: ScalarType.Float64), full(3, 10.0, dtype: ScalarType.Float64)).ToEvent(1))
            from noise in Sample("sigma", TensorDist.Exponential(tensor(1.0, dtype: ScalarType.Float64)))
            from _ in Observe("y", TensorDist.Normal(x.matmul(beta), noise.expand(rows.Length)).ToEvent(1), y)
            select beta;
        var guide =
            from loc in Param("beta_loc", zeros(3, dtype: ScalarType.Float64))
            from scale in Param("beta_scale", full(3, 0.1, dtype: ScalarType.Float64), TensorConstraint.Positive)
            from a in Param("sigma_loc", tensor(0.0, dtype: ScalarType.Float64))
            from b in Param("sigma_scale", tensor(0.1, dtype: ScalarType.Float64), TensorConstraint.Positive)
            from beta in Sample("beta", TensorDist.Normal(loc, scale).ToEvent(1))
            from s in Sample("sigma", TensorDist.LogNormal(a, b))
            select beta;
        const int steps = 3000;
        var fit = Infer.TensorSvi(model, guide, new TensorViOptions
        {
            Steps = steps, Seed = 4,
            Optimizer = p => optim.Adam(p, lr: 0.05),
            Schedule = o => optim.lr_scheduler.ExponentialLR(o, Math.Pow(0.02, 1.0 / steps)),
        });
        var reference = data.GetProperty("reference");
        var means = reference.GetProperty("post_mean_beta").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var sds = reference.GetProperty("post_sd_beta").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var locs = fit.Parameters["beta_loc"].data<double>().ToArray();
        for (int k = 0; k < 3; k++)
            Assert.True(Math.Abs(locs[k] - means[k]) <= 0.25 * sds[k], $"beta[{k + 1}]: {locs[k]} vs exact {means[k]} (sd {sds[k]})");
        double sa = fit.Parameters["sigma_loc"].item<double>(), sb = fit.Parameters["sigma_scale"].item<double>();
        double sigma = Math.Exp(sa + sb * sb / 2);
        double sigmaMean = reference.GetProperty("post_mean_sigma").GetDouble(), sigmaSd = reference.GetProperty("post_sd_sigma").GetDouble();
        Assert.True(Math.Abs(sigma - sigmaMean) <= 0.25 * sigmaSd, $"sigma: {sigma} vs exact {sigmaMean} (sd {sigmaSd}); locs {string.Join(", ", locs)}; a {sa} b {sb}");
    }
}
