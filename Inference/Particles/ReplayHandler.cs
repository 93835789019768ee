using Probabilistic.Interpretation;
using Probabilistic.Syntax;

namespace Probabilistic.Inference.Particles;

/// <summary>
/// Re-runs a program from its start for a single-site MH move on a partial trace: the choice at
/// <paramref name="site"/> and choices the previous partial trace lacks are drawn from the prior, the others
/// keep their previous value (their change of log density goes to <see cref="KeptDelta"/>), and the run
/// suspends right after its <paramref name="stopAfter"/>-th score — where the particle it replays stood. With no
/// <paramref name="site"/> it replays every previous choice (Replay + Suspend): a moved partial trace's cursor.
/// </summary>
internal sealed class ReplayHandler(ChoiceTable previous, Address? site, int stopAfter, Rng rng) : Handler
{
    public double KeptDelta;
    public double LogLikelihood;
    public int Count;
    public ChoiceHistory? History;
    private int _scores;

    public override bool NeverSuspends => false;

    public override Choice? OnSample(ISampleNode node, Machine m)
    {
        var address = m.Resolve(node.Local);
        Choice c;
        if (!address.Equals(site) && previous.TryGetValue(address, out var p))
        {
            c = node.Reuse(address, p);
            KeptDelta += c.LogProb - p.LogProb;
        }
        else c = node.Draw(address, rng);
        History = new ChoiceHistory(c, History);
        Count++;
        return c;
    }

    public override bool OnScore(Real logWeight, Address? address, bool isObservation)
    {
        LogLikelihood += logWeight.Value;
        return ++_scores < stopAfter;
    }
}
