using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Probabilistic.Distributions;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Benchmarks;

/// <summary>
/// The cost of one <c>Sample</c> step of the interpreter on a long <c>Fold</c> under <c>Simulate</c>
/// (a full trace is recorded: address, distribution, value, log density per step). Each invocation
/// runs <see cref="Steps"/> steps in all (Steps / Length simulations), so BenchmarkDotNet's per-operation
/// figures are per step.
/// Target (issue: foundation): ≤ 100 ns and ≤ 64 bytes per step.
/// </summary>
[Config(typeof(CpuTimeConfig))]
[MemoryDiagnoser]
public class InterpreterBenchmarks
{
    public const int Steps = 100_000;

    /// <summary>Length of the fold: 1,000 steps keep the trace in the young generation; 100,000 make the GC promote it.</summary>
    [Params(1_000, 100_000)]
    public int Length { get; set; }

    private static readonly Bernoulli Fair = Bernoulli(0.5);
    private Model<int> _walkNewDistribution = null!;
    private Model<int> _walkSharedDistribution = null!;
    private Model<int> _walkQuerySyntax = null!;
    private Model<int> _walkExplicitState = null!;

    [GlobalSetup]
    public void Setup()
    {
        // The distribution depends on the state, so it is built each step (the common case).
        _walkNewDistribution = Fold("walk", Length, 0, static (s, t) =>
            Sample("up", Bernoulli(s > 0 ? 0.4 : 0.6)).Select(up => up ? s + 1 : s - 1));
        // The same walk with one shared distribution object: isolates the interpreter's own cost.
        _walkSharedDistribution = Fold("walk", Length, 0, static (s, t) =>
            Sample("up", Fair).Select(up => up ? s + 1 : s - 1));
        // LINQ query syntax, as users write it.
        _walkQuerySyntax = Fold("walk", Length, 0, static (s, t) =>
            from up in Sample("up", Bernoulli(s > 0 ? 0.4 : 0.6))
            select up ? s + 1 : s - 1);
        // Explicit state and static lambdas: no closure per step.
        _walkExplicitState = Fold("walk", Length, 0, static (s, t) =>
            Sample("up", Bernoulli(s > 0 ? 0.4 : 0.6)).Select(s, static (s, up) => up ? s + 1 : s - 1));
    }

    [Benchmark(OperationsPerInvoke = Steps, Baseline = true)]
    public int SimulateFoldStep() => Run(_walkNewDistribution);

    [Benchmark(OperationsPerInvoke = Steps)]
    public int SimulateFoldStepSharedDistribution() => Run(_walkSharedDistribution);

    [Benchmark(OperationsPerInvoke = Steps)]
    public int SimulateFoldStepQuerySyntax() => Run(_walkQuerySyntax);

    [Benchmark(OperationsPerInvoke = Steps)]
    public int SimulateFoldStepExplicitState() => Run(_walkExplicitState);

    private int Run(Model<int> model)
    {
        var rng = new Rng(1);
        int acc = 0;
        for (int i = 0; i < Steps / Length; i++) acc += model.Simulate(rng).ReturnValue;
        return acc;
    }
}
