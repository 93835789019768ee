using System.Diagnostics;
using Probabilistic.Inference;

namespace Probabilistic.Distributed.Tests.Cluster;

/// <summary>
/// Resume on one machine in a new process: a run stopped at iteration k (in warmup and in sampling) is written to a file,
/// a child <c>dotnet</c> process (<see cref="ResumeProcess"/>) reads it and finishes the run, and its posterior equals the
/// uninterrupted run's bit for bit: nothing of the first process (no object, no static state) reaches the second.
/// </summary>
public sealed class ResumeInANewProcessTests
{
    [Theory]
    [InlineData(60)]  // warmup, in the initial buffer's … first window (75 – 99 starts at 75): inside the adaptation
    [InlineData(120)] // warmup, inside the last metric window
    [InlineData(170)] // sampling (warmup is 150)
    public async Task AResumedRunInAChildProcessEqualsTheUninterruptedOne(int stopAfter)
    {
        var options = ResumeProcess.Options;
        string expected = Infer.Nuts(ChainTestModels.EightSchools, options: options).ToJson();
        var sampler = HamiltonianSampler.Start(ChainTestModels.EightSchools, options: options);
        sampler.Run(stopAfter);
        string directory = Directory.CreateTempSubdirectory("resume-").FullName;
        try
        {
            string input = Path.Combine(directory, "run.ckpt"), output = Path.Combine(directory, "posterior.json");
            await File.WriteAllBytesAsync(input, sampler.Checkpoint().ToBytes());
            var child = Process.Start(new ProcessStartInfo(DotnetHost(), ["exec", typeof(ResumeProcess).Assembly.Location, "resume", input, output])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            var stderr = child.StandardError.ReadToEndAsync();
            await child.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
            Assert.True(child.ExitCode == 0, $"the child process exited with {child.ExitCode}: {await stderr}");
            Assert.Equal(expected, await File.ReadAllTextAsync(output));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // The dotnet host running these tests (the SDK sets DOTNET_HOST_PATH for test runs), else the one on the PATH.
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path
        : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self
        : "dotnet";
}
