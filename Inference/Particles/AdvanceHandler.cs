using Probabilistic.Interpretation;
using Probabilistic.Syntax;

namespace Probabilistic.Inference.Particles;

/// <summary>
/// Moves one particle: draws choices from the prior with its own stream, adds each score to its log
/// weight and, in sequential mode, suspends right after the score (monad-bayes' <c>Sequential</c>).
/// </summary>
internal sealed class AdvanceHandler(bool suspendAtScores) : Handler
{
    public readonly Rng Rng = new(0);
    public double LogWeight;

    public override bool NeverSuspends => !suspendAtScores;

    public override Rng? PriorRng => Rng;

    public override Choice? OnSample(ISampleNode node, Machine m) =>
        throw new InvalidOperationException("AdvanceHandler draws from the prior through PriorRng.");

    public override bool OnScore(Real logWeight, Address? address, bool isObservation)
    {
        LogWeight += logWeight.Value;
        return !suspendAtScores;
    }
}
