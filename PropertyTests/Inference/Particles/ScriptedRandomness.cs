using Probabilistic.Inference.Particles;

namespace Probabilistic.PropertyTests.Inference.Particles;

/// <summary>
/// Finite randomness that answers from a script: the k-th draw takes the <c>prefix[k]</c>-th outcome of positive
/// probability, and every draw past the prefix takes the first. It records, for each draw, the outcome taken and
/// how many there were, and the probability of the whole sequence, so that <see cref="OutcomeEnumeration"/> can
/// replay every other branch.
/// </summary>
public sealed class ScriptedRandomness(IReadOnlyList<int> prefix) : IFiniteRandomness
{
    /// <summary>For each draw so far, the position (among the outcomes of positive probability) taken.</summary>
    public List<int> Taken { get; } = [];

    /// <summary>For each draw so far, the number of outcomes of positive probability.</summary>
    public List<int> Alternatives { get; } = [];

    /// <summary>The probability of the draws so far.</summary>
    public double Probability { get; private set; } = 1;

    int IFiniteRandomness.Choose(ReadOnlySpan<double> probabilities)
    {
        var positive = new List<int>(probabilities.Length);
        for (int k = 0; k < probabilities.Length; k++)
            if (probabilities[k] > 0) positive.Add(k);
        if (positive.Count == 0) throw new InvalidOperationException("ScriptedRandomness: a draw has no outcome of positive probability.");
        int position = Taken.Count < prefix.Count ? prefix[Taken.Count] : 0;
        if (position >= positive.Count) throw new InvalidOperationException($"ScriptedRandomness: draw {Taken.Count} has {positive.Count} outcomes on replay, not more than {position} (the algorithm is not deterministic given its draws).");
        Taken.Add(position);
        Alternatives.Add(positive.Count);
        Probability *= probabilities[positive[position]];
        return positive[position];
    }
}
