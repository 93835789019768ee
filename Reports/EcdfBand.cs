namespace Probabilistic.Reports;

/// <summary>
/// Simultaneous confidence bands for the empirical CDF of n draws that should be uniform (Säilynoja, Bürkner &amp;
/// Vehtari 2022, "Graphical test for discrete uniformity and its applications in goodness-of-fit evaluation and
/// multiple sample comparison", Statistics and Computing 32(32), §2.2, the simulation method): at grid points zᵢ the
/// count n·F̂(zᵢ) of a uniform sample is Binomial(n, zᵢ); the pointwise level γ is adjusted so that the whole ECDF stays
/// inside [Bin⁻¹(γ/2), Bin⁻¹(1 − γ/2)] at every zᵢ with probability 1 − α, by simulating uniform samples and taking
/// the α-quantile of each sample's smallest two-sided pointwise tail probability.
/// </summary>
public sealed class EcdfBand
{
    /// <summary>Computes the band of an ECDF of <paramref name="n"/> uniform draws evaluated at <paramref name="grid"/>.</summary>
    /// <param name="n">The number of draws (ranks or PIT values).</param>
    /// <param name="grid">The points zᵢ in (0, 1), increasing.</param>
    /// <param name="alpha">One minus the simultaneous coverage (0.05).</param>
    /// <param name="simulations">How many uniform samples the adjustment simulates (1000).</param>
    /// <param name="seed">The simulation's seed (the band is deterministic given it).</param>
    /// <exception cref="ArgumentException">n &lt; 1, an empty or unordered grid or a point outside (0, 1), alpha outside (0, 1), or fewer than 100 simulations.</exception>
    public EcdfBand(int n, IReadOnlyList<double> grid, double alpha = 0.05, int simulations = 1000, ulong seed = 1)
    {
        ArgumentNullException.ThrowIfNull(grid);
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "EcdfBand: need at least one draw.");
        if (grid.Count == 0) throw new ArgumentException("EcdfBand: the grid is empty.", nameof(grid));
        for (int i = 0; i < grid.Count; i++)
            if (!(grid[i] > 0 && grid[i] < 1) || (i > 0 && !(grid[i] > grid[i - 1])))
                throw new ArgumentException($"EcdfBand: grid point {i} is {grid[i]}; the points must increase within (0, 1).", nameof(grid));
        if (!(alpha > 0 && alpha < 1)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "EcdfBand: alpha must lie in (0, 1).");
        if (simulations < 100) throw new ArgumentOutOfRangeException(nameof(simulations), simulations, "EcdfBand: at least 100 simulations.");
        N = n;
        var z = grid.ToArray();
        Grid = z;
        Alpha = alpha;
        var cdf = z.Select(z => BinomialCdf(n, z)).ToArray();
        var rng = new Rng(seed);
        var minima = new double[simulations];
        var u = new double[n];
        for (int s = 0; s < simulations; s++)
        {
            for (int j = 0; j < n; j++) u[j] = rng.NextDouble();
            Array.Sort(u);
            double smallest = 1;
            int count = 0;
            for (int i = 0; i < z.Length; i++)
            {
                while (count < n && u[count] < z[i]) count++;
                double below = cdf[i][count], above = 1 - (count > 0 ? cdf[i][count - 1] : 0);
                smallest = Math.Min(smallest, 2 * Math.Min(below, above));
            }
            minima[s] = smallest;
        }
        Array.Sort(minima);
        Gamma = minima[Math.Max(0, (int)Math.Floor(alpha * simulations) - 1)];
        Lower = new double[z.Length];
        Upper = new double[z.Length];
        for (int i = 0; i < z.Length; i++)
        {
            Lower[i] = (double)InverseCdf(cdf[i], Gamma / 2) / n;
            Upper[i] = (double)InverseCdf(cdf[i], 1 - Gamma / 2) / n;
        }
    }

    /// <summary>The number of draws.</summary>
    public int N { get; }

    /// <summary>The grid points zᵢ.</summary>
    public IReadOnlyList<double> Grid { get; }

    /// <summary>One minus the simultaneous coverage.</summary>
    public double Alpha { get; }

    /// <summary>The adjusted pointwise level γ (smaller than α: many points are tested at once).</summary>
    public double Gamma { get; }

    /// <summary>The band's lower edge for F̂(zᵢ), a fraction of the draws.</summary>
    public double[] Lower { get; }

    /// <summary>The band's upper edge for F̂(zᵢ), a fraction of the draws.</summary>
    public double[] Upper { get; }

    /// <summary>The ECDF F̂(zᵢ) = #{uⱼ &lt; zᵢ}/n of <paramref name="values"/> at the grid points.</summary>
    public double[] Ecdf(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != N) throw new ArgumentException($"EcdfBand.Ecdf: the band is for {N} values but {values.Count} were given.", nameof(values));
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var f = new double[Grid.Count];
        int count = 0;
        for (int i = 0; i < Grid.Count; i++)
        {
            while (count < sorted.Length && sorted[count] < Grid[i]) count++;
            f[i] = (double)count / N;
        }
        return f;
    }

    /// <summary>P(Bin(n, p) ≤ c) for c = 0 … n.</summary>
    private static double[] BinomialCdf(int n, double p)
    {
        var cdf = new double[n + 1];
        double logP = Math.Log(p), logQ = Math.Log(1 - p), logPmf = n * logQ, total = 0;
        for (int c = 0; c <= n; c++)
        {
            if (c > 0) logPmf += Math.Log((double)(n - c + 1) / c) + logP - logQ;
            total += Math.Exp(logPmf);
            cdf[c] = Math.Min(1, total);
        }
        return cdf;
    }

    /// <summary>The smallest c with P(X ≤ c) ≥ q.</summary>
    private static int InverseCdf(double[] cdf, double q)
    {
        for (int c = 0; c < cdf.Length; c++)
            if (cdf[c] >= q) return c;
        return cdf.Length - 1;
    }
}
