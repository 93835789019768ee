using System.Globalization;
using Probabilistic.Examples.Gallery;

namespace Probabilistic.Examples;

/// <summary><c>dotnet run -c Release --project Examples -- &lt;name&gt; [--seed N] [--quick] [--quiet] [--out DIR]</c>; <c>list</c> shows the gallery.</summary>
public static class Program
{
    /// <summary>Every example, by name.</summary>
    public static readonly IReadOnlyList<IExample> All =
        [new CoinFlip(), new Burglary(), new GaussianHmm(), new EightSchools(), new LinearRegression(), new VariationalRegression(), new Mixture(), new ChangePoint(), new PathfinderRegression(), new Gallery.Vae.VaeExample(), new ModelComparison(), new SbcEightSchools(), new Cluster.ClusterExample()];

    /// <summary>Runs the command line; returns the exit code.</summary>
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs the command line with the given writers (tests call this).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error) => Run(args, output, error, All);

    /// <summary>Runs the command line over the given examples with the given writers.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, IReadOnlyList<IExample> examples)
    {
        if (args.Length == 0 || args[0] is "list" or "--help" or "-h")
        {
            output.WriteLine("usage: dotnet run -c Release --project Examples -- <name> [--seed N] [--quick] [--quiet] [--out DIR]");
            output.WriteLine();
            foreach (var e in examples) output.WriteLine($"  {e.Name,-12} {e.Description}");
            return args.Length == 0 ? 2 : 0;
        }
        var example = examples.FirstOrDefault(e => e.Name == args[0]);
        if (example is null)
        {
            error.WriteLine($"unknown example '{args[0]}'; 'list' shows them all.");
            return 2;
        }
        ulong seed = 20261125;
        bool quick = false, quiet = false;
        string? outDir = null;
        for (int i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick": quick = true; break;
                case "--quiet": quiet = true; break;
                case "--seed" when i + 1 < args.Length && ulong.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out seed): i++; break;
                case "--out" when i + 1 < args.Length: outDir = args[++i]; break;
                default:
                    error.WriteLine($"unknown or incomplete option '{args[i]}'.");
                    return 2;
            }
        }
        bool live = !quiet && ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var options = new ExampleOptions(seed, quick, quiet, outDir ?? Path.Combine("out", example.Name), live);
        Directory.CreateDirectory(options.OutputDirectory);
        try
        {
            example.Run(options, output);
        }
        catch (ExampleInputException e)
        {
            // Something the example needs is missing: one line that says what and how to get it, and a non-zero exit.
            error.WriteLine($"{example.Name}: {e.Message}");
            return 3;
        }
        return 0;
    }
}
