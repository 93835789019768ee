using Probabilistic.Inference.Particles;
using Probabilistic.Inference.Traced;

namespace Probabilistic.Inference;

public static partial class Infer
{
    /// <summary>
    /// SMC² (Chopin, Jacob &amp; Papaspiliopoulos, "SMC²: an efficient algorithm for sequential analysis of state space
    /// models", JRSS B 2013; monad-bayes' <c>smc2</c>): a weighted population of N_θ parameter particles θ — the choices
    /// <paramref name="selection"/> picks, drawn from their prior — each carrying an inner filter over the rest of the model
    /// with θ constrained (<see cref="Stepper.Constrained"/>). At each observation every inner filter takes one
    /// <c>Sequentially</c> step and its parameter particle is reweighted by the inner filter's incremental evidence
    /// p̂(y_t | y_{1:t−1}, θ); when the parameter ESS falls below the threshold the parameter particles are resampled (each
    /// copy continues with its own random streams) and moved by PMMH with prior proposals targeting p(θ | y_{1:t}): a fresh
    /// inner filter for θ' run to step t, accepted with p̂(y_{1:t} | θ') / p̂(y_{1:t} | θ). Returns the weighted parameters
    /// with a return value drawn from each inner filter, and the estimate of the log evidence. A model with a compiled twin
    /// (<see cref="Compilation.CompiledAttribute"/>) runs its inner filters on the twin's particle program with θ given (the
    /// same result for the same seed) unless <see cref="ParticleOptions.Interpreted"/> is set.
    /// </summary>
    public static WeightedSample<(ChoiceMap Parameters, T Value)> Smc2<T>(Model<T> model, Selection selection, Smc2Options? options = null,
        IProgress<SmcProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(selection);
        var o = OptionRules.Checked(options);
        model = PseudoMarginal.AsRun(model, o);
        var rng = new Rng(o.Seed);
        int n = o.ParameterParticles, step = 0;
        const string inner = "Smc2 (inner filter)";
        // θ-particle i: θ, log p(θ) and its inner filter, whose evidence estimates p(θ, y_{1:t}); its weight p̂(y_{1:t} | θ) starts at −log p(θ).
        var particles = new (ChoiceMap Theta, double LogPrior, IParticleFilter<T> Filter)[n];
        var logWeights = new double[n];
        for (int i = 0; i < n; i++)
        {
            var (t, logPrior) = PseudoMarginal.PriorParameters(model, selection, rng, "Smc2");
            (particles[i], logWeights[i]) = ((t, logPrior, PseudoMarginal.Filter(model, t, o, rng, inner)), -logPrior);
        }
        double pushed = 0;
        while (!Array.TrueForAll(particles, p => p.Filter.AllFinished))
        {
            cancellationToken.ThrowIfCancellationRequested();
            step++;
            for (int i = 0; i < n; i++)
            {
                double before = particles[i].Filter.LogEvidence;
                logWeights[i] = particles[i].Filter.TrySequentially(o.Resampler, o.EssThreshold, steps: 1) ? logWeights[i] + particles[i].Filter.LogEvidence - before : double.NegativeInfinity;
            }
            double lme = LogWeightStatistics.LogMeanExp(logWeights), ess = LogWeightStatistics.EffectiveSampleSize(logWeights);
            if (double.IsNegativeInfinity(lme))
                throw new ModelException($"Smc2: every parameter particle has weight 0 after step {step}: no parameter drawn can explain the observations.");
            bool resample = (o.EssThreshold >= 1 || ess < o.EssThreshold * n) && !Array.TrueForAll(particles, p => p.Filter.AllFinished);
            if (resample)
            {
                pushed += lme;
                var ancestors = new int[n];
                o.Resampler.Resample(Array.ConvertAll(logWeights, lw => Math.Exp(lw - lme)), ancestors, rng);
                particles = Array.ConvertAll(ancestors, a => particles[a] with { Filter = particles[a].Filter.Clone(rng.NextULong()) });
                Array.Clear(logWeights);
                for (int k = 0; k < n; k++)
                    for (int m = 0; m < o.MoveSteps; m++)
                    {
                        var (proposed, proposedPrior) = PseudoMarginal.PriorParameters(model, selection, rng, "Smc2");
                        var filter = PseudoMarginal.Filter(model, proposed, o, rng, inner);
                        if (!filter.TrySequentially(o.Resampler, o.EssThreshold, steps: step)) continue;
                        if (MarkovChain.Accept(filter.LogEvidence - proposedPrior - (particles[k].Filter.LogEvidence - particles[k].LogPrior), rng, "Smc2", "two evidence estimates of probability 0?"))
                            particles[k] = (proposed, proposedPrior, filter);
                    }
            }
            progress?.Report(new SmcProgress(step, ess, pushed + LogWeightStatistics.LogMeanExp(logWeights), resample));
        }
        var values = new (ChoiceMap, T)[n];
        for (int i = 0; i < n; i++)
            values[i] = (particles[i].Theta, double.IsNegativeInfinity(logWeights[i]) ? default! : particles[i].Filter.Value(particles[i].Filter.Draw(rng)));
        return new WeightedSample<(ChoiceMap, T)>(values, logWeights, pushed + LogWeightStatistics.LogMeanExp(logWeights));
    }
}
