using Probabilistic.Inference.Particles;

namespace Probabilistic.Inference;

/// <summary>Options of <see cref="Infer.Smc2{T}"/>.</summary>
public sealed record Smc2Options
{
    /// <summary>Number of parameter particles N_θ.</summary>
    public int ParameterParticles { get; init; } = 100;

    /// <summary>Number of state particles N_x in each parameter particle's filter.</summary>
    public int Particles { get; init; } = 100;

    /// <summary>The resampling scheme, for both levels.</summary>
    public Resampler Resampler { get; init; } = Resampler.Systematic;

    /// <summary>Resample (and rejuvenate) the parameter particles when their ESS falls below this fraction of N_θ; also the inner filters' threshold.</summary>
    public double EssThreshold { get; init; } = 0.5;

    /// <summary>PMMH moves per parameter particle after each parameter resampling.</summary>
    public int MoveSteps { get; init; } = 1;

    /// <summary>The seed.</summary>
    public ulong Seed { get; init; } = 1;
}

public static partial class Infer
{
    /// <summary>
    /// SMC² (Chopin, Jacob &amp; Papaspiliopoulos, "SMC²: an efficient algorithm for sequential analysis of
    /// state space models", JRSS B 2013; monad-bayes' <c>smc2</c>): N_θ parameter particles θ — the choices
    /// <paramref name="selection"/> picks, drawn from their prior — each carrying an SMC over the rest of the
    /// model with θ fixed. At each observation every inner filter advances one step and its parameter particle
    /// is reweighted by the inner filter's incremental evidence p̂(y_t | y_{1:t−1}, θ); when the parameter ESS
    /// falls below the threshold the parameter particles are resampled (each copy continues with its own
    /// random streams) and moved by PMMH with prior proposals targeting p(θ | y_{1:t}): a fresh inner SMC for
    /// θ' up to step t, accepted with p̂(y_{1:t} | θ') / p̂(y_{1:t} | θ). Returns the weighted parameters with a
    /// return value drawn from each inner filter, and the estimate of the log evidence.
    /// </summary>
    public static WeightedSample<(ChoiceMap Parameters, T Value)> Smc2<T>(Model<T> model, Selection selection, Smc2Options? options = null,
        IProgress<SmcProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(selection);
        var o = options ?? new Smc2Options();
        OptionRules.AtLeast("Smc2", nameof(o.ParameterParticles), o.ParameterParticles);
        OptionRules.AtLeast("Smc2", nameof(o.Particles), o.Particles);
        OptionRules.AtLeast("Smc2", nameof(o.MoveSteps), o.MoveSteps, 0);
        OptionRules.Resampler("Smc2", o.Resampler);
        OptionRules.EssThreshold("Smc2", o.EssThreshold);
        var rng = new Rng(o.Seed);
        int n = o.ParameterParticles, step = 0;

        // θ-particle i: its parameters, their log prior density, and its inner filter (whose evidence includes p(θ)).
        var theta = new ChoiceMap[n];
        var logPrior = new double[n];
        var inner = new Population<T>[n];
        var logWeights = new double[n];
        double pushed = 0;
        for (int i = 0; i < n; i++)
        {
            (theta[i], logPrior[i]) = PriorParameters(model, selection, rng, "Smc2");
            inner[i] = InnerFilter(model, theta[i], o, rng.NextULong());
            // θ was drawn from its prior, and the inner evidence will include p(θ): start at −log p(θ), so the
            // weight is p̂(y_{1:t} | θ).
            logWeights[i] = -logPrior[i];
        }

        while (!Array.TrueForAll(inner, p => p.AllFinished))
        {
            cancellationToken.ThrowIfCancellationRequested();
            step++;
            for (int i = 0; i < n; i++)
            {
                double before = inner[i].LogEvidence;
                if (!Advance(inner[i], o)) logWeights[i] = double.NegativeInfinity;
                else logWeights[i] += inner[i].LogEvidence - before;
            }
            double lme = LogWeightStatistics.LogMeanExp(logWeights);
            if (double.IsNegativeInfinity(lme))
                throw new ModelException($"Smc2: every parameter particle has weight 0 after step {step}: no parameter drawn can explain the observations.");
            double ess = LogWeightStatistics.EffectiveSampleSize(logWeights);
            bool resample = (o.EssThreshold >= 1 || ess < o.EssThreshold * n) && !Array.TrueForAll(inner, p => p.AllFinished);
            if (resample)
            {
                // Push the evidence, resample the θ-particles, then rejuvenate each with PMMH moves.
                pushed += lme;
                var weights = logWeights.Select(lw => Math.Exp(lw - lme)).ToArray();
                var ancestors = new int[n];
                o.Resampler.Resample(weights, ancestors, rng);
                var (t2, p2, f2) = (new ChoiceMap[n], new double[n], new Population<T>[n]);
                for (int k = 0; k < n; k++)
                    (t2[k], p2[k], f2[k]) = (theta[ancestors[k]], logPrior[ancestors[k]], inner[ancestors[k]].Clone(rng.NextULong()));
                (theta, logPrior, inner) = (t2, p2, f2);
                Array.Clear(logWeights);
                for (int k = 0; k < n; k++)
                    for (int m = 0; m < o.MoveSteps; m++)
                    {
                        var (proposed, proposedPrior) = PriorParameters(model, selection, rng, "Smc2");
                        var filter = InnerFilter(model, proposed, o, rng.NextULong());
                        bool ok = true;
                        for (int s = 0; s < step && ok; s++) ok = Advance(filter, o);
                        if (!ok) continue;
                        double logAlpha = (filter.LogEvidence - proposedPrior) - (inner[k].LogEvidence - logPrior[k]);
                        if (logAlpha >= 0 || Math.Log(rng.NextOpenDouble()) < logAlpha)
                            (theta[k], logPrior[k], inner[k]) = (proposed, proposedPrior, filter);
                    }
            }
            progress?.Report(new SmcProgress(step, ess, pushed + LogWeightStatistics.LogMeanExp(logWeights), resample));
        }

        var values = new (ChoiceMap, T)[n];
        for (int i = 0; i < n; i++)
            values[i] = (theta[i], double.IsNegativeInfinity(logWeights[i]) ? default! : inner[i].Value(inner[i].Draw(rng)));
        return new WeightedSample<(ChoiceMap, T)>(values, logWeights, pushed + LogWeightStatistics.LogMeanExp(logWeights));
    }

    /// <summary>An inner filter with θ fixed (its evidence estimates p(θ, y_{1:t})).</summary>
    private static Population<T> InnerFilter<T>(Model<T> model, ChoiceMap theta, Smc2Options o, ulong seed)
    {
        var p = Population<T>.Spawn(model, o.Particles, seed).Constrain(theta);
        p.MaxDegreeOfParallelism = 1;
        p.Algorithm = "Smc2 (inner filter)";
        return p;
    }

    /// <summary>One step of an inner filter; false when all its particles have weight 0.</summary>
    private static bool Advance<T>(Population<T> p, Smc2Options o)
    {
        if (p.AllFinished) return true;
        p.Advance();
        if (double.IsNegativeInfinity(p.LogEvidence)) return false;
        if (!p.AllFinished) p.ResampleIfDegenerate(o.Resampler, o.EssThreshold);
        return true;
    }
}
