using System.Diagnostics;
using System.Globalization;
using Probabilistic.Inference;

namespace Probabilistic.Examples.Gallery;

/// <summary>
/// Two samplers on the same posterior, compared by their slowest-mixing parameter: min over the named columns of
/// the bulk ESS (Vehtari et al. 2021) per second of wall time, as Stan's benchmarks report min-ESS/s.
/// </summary>
public sealed record SamplerComparison(string FirstName, Posterior First, double FirstSeconds, string SecondName, Posterior Second, double SecondSeconds, IReadOnlyList<string> Parameters)
{
    /// <summary>Runs <paramref name="run"/> and returns its posterior with the wall seconds it took.</summary>
    public static (Posterior Posterior, double Seconds) Timed(Func<Posterior> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var sw = Stopwatch.StartNew();
        var p = run();
        return (p, sw.Elapsed.TotalSeconds);
    }

    /// <summary>The smallest bulk ESS over <see cref="Parameters"/> of a posterior.</summary>
    public double MinEss(Posterior posterior)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        var summary = posterior.Summary();
        return Parameters.Min(p => summary[p].EssBulk);
    }

    /// <summary>min-ESS/s of the first sampler.</summary>
    public double FirstRate => MinEss(First) / FirstSeconds;

    /// <summary>min-ESS/s of the second sampler.</summary>
    public double SecondRate => MinEss(Second) / SecondSeconds;

    /// <summary>One line: each sampler's min ESS, seconds and min-ESS/s, and their ratio.</summary>
    public override string ToString() => string.Format(CultureInfo.InvariantCulture,
        "min-ESS/s over ({0}): {1} {2:F0} ESS in {3:F1} s = {4:F1}/s; {5} {6:F0} ESS in {7:F1} s = {8:F1}/s; ratio {9:F1}",
        string.Join(", ", Parameters), FirstName, MinEss(First), FirstSeconds, FirstRate, SecondName, MinEss(Second), SecondSeconds, SecondRate, FirstRate / SecondRate);
}
