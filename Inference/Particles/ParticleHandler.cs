using Probabilistic.Interpretation;
using Probabilistic.Syntax;

namespace Probabilistic.Inference.Particles;

/// <summary>
/// The handler a <see cref="Stepper"/> moves particles with: adds each score to the particle's log weight and log
/// likelihood and, in sequential mode, suspends right after it (monad-bayes' <c>Sequential</c>). What a choice does is
/// the stepper's (<see cref="Handler.OnSample"/>); <see cref="Draw"/> is a prior draw from the particle's stream (or the
/// scripted source) and <see cref="Recorded"/> pushes a choice onto the history when the stepper records.
/// </summary>
internal abstract class ParticleHandler(bool suspendAtScores, bool records, IFiniteRandomness? randomness) : Handler
{
    /// <summary>The particle's stream, reset before each particle's step.</summary>
    public readonly Rng Rng = new(0);

    /// <summary>The particle's log weight.</summary>
    public double LogWeight;

    /// <summary>Σ of the scores passed, never reset by resampling (a partial trace's log likelihood).</summary>
    public double LogLikelihood;

    /// <summary>The particle's choices so far, newest first (when the stepper records).</summary>
    public ChoiceHistory? History;

    /// <summary>A per-particle count the stepper keeps across steps (the constrained stepper's visited constraints).</summary>
    public int Tally;

    /// <summary>What made the weight 0 during this step (set once, when a finite weight became 0).</summary>
    public ZeroWeightCause Cause;

    /// <summary>Whether choices are pushed onto <see cref="History"/>.</summary>
    protected bool Records { get; } = records;

    /// <summary>The scripted source of prior draws, or null for the particle's stream.</summary>
    protected IFiniteRandomness? Randomness { get; } = randomness;

    public override bool NeverSuspends => !suspendAtScores;

    /// <summary>Loads particle state before its step; the stepper's <see cref="Begin"/> follows.</summary>
    public void Load(ulong seed, ulong stream, double logWeight, double logLikelihood, ChoiceHistory? history, int tally)
    {
        Rng.Reset(seed, stream);
        LogWeight = logWeight;
        LogLikelihood = logLikelihood;
        History = history;
        Tally = tally;
        Cause = ZeroWeightCause.None;
    }

    /// <summary>Before particle <paramref name="particle"/>'s step <paramref name="step"/>, after <see cref="Load"/>.</summary>
    public virtual void Begin(int particle, int step) { }

    /// <summary>After particle <paramref name="particle"/>'s step <paramref name="step"/>.</summary>
    public virtual void End(int particle, int step) { }

    /// <summary>A prior draw: from <see cref="Rng"/>, or through the scripted source (finite supports only).</summary>
    protected Choice Draw(ISampleNode node, Address address) =>
        Randomness is null ? node.Draw(address, Rng) : DrawFinite(node, address, Randomness);

    /// <summary><paramref name="choice"/>, pushed onto the history when recording.</summary>
    protected Choice Recorded(Choice choice)
    {
        if (Records) History = new ChoiceHistory(choice, History);
        return choice;
    }

    /// <summary>A choice that takes a given value and weighs the particle by its density (<c>Generate</c>'s semantics).</summary>
    protected Choice Weighed(ISampleNode node, Address address, object value)
    {
        var c = node.Score(address, value);
        if (double.IsNegativeInfinity(c.LogProb) && !double.IsNegativeInfinity(LogWeight)) Cause = new ZeroWeightCause(ZeroWeightSource.ConstrainedChoice, address);
        LogWeight += c.LogProb;
        return c;
    }

    /// <summary>A prior draw through <paramref name="randomness"/>: one of the support's values, with its probability.</summary>
    private static Choice DrawFinite(ISampleNode node, Address address, IFiniteRandomness randomness)
    {
        var support = node.FiniteSupport()
            ?? throw new NotSupportedException($"Population: the choice at '{address}' has an infinite support, which finite randomness cannot draw.");
        var choices = new Choice[support.Count];
        var probabilities = new double[support.Count];
        for (int k = 0; k < choices.Length; k++)
        {
            choices[k] = node.Score(address, support[k]);
            probabilities[k] = Math.Exp(choices[k].LogProb);
        }
        return choices[randomness.Choose(probabilities)];
    }

    public override bool OnScore(Real logWeight, Address? address, bool isObservation)
    {
        if (double.IsNegativeInfinity(logWeight.Value) && !double.IsNegativeInfinity(LogWeight))
            Cause = new ZeroWeightCause(isObservation ? ZeroWeightSource.Observation : ZeroWeightSource.Factor, address);
        LogWeight += logWeight.Value;
        LogLikelihood += logWeight.Value;
        return !suspendAtScores;
    }
}
