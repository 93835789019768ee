using Probabilistic.Interpretation;
using Probabilistic.Syntax;

namespace Probabilistic.Inference.Particles;

/// <summary>
/// Moves one particle: draws choices from the prior with its own stream, adds each score to its log
/// weight and, in sequential mode, suspends right after the score (monad-bayes' <c>Sequential</c>).
/// Two kinds of fixed choices extend the bootstrap step: <see cref="Constraints"/> take their given
/// value and add its log density to the weight (<c>Generate</c>'s semantics: PMMH's parameters), and
/// <see cref="Forced"/> choices take their given value and leave the weight alone (conditional SMC's
/// reference trajectory, which plays the role of a draw from the prior). When neither is set and
/// nothing is recorded, choices go through <see cref="PriorRng"/> with no address resolved.
/// </summary>
internal sealed class AdvanceHandler(bool suspendAtScores) : Handler
{
    public readonly Rng Rng = new(0);
    public double LogWeight;

    /// <summary>Σ of the scores passed, never reset by resampling (a partial trace's log likelihood).</summary>
    public double LogLikelihood;


    /// <summary>Constrained choices: the given value, its log density added to the weight.</summary>
    public ChoiceMap? Constraints;

    /// <summary>Number of constrained choices made.</summary>
    public int ConstraintsVisited;

    /// <summary>Forced choices: the given value, the weight unchanged.</summary>
    public ChoiceMap? Forced;

    /// <summary>When true, every choice is pushed onto <see cref="History"/>.</summary>
    public bool Records;

    /// <summary>The particle's choices so far, newest first.</summary>
    public ChoiceHistory? History;

    /// <summary>When set, prior draws come from it instead of <see cref="Rng"/> (finite supports only).</summary>
    public IFiniteRandomness? Randomness;

    /// <summary>
    /// What made this particle's weight 0 during the current run (set once, when a finite weight became 0;
    /// <see cref="ZeroWeightCause.None"/> otherwise): the score or constrained choice and its address.
    /// </summary>
    public ZeroWeightCause Cause;

    public override bool NeverSuspends => !suspendAtScores;

    public override Rng? PriorRng => Constraints is null && Forced is null && !Records && Randomness is null ? Rng : null;

    public override Choice? OnSample(ISampleNode node, Machine m)
    {
        var address = m.Resolve(node.Local);
        Choice c;
        if (Constraints is not null && Constraints.TryGetValue(address, out var v))
        {
            c = node.Score(address, v);
            if (double.IsNegativeInfinity(c.LogProb) && !double.IsNegativeInfinity(LogWeight)) Cause = new ZeroWeightCause(ZeroWeightSource.ConstrainedChoice, address);
            LogWeight += c.LogProb;
            ConstraintsVisited++;
        }
        else if (Forced is not null && Forced.TryGetValue(address, out var f)) c = node.Score(address, f);
        else c = Randomness is null ? node.Draw(address, Rng) : DrawFinite(node, address, Randomness);
        if (Records) History = new ChoiceHistory(c, History);
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
