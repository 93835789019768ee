using BenchmarkDotNet.Attributes;
using Probabilistic.Inference.Variational;

namespace Probabilistic.Benchmarks.Variational;

/// <summary>
/// One optimizer step on d = 4 (a small guide) and d = 1,000 parameters, with a fixed gradient; the state is
/// allocated in <see cref="Setup"/>'s first step, so the figures are steady-state steps, which allocate nothing.
/// <c>dotnet run -c Release --project Benchmarks -- --filter '*OptimizerBenchmarks*'</c> (wall-clock and thread CPU time, <see cref="CpuTimeConfig"/>).
/// </summary>
/// <remarks>
/// Measured on the 2-core development VM (.NET 10, short runs, load average 6–9, after Adam's update went SIMD);
/// thread CPU time per step: Adam 118 ns (d = 4) and 2.6 µs (d = 1,000), AMSGrad 134 ns and 4.1 µs, Nesterov SGD
/// 34 ns and 2.7 µs; 0 bytes allocated per step (24 B before the option checks stopped boxing the step index).
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(CpuTimeConfig))]
public class OptimizerBenchmarks
{
    private double[] _theta = [], _gradient = [];
    private readonly Adam _adam = new(learningRate: 1e-3);
    private readonly Adam _amsgrad = new(learningRate: 1e-3, amsgrad: true);
    private readonly Sgd _sgd = new(learningRate: 1e-3, momentum: 0.9, nesterov: true);

    [Params(4, 1000)]
    public int Dimension { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _theta = new double[Dimension];
        _gradient = new double[Dimension];
        for (int i = 0; i < Dimension; i++) _gradient[i] = Math.Sin(i + 1);
        foreach (var optimizer in new IOptimizer[] { _adam, _amsgrad, _sgd }) optimizer.Step(_theta, _gradient);
    }

    [Benchmark(Baseline = true)]
    public void AdamStep() => _adam.Step(_theta, _gradient);

    [Benchmark]
    public void AmsgradStep() => _amsgrad.Step(_theta, _gradient);

    [Benchmark]
    public void NesterovSgdStep() => _sgd.Step(_theta, _gradient);
}
