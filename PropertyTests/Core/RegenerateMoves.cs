using Probabilistic.PropertyTests.Programs;
using Xunit.Sdk;

namespace Probabilistic.PropertyTests.Core;

/// <summary>
/// Runs the library's <c>Regenerate(t, S)</c> from one execution t and checks each move t → t' it makes
/// against the reference evaluator, which lists every t' that the proposal q(· | t) can make (a choice of
/// t outside S keeps its value; every other choice of t' is drawn from its prior) with q(t' | t). For each
/// move it checks that t' is one of those, that its log joint and return value are right, and that the
/// weight is w = log p(t') + log q(t | t') − log p(t) − log q(t' | t), where q(t | t') is the product of
/// the prior probabilities in t of the choices of t that are in S or absent from t'.
/// </summary>
public sealed class RegenerateMoves
{
    private readonly Model<int> _model;
    private readonly Execution _current;
    private readonly Trace<int> _trace;
    private readonly SelectionSpec _selection;
    private readonly Selection _librarySelection;
    private readonly ulong _seed;
    private ulong _stream;

    public RegenerateMoves(ProgramSpec program, Model<int> model, Execution current, SelectionSpec selection, ulong stream)
    {
        _model = model;
        _current = current;
        _selection = selection;
        _librarySelection = selection.ToLibrary();
        _seed = program.Seed;
        _stream = stream;
        _trace = model.Generate(ChoiceKey.ToChoiceMap(current), new Rng(_seed, _stream++)).Trace;
        Proposals = ReferenceEvaluator.RegenerateProposals(program, current, selection.Contains).ToDictionary(e => e.Key);
    }

    /// <summary>Every t' that q(· | t) proposes with positive probability, by key; LogProposal is log q(t' | t).</summary>
    public IReadOnlyDictionary<string, Execution> Proposals { get; }

    /// <summary>The library's weight for each t' seen so far, by key.</summary>
    public Dictionary<string, double> Weights { get; } = [];

    /// <summary>Runs Regenerate once with a fresh stream and checks the move.</summary>
    public void Draw()
    {
        var (next, w) = _model.Regenerate(_trace, _librarySelection, new Rng(_seed, _stream++));
        string key = ChoiceKey.Of(next.Choices);
        if (Weights.TryGetValue(key, out double earlier))
        {
            // Checked in full the first time; the weight is a function of (t, t', S).
            if (!earlier.Equals(w)) throw new XunitException($"{Move(key)}: weight {w:R} differs from {earlier:R} for the same move.");
            return;
        }
        string move = Move(key);
        if (!Proposals.TryGetValue(key, out var proposed))
            throw new XunitException($"{move}: q gives this execution probability 0.");
        Tolerance.AssertClose(proposed.LogJoint, next.LogJoint, $"{move}: log joint");
        if (proposed.ReturnValue != next.ReturnValue)
            throw new XunitException($"{move}: returned {next.ReturnValue}, expected {proposed.ReturnValue}.");
        Tolerance.AssertClose(ExpectedWeight(proposed), w, $"{move}: weight");
        Weights[key] = w;
    }

    private string Move(string key) => $"Regenerate from {_current.Key} with selection {_selection} to {key}";

    /// <summary>log p(t') + log q(t | t') − log p(t) − log q(t' | t), from the reference evaluator's numbers only.</summary>
    public double ExpectedWeight(Execution proposed)
    {
        var addresses = proposed.ByAddress;
        double logReverse = _current.Choices
            .Where(c => _selection.Contains(c.Address) || !addresses.ContainsKey(c.Address))
            .Sum(c => c.LogProb);
        return proposed.LogJoint - proposed.LogProposal + (logReverse - _current.LogJoint);
    }
}
