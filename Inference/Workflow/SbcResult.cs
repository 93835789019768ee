using System.Globalization;
using System.Text;

namespace Probabilistic.Inference.Workflow;

/// <summary>
/// The result of <see cref="Sbc.Run"/>: for each quantity (parameter column, generated quantity, <c>log_lik</c>) the
/// rank of its true value among L posterior draws in each replicate, ranks in {0, …, <see cref="MaxRank"/>}; the
/// simultaneous ECDF bands of Säilynoja et al. (2022) for the ECDF-difference plot; and per quantity a uniformity test.
/// </summary>
public sealed class SbcResult
{
    private readonly string[] _parameters;
    private readonly int[][] _ranks; // [parameter][replicate]

    internal SbcResult(string[] parameters, int[][] ranks, int maxRank, double alpha, ulong seed)
    {
        _parameters = parameters;
        _ranks = ranks;
        MaxRank = maxRank;
        Alpha = alpha;
        Replicates = ranks.Length == 0 ? 0 : ranks[0].Length;
        Bands = new EcdfBands(Replicates, maxRank, alpha, seed);
    }

    /// <summary>The quantities ranked, in the model's order (parameters, generated quantities, then <c>log_lik</c>).</summary>
    public IReadOnlyList<string> Parameters => _parameters;

    /// <summary>The number of replicates N.</summary>
    public int Replicates { get; }

    /// <summary>L, the largest possible rank.</summary>
    public int MaxRank { get; }

    /// <summary>The level of each quantity's test.</summary>
    public double Alpha { get; }

    /// <summary>The simultaneous 1 − α ECDF bands for N ranks on {0, …, L}: points, lower and upper edges.</summary>
    public EcdfBands Bands { get; }

    /// <summary>The ranks of one quantity, one per replicate, by name.</summary>
    public int[] Ranks(string parameter) => (int[])_ranks[IndexOf(parameter)].Clone();

    /// <summary>The ECDF of one quantity's fractional ranks at <see cref="EcdfBands.Points"/> (minus the points for the difference plot).</summary>
    public double[] Ecdf(string parameter) => Bands.Ecdf(_ranks[IndexOf(parameter)]);

    /// <summary>The ECDF difference ECDF(zᵢ) − zᵢ of one quantity, with the bands' edges minus zᵢ: the data of the ECDF-difference plot.</summary>
    public (double[] Points, double[] Difference, double[] Lower, double[] Upper) EcdfDifference(string parameter)
    {
        var ecdf = Ecdf(parameter);
        var z = Bands.Points;
        return ((double[])z.Clone(), ecdf.Select((e, i) => e - z[i]).ToArray(),
            Bands.Lower.Select((l, i) => l - z[i]).ToArray(), Bands.Upper.Select((u, i) => u - z[i]).ToArray());
    }

    /// <summary>The p-value of one quantity's uniformity test (the fraction of uniform samples whose ECDF is at least as extreme).</summary>
    public double PValue(string parameter) => Bands.PValue(_ranks[IndexOf(parameter)]);

    /// <summary>True when one quantity's ECDF leaves the simultaneous 1 − α band (its ranks are not uniform at level α).</summary>
    public bool Rejects(string parameter) => Bands.Rejects(_ranks[IndexOf(parameter)]);

    /// <summary>
    /// True when some quantity fails its uniformity test at level α / K for K quantities (Bonferroni): the algorithm is
    /// miscalibrated, with probability at most α of a false alarm for a correct algorithm.
    /// </summary>
    public bool AnyRejected => _parameters.Any(p => PValue(p) < Alpha / _parameters.Length);

    /// <summary>A table: quantity, p-value, whether its band test rejects at α.</summary>
    public override string ToString()
    {
        int width = Math.Max(9, _parameters.DefaultIfEmpty("").Max(p => p.Length));
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"SBC: {Replicates} replicates, ranks 0…{MaxRank}, simultaneous {100 * (1 - Alpha):0.#}% ECDF bands\n");
        sb.Append(CultureInfo.InvariantCulture, $"{"".PadRight(width)}  {"p-value",8}  uniform\n");
        foreach (var p in _parameters)
            sb.Append(CultureInfo.InvariantCulture, $"{p.PadRight(width)}  {PValue(p),8:F3}  {(Rejects(p) ? "REJECTED" : "ok")}\n");
        return sb.ToString().TrimEnd('\n');
    }

    private int IndexOf(string parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        int i = Array.IndexOf(_parameters, parameter);
        return i >= 0 ? i : throw new KeyNotFoundException($"SbcResult: no quantity named '{parameter}'; they are {string.Join(", ", _parameters)}.");
    }
}
