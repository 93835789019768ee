using System.Diagnostics;
using System.Globalization;
using Probabilistic.Distributed;
using Probabilistic.Examples.Gallery;
using Probabilistic.Inference;

namespace Probabilistic.Examples.Cluster;

/// <summary>
/// Eight schools with 8 NUTS chains on a local Orleans cluster of 3 silos (one process, loopback addresses only): each chain
/// is a grain that samples in segments and checkpoints after each; the summary equals <c>Infer.Nuts</c>'s for the same seed,
/// and the example prints where each chain ran; then an SMC with islands on the same cluster (<see cref="IslandSection"/>). The same code runs on a real cluster given a connected client (README, "On a cluster").
/// </summary>
public sealed class ClusterExample : IExample
{
    /// <summary>The name the model is registered under, on every silo and the client.</summary>
    public const string EightSchoolsName = "eight-schools";

    /// <inheritdoc />
    public string Name => "cluster";

    /// <inheritdoc />
    public string Description => "Eight schools, 8 NUTS chains as grains on a local 3-silo Orleans cluster (loopback), checkpointed per segment; then SMC with islands as grains";

    /// <inheritdoc />
    public void Run(ExampleOptions options, TextWriter output) => RunAsync(options, output).GetAwaiter().GetResult();

    private static async Task RunAsync(ExampleOptions options, TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        var clock = Stopwatch.StartNew();
        // Every silo (and the client) registers the same models by name: a model is code, only its name travels.
        await using var cluster = await LocalCluster.StartAsync(3, catalog =>
        {
            catalog.Add(EightSchoolsName, EightSchoolsModel.Model(EightSchoolsModel.Y, EightSchoolsModel.Sigma));
            IslandSection.Register(catalog);
        });
        output.WriteLine(string.Format(inv, "3 silos on {0} started in {1:F1} s",
            string.Join(", ", cluster.SiloEndpoints), clock.Elapsed.TotalSeconds));

        var nuts = new NutsOptions { Chains = 8, Warmup = options.Quick ? 300 : 1000, Draws = options.Quick ? 300 : 1000, Seed = options.Seed };
        var silos = new string[nuts.Chains];
        var progress = new Progress(silos, options.Quiet ? null : output);
        clock.Restart();
        var posterior = await Distributed.Cluster.Nuts(cluster.Client, EightSchoolsName, nuts, new ClusterRunOptions { SegmentIterations = 200 }, progress);
        output.WriteLine(string.Format(inv, "{0} chains × ({1} warmup + {2} draws) in segments of 200 iterations, seed {3}: {4:F2} s",
            nuts.Chains, nuts.Warmup, nuts.Draws, nuts.Seed, clock.Elapsed.TotalSeconds));
        output.WriteLine(posterior.Summary().ToString());
        for (int k = 0; k < silos.Length; k++) output.WriteLine($"  chain {k} ran on silo {silos[k]}");

        // SMC with islands on the same cluster (Examples/Cluster/IslandSection.cs).
        output.WriteLine();
        await IslandSection.RunAsync(cluster.Client, output);
    }

    // Prints each round's diagnostics and remembers where each chain ran (the silos a chain used, in order).
    private sealed class Progress(string[] silos, TextWriter? output) : IProgress<ClusterProgress>
    {
        public void Report(ClusterProgress value)
        {
            foreach (var c in value.Report.Chains)
            {
                string silo = c.Silo;
                if (silos[c.Chain] is null) silos[c.Chain] = silo;
                else if (!silos[c.Chain].EndsWith(silo, StringComparison.Ordinal)) silos[c.Chain] += " → " + silo;
            }
            output?.WriteLine(string.Format(CultureInfo.InvariantCulture, "  iteration {0,5}: max R-hat {1:F3}, min bulk ESS {2,7:F1} ({3} draws per chain)",
                value.Iteration, value.Report.MaxRhat, value.Report.MinEssBulk, value.Report.Draws));
        }
    }
}
