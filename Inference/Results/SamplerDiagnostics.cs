using System.Globalization;
using System.Text;

namespace Probabilistic.Inference;

/// <summary>
/// Hamiltonian Monte Carlo's own diagnostics, per chain and in total, as CmdStan's <c>diagnose</c> reports them: divergent
/// transitions, transitions that hit the maximum tree depth, the step size (the last draw's, the adapted one), and the
/// energy Bayesian fraction of missing information E-BFMI (Betancourt 2016, "Diagnosing suboptimal cotangent
/// disintegrations in Hamiltonian Monte Carlo", arXiv:1604.00695, eq. 8). Without per-draw statistics (samplers other
/// than HMC/NUTS) every count is 0, every per-chain list is empty and <see cref="HasStatistics"/> is false.
/// </summary>
public sealed class SamplerDiagnostics
{
    /// <summary>The E-BFMI below which Betancourt (2016) and CmdStan warn that the momentum resampling explores the energy poorly.</summary>
    public const double LowEnergyBfmi = 0.3;

    /// <summary>Computes the diagnostics from statistics [chain][draw] (null for none) and the maximum tree depth the chains ran with.</summary>
    /// <param name="statistics">The per-draw statistics [chain][draw], or null.</param>
    /// <param name="maxTreeDepth">The maximum tree depth the chains ran with.</param>
    /// <param name="compileFailure">Why the model's tape could not be compiled (<see cref="ModelDensity{T}.CompileFailure"/>), so that every gradient re-ran the model; null when it was compiled or not asked to be.</param>
    public SamplerDiagnostics(IReadOnlyList<IReadOnlyList<DrawStatistics>>? statistics, int maxTreeDepth, string? compileFailure = null)
    {
        CompileFailure = compileFailure;
        if (maxTreeDepth <= 0) throw new ArgumentOutOfRangeException(nameof(maxTreeDepth), maxTreeDepth, "SamplerDiagnostics: the maximum tree depth must be positive.");
        MaxTreeDepth = maxTreeDepth;
        int chains = statistics?.Count ?? 0;
        var divergences = new int[chains];
        var depthHits = new int[chains];
        var stepSizes = new double[chains];
        var bfmi = new double[chains];
        for (int c = 0; c < chains; c++)
        {
            var chain = statistics![c] ?? throw new ArgumentException($"SamplerDiagnostics: chain {c}'s statistics are null.", nameof(statistics));
            var energy = new double[chain.Count];
            for (int d = 0; d < chain.Count; d++)
            {
                if (chain[d].Divergent) divergences[c]++;
                if (chain[d].TreeDepth >= maxTreeDepth) depthHits[c]++;
                energy[d] = chain[d].Energy;
            }
            stepSizes[c] = chain.Count > 0 ? chain[^1].StepSize : double.NaN;
            bfmi[c] = EnergyBfmi(energy);
        }
        HasStatistics = statistics is not null;
        DivergencesPerChain = divergences;
        MaxTreeDepthHitsPerChain = depthHits;
        StepSizes = stepSizes;
        EnergyBfmiPerChain = bfmi;
        Transitions = statistics?.Sum(chain => chain.Count) ?? 0;
    }

    /// <summary>
    /// Why the model's tape could not be compiled (<see cref="ModelDensity{T}.Compiled"/>): the chains then re-ran the model
    /// for every gradient — the same draws, at the interpreter's cost. Null when the tape was compiled (or compilation was
    /// turned off). A model should never fall off the compiled path silently: this is also one of the <see cref="Warnings"/>.
    /// </summary>
    public string? CompileFailure { get; }

    /// <summary>True when the sampler recorded per-draw statistics.</summary>
    public bool HasStatistics { get; }

    /// <summary>The maximum tree depth the chains ran with.</summary>
    public int MaxTreeDepth { get; }

    /// <summary>Number of transitions (draws) over all chains.</summary>
    public int Transitions { get; }

    /// <summary>Divergent transitions over all chains.</summary>
    public int Divergences => DivergencesPerChain.Sum();

