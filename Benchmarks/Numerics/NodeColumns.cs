using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Probabilistic.Benchmarks.Numerics;

/// <summary>The number of tape nodes one evaluation records.</summary>
internal sealed class NodesColumn : IColumn
{
    public string Id => nameof(NodesColumn);
    public string ColumnName => "Nodes";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Tape nodes recorded per evaluation, variables included";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        EightSchoolsTapeBenchmarks.NodesPerEvaluation(benchmarkCase.Descriptor.WorkloadMethod.Name)?.ToString() ?? "-";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
}

/// <summary>Mean time per evaluation divided by the nodes it records.</summary>
internal sealed class NanosecondsPerNodeColumn : IColumn
{
    public string Id => nameof(NanosecondsPerNodeColumn);
    public string ColumnName => "ns/node";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 1;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Mean nanoseconds per evaluation divided by Nodes";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var nodes = EightSchoolsTapeBenchmarks.NodesPerEvaluation(benchmarkCase.Descriptor.WorkloadMethod.Name);
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return nodes is null || mean is null ? "-" : (mean.Value / nodes.Value).ToString("F2");
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
}
