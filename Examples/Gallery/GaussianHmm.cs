using System.Globalization;
using Probabilistic.Compilation;
using Probabilistic.Inference;
using Probabilistic.Reports;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Examples.Gallery;

/// <summary>
/// A Gaussian random walk observed with noise, filtered by SMC (the bootstrap particle filter) and
/// compared with the exact Kalman filter: log evidence and the posterior of the last state.
/// </summary>
public sealed class GaussianHmm : IExample
{
    /// <inheritdoc />
    public string Name => "hmm";

    /// <inheritdoc />
    public string Description => "Gaussian random walk: SMC against the exact Kalman filter";

    /// <summary>x₀ ~ N(0, s0), x_t ~ N(x_{t−1}, q), y_t ~ N(x_t, r); returns the last state.</summary>
    [Compiled]
    public static Model<Real> Model(IReadOnlyList<double> y, double s0 = 1, double q = 1, double r = 1) =>
        Fold("x", y.Count, (Real)0.0, (prev, t) =>
            from x in Sample("x", Normal(t == 0 ? 0.0 : prev, t == 0 ? s0 : q))
            from _ in Observe(Normal(x, r), y[t])
            select x);

    /// <summary>Simulated observations of length <paramref name="steps"/> from the model with unit scales.</summary>
    public static double[] Simulate(int steps, ulong seed)
    {
        var rng = new Rng(seed);
        var y = new double[steps];
        double x = rng.NextGaussian();
        for (int t = 0; t < steps; t++)
        {
            if (t > 0) x += rng.NextGaussian();
            y[t] = x + rng.NextGaussian();
        }
        return y;
    }

    /// <inheritdoc />
    public void Run(ExampleOptions options, TextWriter output)
    {
        int steps = options.Quick ? 50 : 200, particles = options.Quick ? 1000 : 10_000;
        var y = Simulate(steps, options.Seed);
        var exact = KalmanFilter.Run(y, 1, 1, 1);
        var (smc, recorder) = LiveProgress.Run<SmcProgress, (WeightedSample<Real>, SmcRecorder)>(options, ["SMC"], p => (0, (double)p.Step / steps), progress =>
        {
            var r = new SmcRecorder(progress);
            return (Infer.Smc(Model(y), new SmcOptions { Particles = particles, Seed = options.Seed }, r), r);
        });
        double mean = smc.Expectation(x => x.Value);
        double sd = Math.Sqrt(smc.Expectation(x => (x.Value - mean) * (x.Value - mean)));

        var inv = CultureInfo.InvariantCulture;
        var report = new GalleryReport(options, Report.For(smc, [("x_T", x => x.Value)],
            $"Gaussian random walk: SMC ({particles} particles, T = {steps}) against the Kalman filter", recorder.Steps, exact.LogMarginalLikelihood));
        report.Report.AddHeading("Against the exact Kalman filter").AddTable(["quantity", "SMC", "exact"],
        [
            // SMC estimates to the digits their standard errors support (the mean's: sd/√ESS before the last resampling).
            [ "log evidence", $"{NumberFormat.ToPrecision(smc.LogEvidence, smc.LogEvidenceStandardError)} ± {NumberFormat.Significant(smc.LogEvidenceStandardError, 2)}", exact.LogMarginalLikelihood.ToString("F4", inv) ],
            [ "E[x_T | y]", NumberFormat.ToPrecision(mean, sd / Math.Sqrt(Ess(smc))), exact.LastMean.ToString("F4", inv) ],
            [ "sd[x_T | y]", NumberFormat.ToPrecision(sd, sd / Math.Sqrt(2 * Ess(smc))), exact.LastSd.ToString("F4", inv) ],
        ]);
        Plots.EffectiveSampleSize(recorder.Steps, particles).SaveAs(Path.Combine(options.OutputDirectory, "ess.png"));
        Plots.LogEvidence(recorder.Steps, exact.LogMarginalLikelihood).SaveAs(Path.Combine(options.OutputDirectory, "log_evidence.png"));
        Plots.Density(smc, x => x.Value, "x_T").SaveAs(Path.Combine(options.OutputDirectory, "last_state.png"));
        var path = report.Write();
        output.WriteLine(string.Format(inv, "log evidence: SMC {0:F4} ± {1:F4}, Kalman {2:F4}", smc.LogEvidence, smc.LogEvidenceStandardError, exact.LogMarginalLikelihood));
        output.WriteLine(string.Format(inv, "E[x_T | y]:   SMC {0:F4}, Kalman {1:F4} (sd {2:F4})", mean, exact.LastMean, exact.LastSd));
        if (!options.Quiet) output.WriteLine($"report: {path}");
    }

    private static double Ess<T>(WeightedSample<T> sample) =>
        double.IsNaN(sample.EffectiveSampleSizeBeforeResampling) ? sample.EffectiveSampleSize : sample.EffectiveSampleSizeBeforeResampling;
}
