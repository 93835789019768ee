using Probabilistic.Inference.Particles;
using Probabilistic.Inference.Traced;

namespace Probabilistic.Inference;

/// <summary>
/// One parameter particle of SMC² (Chopin, Jacob &amp; Papaspiliopoulos 2013): θ, log p(θ), its inner filter with θ
/// constrained, and <see cref="Birth"/>, the state of the generator θ and the filter's seed were drawn from. Its
/// operations are those of <c>Infer.Smc2</c>, shared with a cluster's θ-block grains so both give the same run: a
/// particle is a function of its birth state and the steps and clones it went through (<see cref="Smc2Lineage"/>).
/// </summary>
internal readonly record struct Smc2Particle<T>(ChoiceMap Theta, double LogPrior, IParticleFilter<T> Filter, RngState Birth)
{
    /// <summary>What SMC² names its inner filters in errors.</summary>
    public const string Inner = "Smc2 (inner filter)";

    /// <summary>θ ~ p(θ) and a fresh inner filter, both drawn from <paramref name="rng"/> (whose state before is the birth state).</summary>
    public static Smc2Particle<T> Born(Model<T> model, Selection selection, Smc2Options options, Rng rng)
    {
        var birth = rng.State;
        var (theta, logPrior) = PseudoMarginal.PriorParameters(model, selection, rng, "Smc2");
        return new(theta, logPrior, PseudoMarginal.Filter(model, theta, options, rng, Inner), birth);
    }

    /// <summary>
    /// One observation step of the inner filter: the parameter particle's new log weight, <paramref name="logWeight"/> plus
    /// the filter's incremental evidence log p̂(y_t | y_{1:t−1}, θ), or −∞ when every inner particle died.
    /// </summary>
    public double Step(Smc2Options options, double logWeight)
    {
        double before = Filter.LogEvidence;
        return Filter.TrySequentially(options.Resampler, options.EssThreshold, steps: 1) ? logWeight + Filter.LogEvidence - before : double.NegativeInfinity;
    }

    /// <summary>
    /// The PMMH rejuvenation of one resampled particle at step <paramref name="step"/> (ibid., §3.2): <see cref="Smc2Options.MoveSteps"/>
    /// prior proposals θ' with a fresh inner filter run to step <paramref name="step"/>, each accepted with
    /// p̂(y_{1:t} | θ') / p̂(y_{1:t} | θ), all drawn from the particle's own <paramref name="rng"/> (so the moves of different
    /// particles can run anywhere, in any order).
    /// </summary>
    public Smc2Particle<T> Move(Model<T> model, Selection selection, Smc2Options options, int step, Rng rng)
    {
        var particle = this;
        for (int m = 0; m < options.MoveSteps; m++)
        {
            var proposed = Born(model, selection, options, rng);
            if (!proposed.Filter.TrySequentially(options.Resampler, options.EssThreshold, steps: step)) continue;
            if (MarkovChain.Accept(proposed.Filter.LogEvidence - proposed.LogPrior - (particle.Filter.LogEvidence - particle.LogPrior), rng, "Smc2", "two evidence estimates of probability 0?"))
                particle = proposed;
        }
        return particle;
    }
}

/// <summary>
/// How to rebuild a parameter particle anywhere: its birth state (θ and the filter's seed), the step it was born at (a
/// move's proposal runs to it at once), and the clones it went through (the step after which it was cloned, and the new
/// seed). <see cref="Replay{T}"/> makes the same calls in the same order, so the filter is the original bit for bit.
/// </summary>
internal sealed record Smc2Lineage(RngState Birth, int BornAt, IReadOnlyList<(int Step, ulong Seed)> Clones)
{
    /// <summary>This lineage cloned after step <paramref name="step"/> with <paramref name="seed"/>.</summary>
    public Smc2Lineage ClonedAt(int step, ulong seed) => this with { Clones = [.. Clones, (step, seed)] };

    /// <summary>The particle this lineage describes, advanced to step <paramref name="step"/>.</summary>
    public Smc2Particle<T> Replay<T>(Model<T> model, Selection selection, Smc2Options options, int step)
    {
        var particle = Smc2Particle<T>.Born(model, selection, options, Rng.FromState(Birth));
        if (BornAt > 0) particle.Filter.TrySequentially(options.Resampler, options.EssThreshold, steps: BornAt);
        int at = BornAt, next = 0;
        while (true)
        {
            while (next < Clones.Count && Clones[next].Step == at)
                particle = particle with { Filter = particle.Filter.Clone(Clones[next++].Seed) };
            if (at == step) return particle;
            particle.Step(options, 0);
            at++;
        }
    }
}
