using Probabilistic.Interpretation;
using Probabilistic.Syntax;

namespace Probabilistic.Inference.Particles;

/// <summary>
/// Rebuilds one checkpointed particle: runs the model from its start taking, at its j-th choice, the j-th recorded
/// choice of the particle's path in <c>graph</c> (oldest first), checking that the model visits the recorded
/// address, and suspends right after its <c>stopAfter</c>-th score (where the particle stood). History nodes
/// are rebuilt once and shared through <c>rebuilt</c>, as resampling shared them. Nothing is drawn.
/// </summary>
internal sealed class ChoiceReplayHandler : Handler
{
    private readonly ChoiceGraph _graph;
    private readonly int[] _path;
    private readonly ChoiceHistory?[] _rebuilt;
    private readonly int _stopAfter;
    private readonly int _particle;
    private int _next;
    private int _scores;

    public ChoiceReplayHandler(ChoiceGraph graph, int head, ChoiceHistory?[] rebuilt, int stopAfter, int particle)
    {
        _graph = graph;
        _rebuilt = rebuilt;
        _stopAfter = stopAfter;
        _particle = particle;
        var path = new List<int>();
        for (int k = head; k >= 0; k = graph.Parents[k]) path.Add(k);
        path.Reverse();
        _path = [.. path];
    }

    /// <summary>The particle's rebuilt history (newest first).</summary>
    public ChoiceHistory? History { get; private set; }

    public override bool NeverSuspends => false;

    public override Choice? OnSample(ISampleNode node, Machine m)
    {
        var address = m.Resolve(node.Local);
        if (_next >= _path.Length)
            throw new ArgumentException($"SmcCheckpoint: particle {_particle} made {_path.Length} choices, but the model replayed with them makes another at '{address}'; the checkpoint is from another model or other data.", "checkpoint");
        int k = _path[_next++];
        string recorded = _graph.Addresses[_graph.AddressIndices[k]];
        if (_rebuilt[k] is { } shared)
        {
            if (!shared.Head.Address.Equals(address)) throw Mismatch(address, recorded);
            History = shared;
            return shared.Head;
        }
        if (address.ToString() != recorded) throw Mismatch(address, recorded);
        var choice = node.Score(address, _graph.Values[k]);
        History = _rebuilt[k] = new ChoiceHistory(choice, History);
        return choice;
    }

    public override bool OnScore(Real logWeight, Address? address, bool isObservation) => ++_scores < _stopAfter;

    /// <summary>Throws unless the replay used every recorded choice.</summary>
    public void CheckAllUsed()
    {
        if (_next != _path.Length)
            throw new ArgumentException($"SmcCheckpoint: particle {_particle} made {_path.Length} choices, but the model replayed with them made {_next} before where the particle stood; the checkpoint is from another model or other data.", "checkpoint");
    }

    private ArgumentException Mismatch(Address address, string recorded) =>
        new($"SmcCheckpoint: particle {_particle}'s choice {_next} was at '{recorded}', but the model replayed with its choices visits '{address}' there; the checkpoint is from another model or other data.", "checkpoint");
}
