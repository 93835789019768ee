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
    /// inner filter for θ' run to step t, accepted with p̂(y_{1:t} | θ') / p̂(y_{1:t} | θ), particle k's moves drawn from
    /// stream k of one seed (<see cref="Smc2Particle{T}.Move"/>). Returns the weighted parameters
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
        // θ-particle i: θ, log p(θ) and its inner filter, whose evidence estimates p(θ, y_{1:t}); its weight p̂(y_{1:t} | θ) starts at −log p(θ).
        var particles = new Smc2Particle<T>[n];
        var logWeights = new double[n];
        for (int i = 0; i < n; i++)
        {
            particles[i] = Smc2Particle<T>.Born(model, selection, o, rng);
            logWeights[i] = -particles[i].LogPrior;
        }
        double pushed = 0;
        while (!Array.TrueForAll(particles, p => p.Filter.AllFinished))
        {
            cancellationToken.ThrowIfCancellationRequested();
            step++;
            for (int i = 0; i < n; i++) logWeights[i] = particles[i].Step(o, logWeights[i]);
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
                // Each particle's moves draw from its own stream of one seed, so they can run in parallel (on a cluster's θ-blocks).
                ulong moveSeed = rng.NextULong();
                for (int k = 0; k < n; k++) particles[k] = particles[k].Move(model, selection, o, step, new Rng(moveSeed, (ulong)k));
            }
            progress?.Report(new SmcProgress(step, ess, pushed + LogWeightStatistics.LogMeanExp(logWeights), resample));
        }
        var values = new (ChoiceMap, T)[n];
        for (int i = 0; i < n; i++)
            values[i] = (particles[i].Theta, double.IsNegativeInfinity(logWeights[i]) ? default! : particles[i].Filter.Value(particles[i].Filter.Draw(rng)));
        return new WeightedSample<(ChoiceMap, T)>(values, logWeights, pushed + LogWeightStatistics.LogMeanExp(logWeights));
    }
}
