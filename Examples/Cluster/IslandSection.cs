using System.Globalization;
using Probabilistic.Distributed;
using Probabilistic.Distributed.Islands;
using Probabilistic.Examples.Gallery;
using Probabilistic.Inference;
using Probabilistic.Inference.Particles;

namespace Probabilistic.Examples.Cluster;

/// <summary>
/// The cluster example's island SMC section: a Gaussian HMM (T = 50) filtered by 6 island grains of 2,000 particles with
/// island-level resampling (Vergé, Dubarry, Del Moral &amp; Moulines 2015), against the Kalman filter's exact log evidence,
/// with the silo each island ran on.
/// </summary>
public static class IslandSection
{
    /// <summary>The catalog name of the section's model.</summary>
    public const string ModelName = "example-islands-hmm";

    private const int Steps = 50;
    private const ulong DataSeed = 7;

    /// <summary>Registers the section's model (call it on every silo and the client's catalog, as the cluster example does).</summary>
    public static void Register(ModelCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        catalog.Add(ModelName, GaussianHmm.Model(GaussianHmm.Simulate(Steps, DataSeed)));
    }

    /// <summary>Runs the island SMC on the cluster <paramref name="client"/> reaches and prints the log evidence, its standard error and each island's silo.</summary>
    public static async Task RunAsync(IClusterClient client, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(output);
        var options = new IslandSmcOptions
        {
            Islands = 6,
            Interaction = IslandInteraction.Resampling,
            IslandEssThreshold = 0.5,
            Island = new SmcOptions { Particles = 2000, Seed = 1, Resampler = Resampler.Multinomial },
        };
        var result = await ClusterIslands.Smc(client, ModelName, options).WaitAsync(TimeSpan.FromMinutes(5)).ConfigureAwait(false);
        var exact = KalmanFilter.Run(GaussianHmm.Simulate(Steps, DataSeed), 1, 1, 1).LogMarginalLikelihood;
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Format(inv, "Island SMC, Gaussian HMM (T = {0}), {1} islands x {2} particles, island resampling:",
            Steps, options.Islands, options.Island.Particles));
        output.WriteLine(string.Format(inv, "  log evidence {0:F4} ± {1:F4} ({2}); Kalman filter {3:F4}",
            result.Sample.LogEvidence, result.Sample.LogEvidenceStandardError, result.Sample.LogEvidenceStandardErrorKind, exact));
        for (int b = 0; b < result.IslandSilos.Count; b++) output.WriteLine($"  island {b}: {result.IslandSilos[b]}");
    }
}
