using System.Runtime.InteropServices;
using Perfolizer.Horology;

namespace Probabilistic.Benchmarks;

/// <summary>
/// A BenchmarkDotNet clock that reads the calling thread's CPU time (Linux
/// <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>, nanoseconds). On a machine shared with other
/// work, wall-clock time includes the time the benchmark thread waits for a core; CPU time does
/// not, so a run under load still measures the code (cache and memory-bandwidth contention
/// remain). Use it with an in-process toolchain: it is an object, not a setting a child process can rebuild.
/// </summary>
internal sealed class ThreadCpuClock : IClock
{
    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static extern int ClockGetTime(int clock, out Timespec time);

    public string Title => "Thread CPU time";

    public bool IsAvailable => OperatingSystem.IsLinux();

    public Frequency Frequency => new(1e9);

    public long GetTimestamp()
    {
        if (ClockGetTime(ClockThreadCpuTimeId, out var t) != 0)
            throw new InvalidOperationException($"clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed (errno {Marshal.GetLastPInvokeError()}).");
        return t.Seconds * 1_000_000_000 + t.Nanoseconds;
    }
}
