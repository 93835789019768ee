using Probabilistic.Inference;
using Probabilistic.Distributions;
using Probabilistic.Examples.Gallery;
using Probabilistic.Inference.Variational;
using Probabilistic.Tests.Data;
using Probabilistic.Tests.Inference.Gradient;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Variational;

/// <summary>AutoDelta: the constrained-space MAP (no Jacobian), against closed forms.</summary>
public class AutoDeltaTests
{
    // The objective is deterministic (log q = 0, no draws), so the only error is the optimizer's: Adam moves each
    // coordinate by at most about its rate per step (|m̂/√v̂| ≲ 1), and the rate is decayed to 0.05·0.002 = 10⁻⁴, so once
    // converged a coordinate sits within a few steps of 10⁻⁴ of the optimum; 10⁻³ is ten of them (for linreg about
    // 0.01 posterior sd).
    private static SviOptions Options(ulong seed) => new()
    {
        Steps = 4000,
        Seed = seed,
        Optimizer = () => new Adam(learningRate: 0.05, schedule: new ExponentialDecaySchedule(Math.Pow(0.002, 1.0 / 4000))),
    };

    private const double Tolerance = 1e-3;

    /// <summary>
    /// λ ~ Gamma(3, 2), counts 2, 4, 1, 3, 5 ~ Poisson(λ): the posterior is Gamma(18, 7), whose mode is 17/7. The mode
    /// of the density of log λ (with the Jacobian λ) would be 18/7, 0.14 away: the test tells the two apart.
    /// </summary>
    [Fact]
    public void FindsThePosteriorModeOfAGammaPoissonModelWithoutTheJacobian()
    {
        int[] counts = [2, 4, 1, 3, 5];
        var model = from lambda in Sample("lambda", Gamma(3, 2))
                    from _ in ObserveEach(counts, (_, _) => (IDistribution<int>)Poisson(lambda))
                    select lambda;
        var guide = AutoDelta.Create(model);
        var fit = Infer.Svi(model, guide, options: Options(1));
        double lambdaHat = (double)guide.Estimate(fit.Parameters)["lambda"];
        Assert.True(Math.Abs(lambdaHat - 17.0 / 7) <= Tolerance, $"λ̂ = {lambdaHat}, posterior mode 17/7 = {17.0 / 7}");
        Assert.All(fit.Sample(3).Chain("lambda")[0], v => Assert.Equal(lambdaHat, v, 12)); // a point mass
    }

    /// <summary>
    /// linreg_N100 (β ~ N(0, 10²), σ ~ Exponential(1)): for fixed σ the MAP of β is the ridge solution
    /// β̂(σ) = (XᵀX + σ²/100 I)⁻¹Xᵀy, so the joint MAP maximizes the profile log p(β̂(σ), σ) over σ, found here by
    /// golden-section search to 10⁻¹⁰.
    /// </summary>
    [Fact]
    public void GivesTheMapOfLinearRegression()
    {
        var data = RepositoryData.Json("linreg_N100.json");
        var (x, y) = PosteriorDbTests.Design(data.GetProperty("X"), data.GetProperty("y"));
        var (betaMap, sigmaMap) = ClosedFormMap(x, y);
        var model = LinearRegressionModel.Model(x, y, 10, new Exponential(1));
        var guide = AutoDelta.Create(model);
        var fit = Infer.Svi(model, guide, options: Options(2));
        var posterior = fit.Sample(1);
        for (int k = 0; k < 3; k++)
        {
            double b = posterior[$"beta[{k + 1}]"][0];
            Assert.True(Math.Abs(b - betaMap[k]) <= Tolerance, $"beta[{k + 1}]: {b} vs MAP {betaMap[k]}");
        }
        double sigma = posterior["sigma"][0];
        Assert.True(Math.Abs(sigma - sigmaMap) <= Tolerance, $"sigma: {sigma} vs MAP {sigmaMap}");
    }

