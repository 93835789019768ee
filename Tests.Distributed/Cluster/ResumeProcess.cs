using Probabilistic.Inference;

namespace Probabilistic.Distributed.Tests.Cluster;

/// <summary>
/// The test assembly's entry point, for <see cref="ResumeInANewProcessTests"/>: <c>dotnet exec Probabilistic.Distributed.Tests.dll
/// resume CHECKPOINT OUT</c> reads a checkpoint of eight schools written by another process, runs it to its end and writes the
/// posterior's JSON. (xunit does not use an entry point; Microsoft.NET.Test.Sdk's empty one is turned off.)
/// </summary>
public static class ResumeProcess
{
    /// <summary>The options of the resumed run (the checkpoint's settings are checked against them).</summary>
    public static NutsOptions Options => ChainTestModels.Short with { Chains = 3, Draws = 40 };

    /// <summary>Runs the command; 0 on success, 2 on a bad command line.</summary>
    public static int Main(string[] args)
    {
        if (args is not ["resume", var input, var output])
        {
            Console.Error.WriteLine("usage: resume CHECKPOINT OUT");
            return 2;
        }
        var sampler = HamiltonianSampler.Resume(ChainTestModels.EightSchools, null, HamiltonianCheckpoint.FromBytes(File.ReadAllBytes(input)), Options);
        sampler.Run(int.MaxValue);
        File.WriteAllText(output, sampler.Posterior().ToJson());
        return 0;
    }
}
