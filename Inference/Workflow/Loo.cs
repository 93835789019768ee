using Probabilistic.Inference.Diagnostics;

namespace Probabilistic.Inference.Workflow;

/// <summary>
/// Pareto-smoothed importance-sampling leave-one-out cross-validation (PSIS-LOO): Vehtari, Gelman and Gabry (2017),
/// "Practical Bayesian model evaluation using leave-one-out cross-validation and WAIC", Statistics and Computing 27;
/// Vehtari et al. (2024), "Pareto smoothed importance sampling", JMLR 25(72). For each observation i the ratios
/// 1/p(yᵢ | θ⁽ˢ⁾) are Pareto-smoothed (<see cref="ParetoSmoothing"/>) and elpd_loo,i = log Σₛ w̃ᵢₛ p(yᵢ | θ⁽ˢ⁾);
/// p_loo,i = lpdᵢ − elpd_loo,i with lpdᵢ the log mean likelihood; looic = −2 elpd_loo; each total's standard error is
/// √(n · var of its pointwise values). Matches R loo 2.5.1's <c>loo</c> to 1e-6 (the tests' fixtures).
/// </summary>
public static class Loo
{
    /// <summary>
    /// PSIS-LOO from a pointwise log-likelihood, with r_eff per observation from its chains
    /// (<see cref="RelativeEfficiency"/>) unless <paramref name="relativeEfficiency"/> is given (1 for independent draws).
    /// </summary>
    public static LooResult Compute(PointwiseLogLikelihood logLikelihood, IReadOnlyList<double>? relativeEfficiency = null)
    {
        ArgumentNullException.ThrowIfNull(logLikelihood);
        int n = logLikelihood.Count;
        double[] rEff;
        if (relativeEfficiency is null)
            rEff = Enumerable.Range(0, n).Select(i => RelativeEfficiency.Of(logLikelihood.ChainsOf(i))).ToArray();
        else
        {
            if (relativeEfficiency.Count != n)
                throw new ArgumentException($"Loo: {relativeEfficiency.Count} relative efficiencies for {n} observations.", nameof(relativeEfficiency));
            rEff = relativeEfficiency.ToArray();
        }
        return Compute(logLikelihood.Matrix(), rEff, logLikelihood.Observations);
    }

    /// <summary>
    /// PSIS-LOO from a log-likelihood matrix [draw][observation] (R loo's layout) and r_eff per observation (all 1 when
    /// null: independent draws).
    /// </summary>
    public static LooResult Compute(double[][] logLikelihood, IReadOnlyList<double>? relativeEfficiency = null, IReadOnlyList<string>? observations = null)
    {
        var (s, n) = Shape(logLikelihood, nameof(Loo));
        var rEff = relativeEfficiency?.ToArray() ?? Enumerable.Repeat(1.0, n).ToArray();
        if (rEff.Length != n) throw new ArgumentException($"Loo: {rEff.Length} relative efficiencies for {n} observations.", nameof(relativeEfficiency));
        var names = Names(observations, n, nameof(Loo));
        var elpd = new double[n];
        var pLoo = new double[n];
        var k = new double[n];
        var weights = new double[n][];
        for (int i = 0; i < n; i++)
        {
            var ll = new double[s];
            for (int d = 0; d < s; d++) ll[d] = logLikelihood[d][i];
            var psis = ParetoSmoothing.Smooth(ll.Select(x => -x).ToArray(), rEff[i]);
            var lw = psis.NormalizedLogWeights();
            elpd[i] = LogSumExp(ll.Select((x, d) => x + lw[d]));
            pLoo[i] = LogSumExp(ll) - Math.Log(s) - elpd[i];
            k[i] = psis.ParetoK;
            weights[i] = lw;
        }
        return new LooResult(names, elpd, pLoo, k, rEff, s, weights);
    }

    /// <summary>
    /// LOO-PIT values (Gelman et al., BDA3, section 6.3; Gabry et al. 2019, "Visualization in Bayesian workflow", JRSS A):
    /// for each scalar observation, Σₛ w̃ᵢₛ 1(ỹᵢ⁽ˢ⁾ ≤ yᵢ) with the PSIS-LOO weights of <paramref name="loo"/> and the
    /// posterior predictive replicates <paramref name="replicates"/> made from the same draws in the same order (one
    /// replicate per posterior draw: <c>Infer.Predictive(model, posterior)</c>). For a calibrated model of continuous
    /// data they are uniform on (0, 1).
    /// </summary>
    public static double[] Pit(LooResult loo, PredictiveSample replicates)
    {
        ArgumentNullException.ThrowIfNull(loo);
        ArgumentNullException.ThrowIfNull(replicates);
        if (replicates.Count != loo.Draws)
            throw new ArgumentException($"Loo.Pit: {replicates.Count} replicates but the LOO weights are over {loo.Draws} draws; make one replicate per posterior draw.", nameof(replicates));
        var pit = new double[loo.Observations.Count];
        for (int i = 0; i < pit.Length; i++)
        {
            string name = loo.Observations[i];
            var y = replicates.Values(name);
            double observed = replicates.Observed(name);
            var lw = loo.LogWeights(i);
            double total = 0;
            for (int d = 0; d < y.Length; d++)
                if (y[d] <= observed) total += Math.Exp(lw[d]);
            pit[i] = Math.Min(1, total);
        }
        return pit;
    }

    internal static (int Draws, int Observations) Shape(double[][] logLikelihood, string caller)
    {
        ArgumentNullException.ThrowIfNull(logLikelihood);
        int s = logLikelihood.Length;
        if (s < 2) throw new ArgumentException($"{caller}: {s} draws; at least 2 are needed.", nameof(logLikelihood));
        int n = logLikelihood[0]?.Length ?? 0;
        if (n == 0) throw new ArgumentException($"{caller}: there are no observations.", nameof(logLikelihood));
        for (int d = 0; d < s; d++)
        {
            if (logLikelihood[d] is null || logLikelihood[d].Length != n)
                throw new ArgumentException($"{caller}: draw {d} has {logLikelihood[d]?.Length ?? 0} values but draw 0 has {n}.", nameof(logLikelihood));
            for (int i = 0; i < n; i++)
                if (double.IsNaN(logLikelihood[d][i]) || double.IsPositiveInfinity(logLikelihood[d][i]))
                    throw new ArgumentException($"{caller}: the log-likelihood of observation {i} at draw {d} is {logLikelihood[d][i]}.", nameof(logLikelihood));
        }
        return (s, n);
    }

    internal static string[] Names(IReadOnlyList<string>? observations, int n, string caller)
    {
        if (observations is null) return Enumerable.Range(0, n).Select(i => $"#{i}").ToArray();
        if (observations.Count != n) throw new ArgumentException($"{caller}: {observations.Count} observation names for {n} observations.", nameof(observations));
        return observations.ToArray();
    }

    internal static double LogSumExp(IEnumerable<double> values)
    {
        var x = values as double[] ?? values.ToArray();
        double max = x.Max();
        if (double.IsNegativeInfinity(max)) return max;
        double sum = 0;
        foreach (var v in x) sum += Math.Exp(v - max);
        return max + Math.Log(sum);
    }
}
