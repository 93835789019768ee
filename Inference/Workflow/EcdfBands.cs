namespace Probabilistic.Inference.Workflow;

/// <summary>
/// Simultaneous confidence bands for the ECDF of N ranks that are uniform on {0, …, L} under the null hypothesis,
/// and the graphical uniformity test they give: Säilynoja, Bürkner and Vehtari (2022), "Graphical test for discrete
/// uniformity and its applications in goodness-of-fit evaluation and multiple sample comparison", Statistics and
/// Computing 32(32), section 2 (the adjustment γ found by simulation). At the evaluation points zᵢ = i/(L + 1),
/// i = 1 … L, the count of ranks below zᵢ is Binomial(N, zᵢ) pointwise; γ is lowered until all L points lie in their
/// central 1 − γ binomial intervals at once with probability 1 − α, estimated from <see cref="Simulations"/> uniform
/// samples. A sample whose ECDF leaves the band is rejected at level α; <see cref="PValue"/> is the fraction of the
/// simulated uniform samples that are at least as extreme.
/// </summary>
public sealed class EcdfBands
{
    private readonly double[][] _cdf; // [point][count]: P(Binomial(N, zᵢ) ≤ count)
    private readonly double[] _simulatedGamma;

    /// <summary>The number of simulated uniform samples used to find γ.</summary>
    public const int Simulations = 2000;

    /// <summary>Finds the band for <paramref name="samples"/> ranks on {0, …, <paramref name="maxRank"/>} at level <paramref name="alpha"/>.</summary>
    public EcdfBands(int samples, int maxRank, double alpha = 0.05, ulong seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRank, 1);
        if (!(alpha > 0 && alpha < 1)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "EcdfBands: alpha must be in (0, 1).");
        Samples = samples;
        MaxRank = maxRank;
        Alpha = alpha;
        _cdf = new double[maxRank][];
        for (int i = 0; i < maxRank; i++) _cdf[i] = BinomialCdf(samples, (i + 1.0) / (maxRank + 1));
        var rng = new Rng(seed, 0x5b1c);
        _simulatedGamma = new double[Simulations];
        var ranks = new int[samples];
        for (int m = 0; m < Simulations; m++)
        {
            for (int j = 0; j < samples; j++) ranks[j] = rng.NextInt(maxRank + 1);
            _simulatedGamma[m] = Gamma(Counts(ranks));
        }
        Array.Sort(_simulatedGamma);
        // γ: the α-quantile of the simulated per-sample minima (type 1: the smallest with ≥ α of the mass at or below it).
        Gamma0 = _simulatedGamma[Math.Max(0, (int)Math.Ceiling(alpha * Simulations) - 1)];
        Lower = new double[maxRank];
        Upper = new double[maxRank];
        Points = new double[maxRank];
        for (int i = 0; i < maxRank; i++)
        {
            Points[i] = (i + 1.0) / (maxRank + 1);
            Lower[i] = Quantile(_cdf[i], Gamma0 / 2) / (double)samples;
            Upper[i] = Quantile(_cdf[i], 1 - Gamma0 / 2) / (double)samples;
        }
    }

    /// <summary>N, the number of ranks.</summary>
    public int Samples { get; }

    /// <summary>L: ranks lie in {0, …, L}.</summary>
    public int MaxRank { get; }

    /// <summary>The level α of the simultaneous test.</summary>
    public double Alpha { get; }

    /// <summary>The adjusted pointwise level γ.</summary>
    public double Gamma0 { get; }

    /// <summary>The evaluation points zᵢ = i/(L + 1), i = 1 … L.</summary>
    public double[] Points { get; }

    /// <summary>The band's lower edge for the ECDF at each point (subtract <see cref="Points"/> for the ECDF-difference plot).</summary>
    public double[] Lower { get; }

    /// <summary>The band's upper edge for the ECDF at each point.</summary>
    public double[] Upper { get; }

    /// <summary>The ECDF of <paramref name="ranks"/> at each point: the fraction of ranks ≤ i − 1 (the fraction below zᵢ).</summary>
    public double[] Ecdf(IReadOnlyList<int> ranks) => Counts(Check(ranks)).Select(c => c / (double)Samples).ToArray();

    /// <summary>True when the ECDF of <paramref name="ranks"/> leaves the band at some point (uniformity rejected at α).</summary>
    public bool Rejects(IReadOnlyList<int> ranks)
    {
        var counts = Counts(Check(ranks));
        for (int i = 0; i < counts.Length; i++)
            if (counts[i] < Lower[i] * Samples || counts[i] > Upper[i] * Samples) return true;
        return false;
    }

    /// <summary>The fraction of simulated uniform samples whose most extreme point is at least as extreme as these ranks'.</summary>
    public double PValue(IReadOnlyList<int> ranks)
    {
        double g = Gamma(Counts(Check(ranks)));
        int below = UpperBound(_simulatedGamma, g);
        return (below + 1.0) / (Simulations + 1.0);
    }

    private int[] Counts(IReadOnlyList<int> ranks)
    {
        var histogram = new int[MaxRank + 1];
        foreach (var r in ranks) histogram[r]++;
        var counts = new int[MaxRank];
        int running = 0;
        for (int i = 0; i < MaxRank; i++) counts[i] = running += histogram[i];
        return counts;
    }

    // 2·min over points of the two-sided binomial tail probability of the observed count.
    private double Gamma(int[] counts)
    {
        double g = 1;
        for (int i = 0; i < counts.Length; i++)
        {
            int c = counts[i];
            double lowerTail = _cdf[i][c];
            double upperTail = c == 0 ? 1 : 1 - _cdf[i][c - 1];
            g = Math.Min(g, 2 * Math.Min(lowerTail, upperTail));
        }
        return g;
    }

    private IReadOnlyList<int> Check(IReadOnlyList<int> ranks)
    {
        ArgumentNullException.ThrowIfNull(ranks);
        if (ranks.Count != Samples) throw new ArgumentException($"EcdfBands: {ranks.Count} ranks but the band is for {Samples}.", nameof(ranks));
        for (int j = 0; j < ranks.Count; j++)
            if (ranks[j] < 0 || ranks[j] > MaxRank) throw new ArgumentOutOfRangeException(nameof(ranks), ranks[j], $"EcdfBands: rank {j} is outside 0 … {MaxRank}.");
        return ranks;
    }

    private static int UpperBound(double[] sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (sorted[mid] <= x) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private static double Quantile(double[] cdf, double p)
    {
        for (int c = 0; c < cdf.Length; c++)
            if (cdf[c] >= p) return c;
        return cdf.Length - 1;
    }

    /// <summary>P(Binomial(n, z) ≤ c) for c = 0 … n, by the pmf recurrence in log space.</summary>
    private static double[] BinomialCdf(int n, double z)
    {
        var cdf = new double[n + 1];
        double logP = Math.Log(z), logQ = Math.Log(1 - z);
        double logPmf = n * logQ, total = 0;
        for (int c = 0; c <= n; c++)
        {
            if (c > 0) logPmf += Math.Log((n - c + 1) / (double)c) + logP - logQ;
            total += Math.Exp(logPmf);
            cdf[c] = Math.Min(1, total);
        }
        return cdf;
    }
}
