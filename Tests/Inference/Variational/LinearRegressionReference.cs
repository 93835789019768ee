using Probabilistic.Inference;
using Probabilistic.Distributions;
using Probabilistic.Examples.Gallery;
using Probabilistic.Inference.Variational;
using Probabilistic.Tests.Data;
using Probabilistic.Tests.Inference.Gradient;
using Xunit;

namespace Probabilistic.Tests.Inference.Variational;

/// <summary>linreg_N100 (data/) as a target for guides: the model, a standard fit, and the check against the exact reference.</summary>
internal static class LinearRegressionReference
{
    /// <summary>β ~ N(0, 10), σ ~ Exponential(1), y ~ N(Xβ, σ) on the data set.</summary>
    public static Model<Real[]> Model()
    {
        var data = RepositoryData.Json("linreg_N100.json");
        var (x, y) = PosteriorDbTests.Design(data.GetProperty("X"), data.GetProperty("y"));
        return LinearRegressionModel.Model(x, y, 10, new Exponential(1));
    }

    /// <summary>
    /// Fits <paramref name="guide"/> (3,000 Adam steps, rate 0.05 decaying to 0.001) and asserts that each posterior mean
    /// of β and σ from 4,000 guide draws is within 0.25 posterior sds of the exact reference: the posterior is nearly
    /// Gaussian with nearly uncorrelated coefficients, so the optimum's means match it, and 4,000 draws add about 0.016 sd.
    /// </summary>
    public static void AssertFitsMeans(Model<Real[]> model, Guide guide)
    {
        var fit = Infer.Svi(model, guide, options: new SviOptions
        {
            Steps = 3000,
            Seed = 4,
            Optimizer = () => new Adam(learningRate: 0.05, schedule: new ExponentialDecaySchedule(Math.Pow(0.02, 1.0 / 3000))),
        });
        var posterior = fit.Sample(4000, seed: 5);
        var reference = RepositoryData.Json("linreg_N100.json").GetProperty("reference");
        var means = reference.GetProperty("post_mean_beta").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var sds = reference.GetProperty("post_sd_beta").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        for (int k = 0; k < 3; k++)
        {
            double mean = posterior[$"beta[{k + 1}]"].Average();
            Assert.True(Math.Abs(mean - means[k]) <= 0.25 * sds[k], $"beta[{k + 1}]: {mean} vs exact {means[k]} (sd {sds[k]})");
        }
        double sigma = posterior["sigma"].Average();
        double sigmaMean = reference.GetProperty("post_mean_sigma").GetDouble(), sigmaSd = reference.GetProperty("post_sd_sigma").GetDouble();
        Assert.True(Math.Abs(sigma - sigmaMean) <= 0.25 * sigmaSd, $"sigma: {sigma} vs exact {sigmaMean} (sd {sigmaSd})");
    }
}
