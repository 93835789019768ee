using BenchmarkDotNet.Running;

namespace Probabilistic.Benchmarks;

/// <summary><c>dotnet run -c Release --project Benchmarks -- --filter '*Name*'</c> runs the benchmarks whose name matches.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