    /// <summary>Divergent transitions per chain.</summary>
    public IReadOnlyList<int> DivergencesPerChain { get; }

    /// <summary>Transitions that reached the maximum tree depth (<c>treedepth__</c> ≥ max depth) over all chains.</summary>
    public int MaxTreeDepthHits => MaxTreeDepthHitsPerChain.Sum();

    /// <summary>Transitions that reached the maximum tree depth, per chain.</summary>
    public IReadOnlyList<int> MaxTreeDepthHitsPerChain { get; }

    /// <summary>The step size of each chain's last draw (after warmup, the adapted step size).</summary>
    public IReadOnlyList<double> StepSizes { get; }

    /// <summary>E-BFMI per chain (see <see cref="EnergyBfmi"/>).</summary>
    public IReadOnlyList<double> EnergyBfmiPerChain { get; }

    /// <summary>
    /// The energy Bayesian fraction of missing information of one chain's energies E₁ … E_N (Betancourt 2016, eq. 8):
    /// Σₙ₌₂ᴺ (Eₙ − Eₙ₋₁)² / Σₙ₌₁ᴺ (Eₙ − Ē)². (ArviZ's <c>bfmi</c> divides means instead of sums, a factor N/(N − 1) larger.)
    /// NaN for fewer than two draws, constant energies, or a non-finite energy.
    /// </summary>
    public static double EnergyBfmi(IReadOnlyList<double> energy)
    {
        ArgumentNullException.ThrowIfNull(energy);
        if (energy.Count < 2) return double.NaN;
        double mean = energy.Average(), numerator = 0, denominator = 0;
        for (int n = 0; n < energy.Count; n++)
        {
            denominator += (energy[n] - mean) * (energy[n] - mean);
            if (n > 0) numerator += (energy[n] - energy[n - 1]) * (energy[n] - energy[n - 1]);
        }
        return denominator > 0 && double.IsFinite(denominator) ? numerator / denominator : double.NaN;
    }

    /// <summary>The problems worth a warning, in CmdStan's words: divergences, tree depth saturation, low E-BFMI; and a tape that could not be compiled.</summary>
    public IReadOnlyList<string> Warnings()
    {
        var warnings = new List<string>();
        if (CompileFailure is not null)
            warnings.Add($"The model's tape was not compiled, so every gradient re-ran the model (same results, slower): {CompileFailure}.");
        if (Divergences > 0)
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{Divergences} of {Transitions} ({100.0 * Divergences / Transitions:F2}%) transitions ended with a divergence."));
        if (MaxTreeDepthHits > 0)
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{MaxTreeDepthHits} of {Transitions} ({100.0 * MaxTreeDepthHits / Transitions:F2}%) transitions hit the maximum tree depth limit of {MaxTreeDepth}."));
        for (int c = 0; c < EnergyBfmiPerChain.Count; c++)
            if (EnergyBfmiPerChain[c] < LowEnergyBfmi)
                warnings.Add(string.Create(CultureInfo.InvariantCulture, $"Chain {c + 1}: E-BFMI = {EnergyBfmiPerChain[c]:F3}, below {LowEnergyBfmi}, which indicates that HMC may not have adequately explored the posterior."));
        return warnings;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        if (!HasStatistics)
            return CompileFailure is null ? "SamplerDiagnostics: no per-draw sampler statistics."
                : $"SamplerDiagnostics: no per-draw sampler statistics.\n  warning: {Warnings()[0]}";
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"SamplerDiagnostics: {Transitions} transitions, {Divergences} divergent, {MaxTreeDepthHits} at max tree depth {MaxTreeDepth}");
        for (int c = 0; c < StepSizes.Count; c++)
            sb.Append(CultureInfo.InvariantCulture, $"\n  chain {c + 1}: step size {StepSizes[c]:G4}, E-BFMI {EnergyBfmiPerChain[c]:F3}, divergences {DivergencesPerChain[c]}, max depth hits {MaxTreeDepthHitsPerChain[c]}");
        foreach (var w in Warnings()) sb.Append("\n  warning: ").Append(w);
        return sb.ToString();
    }
}