    [Fact]
    public void AModelWithoutLatentContinuousChoicesIsAnError()
    {
        var model = from _ in Observe(Normal(0, 1), (Real)0.5) select 0;
        var e = Assert.Throws<ModelException>(() => AutoDelta.Create(model));
        Assert.Contains("AutoDelta", e.Message);
    }

    [Fact]
    public void InitialValuesStartTheSearchAndAreChecked()
    {
        var model = from s in Sample("s", Exponential(1)) select s;
        var guide = AutoDelta.Create(model, initialValues: ChoiceMap.Of(("s", 2.5)));
        var fit = Infer.Svi(model, guide, options: new SviOptions { Steps = 0 });
        Assert.Equal(2.5, (double)guide.Estimate(fit.Parameters)["s"], 12); // no step taken: the parameters are created at their initial values
        var one = Infer.Svi(model, guide, options: new SviOptions { Steps = 1, Optimizer = () => new Sgd(learningRate: 1e-300) });
        Assert.Equal(2.5, (double)guide.Estimate(one.Parameters)["s"], 12);
        var e = Assert.Throws<ModelException>(() => AutoDelta.Create(model, initialValues: ChoiceMap.Of(("s", -1.0))));
        Assert.Contains("'s'", e.Message);
        // A misspelled address was ignored (the search started at the default): it is an error naming the nearest choice.
        var misspelled = Assert.Throws<ModelException>(() => AutoDelta.Create(model, initialValues: ChoiceMap.Of(("S", 2.5))));
        Assert.Contains("did you mean 's'", misspelled.Message);
    }

    private static (double[] Beta, double Sigma) ClosedFormMap(double[,] x, double[] y)
    {
        int n = y.Length, k = x.GetLength(1);
        var xtx = new double[k, k];
        var xty = new double[k];
        for (int i = 0; i < n; i++)
            for (int a = 0; a < k; a++)
            {
                xty[a] += x[i, a] * y[i];
                for (int b = 0; b < k; b++) xtx[a, b] += x[i, a] * x[i, b];
            }
        double[] Ridge(double sigma)
        {
            var m = (double[,])xtx.Clone();
            for (int a = 0; a < k; a++) m[a, a] += sigma * sigma / 100;
            return Solve(m, xty);
        }
        double Profile(double sigma)
        {
            var beta = Ridge(sigma);
            double rss = 0, prior = 0;
            for (int i = 0; i < n; i++)
            {
                double r = y[i];
                for (int a = 0; a < k; a++) r -= x[i, a] * beta[a];
                rss += r * r;
            }
            foreach (var b in beta) prior += b * b / 200;
            return -n * Math.Log(sigma) - rss / (2 * sigma * sigma) - prior - sigma;
        }
        double lo = 0.2, hi = 3, g = (Math.Sqrt(5) - 1) / 2;
        while (hi - lo > 1e-10)
        {
            double c = hi - g * (hi - lo), d = lo + g * (hi - lo);
            if (Profile(c) > Profile(d)) hi = d; else lo = c;
        }
        double s = (lo + hi) / 2;
        return (Ridge(s), s);
    }

    /// <summary>Gaussian elimination with partial pivoting on a small system.</summary>
    private static double[] Solve(double[,] a, double[] b)
    {
        int k = b.Length;
        var m = (double[,])a.Clone();
        var r = (double[])b.Clone();
        for (int c = 0; c < k; c++)
        {
            int p = c;
            for (int i = c + 1; i < k; i++) if (Math.Abs(m[i, c]) > Math.Abs(m[p, c])) p = i;
            for (int j = 0; j < k; j++) (m[c, j], m[p, j]) = (m[p, j], m[c, j]);
            (r[c], r[p]) = (r[p], r[c]);
            for (int i = c + 1; i < k; i++)
            {
                double f = m[i, c] / m[c, c];
                for (int j = c; j < k; j++) m[i, j] -= f * m[c, j];
                r[i] -= f * r[c];
            }
        }
        var x = new double[k];
        for (int i = k - 1; i >= 0; i--)
        {
            double s = r[i];
            for (int j = i + 1; j < k; j++) s -= m[i, j] * x[j];
            x[i] = s / m[i, i];
        }
        return x;
    }
}
