using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Probabilistic.Benchmarks;

/// <summary>
/// Two jobs: wall-clock time, and the benchmark thread's CPU time (<see cref="ThreadCpuClock"/>), which
/// a machine shared with other work does not inflate. Background (gen-2) GC work on other threads is
/// not in the CPU-time figures; blocking collections on the benchmark thread are.
/// </summary>
public sealed class CpuTimeConfig : ManualConfig
{
    public CpuTimeConfig()
    {
        AddJob(Job.ShortRun.WithId("WallClock"));
        var cpu = new ThreadCpuClock();
        if (cpu.IsAvailable)
            AddJob(Job.ShortRun.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(10), logOutput: false))
                .WithClock(cpu).WithId("ThreadCpuTime"));
    }
}
