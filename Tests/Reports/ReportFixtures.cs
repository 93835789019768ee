using Probabilistic.Inference;
using Probabilistic.Inference.Variational;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Reports;

/// <summary>Small results for the plot and report tests: built directly (no sampler runs) except the tiny SVI fit.</summary>
internal static class ReportFixtures
{
    /// <summary>2 chains × 200 draws of mu and theta[1..2], with HMC statistics; draws 10, 20 and 30 of chain 0 are divergent.</summary>
    public static Posterior Posterior(bool withStatistics = true)
    {
        var rng = new Rng(7);
        Address theta = "theta";
        PosteriorColumn[] columns = [PosteriorColumn.Scalar("mu"), PosteriorColumn.Element(theta, 0), PosteriorColumn.Element(theta, 1)];
        var draws = new double[2][][];
        var statistics = new DrawStatistics[2][];
        for (int c = 0; c < 2; c++)
        {
            draws[c] = new double[200][];
            statistics[c] = new DrawStatistics[200];
            for (int d = 0; d < 200; d++)
            {
                double mu = 1 + rng.NextGaussian();
                draws[c][d] = [mu, mu + 0.5 * rng.NextGaussian(), -2 + rng.NextGaussian()];
                statistics[c][d] = new DrawStatistics(-mu * mu, 0.8, 0.3, 3, 7, c == 0 && d is 10 or 20 or 30, 5 + rng.NextGaussian());
            }
        }
        return new Posterior(columns, draws, withStatistics ? statistics : null);
    }

    /// <summary>
    /// 2 chains × 200 draws of a mixture-like model: scalars w (in (0, 1)), tau = |N(0, 1)| (a scale on (0, ∞)) and k
    /// (a count, integer-valued), and a 40-element vector z of 0/1 assignments; with HMC statistics, no divergences.
    /// </summary>
    public static Posterior Mixed()
    {
        var rng = new Rng(11);
        Address z = "z";
        var columns = new List<PosteriorColumn> { PosteriorColumn.Scalar("w"), PosteriorColumn.Scalar("tau"), PosteriorColumn.Scalar("k") };
        for (int i = 0; i < 40; i++) columns.Add(PosteriorColumn.Element(z, i));
        var draws = new double[2][][];
        var statistics = new DrawStatistics[2][];
        for (int c = 0; c < 2; c++)
        {
            draws[c] = new double[200][];
            statistics[c] = new DrawStatistics[200];
            for (int d = 0; d < 200; d++)
            {
                double w = 0.3 + 0.05 * rng.NextGaussian();
                var row = new double[columns.Count];
                row[0] = w;
                row[1] = Math.Abs(rng.NextGaussian());
                row[2] = Math.Floor(4 * rng.NextDouble()) + Math.Floor(4 * rng.NextDouble());
                for (int i = 0; i < 40; i++) row[3 + i] = rng.NextDouble() < w ? 1 : 0;
                draws[c][d] = row;
                statistics[c][d] = new DrawStatistics(-1 - rng.NextDouble(), 0.8, 0.3, 3, 7, false, 5 + rng.NextGaussian());
            }
        }
        return new Posterior(columns, draws, statistics);
    }

    /// <summary>mu ~ N(0, 1), y₁…y₅ observed ~ N(mu, 1).</summary>
    public static Model<Real> Regression { get; } =
        from mu in Sample("mu", Normal(0, 1))
        from _ in ObserveEach(new[] { 0.5, 1.2, -0.3, 0.9, 2.0 }, (y, i) => Normal(mu, 1))
        select mu;

    /// <summary>2 chains × 100 draws of <see cref="Regression"/>'s mu from its exact posterior N(Σy/6, 1/6).</summary>
    public static Posterior RegressionPosterior()
    {
        var rng = new Rng(13);
        double mean = (0.5 + 1.2 - 0.3 + 0.9 + 2.0) / 6, sd = Math.Sqrt(1 / 6.0);
        var draws = Enumerable.Range(0, 2).Select(_ => Enumerable.Range(0, 100).Select(_ => new[] { mean + sd * rng.NextGaussian() }).ToArray()).ToArray();
        return new Posterior([PosteriorColumn.Scalar("mu")], draws, sampler: "exact");
    }

    /// <summary>1000 particles x ~ N(0, 1) weighted by N(x; 1, 1): a posterior N(0.5, 1/2).</summary>
    public static WeightedSample<double> Weighted()
    {
        var rng = new Rng(3);
        var values = Enumerable.Range(0, 1000).Select(_ => rng.NextGaussian()).ToArray();
        return new WeightedSample<double>(values, values.Select(x => -0.5 * (x - 1) * (x - 1)).ToArray(), -1.2655, 0.01);
    }

    /// <summary>A few SMC steps as a recorder would hold them.</summary>
    public static IReadOnlyList<SmcProgress> Steps() =>
        Enumerable.Range(1, 20).Select(t => new SmcProgress(t, 1000 - 20 * (t % 5), -1.1 * t, t % 5 == 0)).ToArray();

    /// <summary>60 SVI steps on z ~ N(0, 1), y = 1 ~ N(z, 1) with a one-parameter-pair AutoNormal guide.</summary>
    public static VariationalFit Fit()
    {
        var model = from z in Sample("z", Normal(0, 1)) from _ in Observe(Normal(z, 1), 1.0) select z;
        return Infer.Svi(model, AutoNormal.Create(model), options: new SviOptions { Steps = 60, Seed = 1 });
    }
}
