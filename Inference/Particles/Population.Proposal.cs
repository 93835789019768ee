namespace Probabilistic.Inference.Particles;

public sealed partial class Population<T>
{
    private Func<ChoiceMap, int, Rng, (ChoiceMap Choices, double LogQ)>? _proposal;

    /// <summary>
    /// Proposes each particle's choices step by step with a user model instead of the prior (the guided
    /// particle filter; Doucet, de Freitas &amp; Gordon, <i>Sequential Monte Carlo Methods in Practice</i>, 2001,
    /// §1.3; Gen's particle filter with a custom proposal). Before step k a particle runs
    /// <paramref name="proposal"/>(its choices so far, k); the proposal's choices σ (log density log q) fix the
    /// values of those addresses in the segment up to the particle's next observation, and the particle's weight
    /// gains log p(σ) − log q(σ) besides the observation's score; choices σ leaves out come from the prior.
    /// A proposed address the segment does not visit is a <see cref="ModelException"/> naming it. The history is
    /// rebuilt for each call (O(t) per step). Implies <see cref="RecordChoices"/>. Only before the first step;
    /// not with <see cref="Constrain"/> or <see cref="Condition"/>.
    /// </summary>
    public Population<T> Propose<TProposal>(Func<ChoiceMap, int, Model<TProposal>> proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        RequireFresh(nameof(Propose));
        if (_constraints is not null || _reference is not null)
            throw new InvalidOperationException("Population.Propose: a population with constraints or a reference trajectory cannot also use a proposal.");
        _proposal = (history, step, rng) =>
        {
            var q = (proposal(history, step) ?? throw new ModelException($"Population.Propose: the proposal returned null at step {step}.")).Simulate(rng);
            return (q.Choices, q.LogJoint);
        };
        return RecordChoices();
    }

    /// <summary>Before particle <paramref name="i"/>'s step: draws its proposal, fixes those choices and subtracts log q.</summary>
    private ChoiceMap? ApplyProposal(AdvanceHandler handler, int i, int step)
    {
        if (_proposal is null) return null;
        var (choices, logQ) = _proposal(ChoiceHistory.ToChoiceMap(_histories![i]), step, handler.Rng);
        if (choices.Count == 0) return null;
        handler.Constraints = choices;
        handler.ConstraintsVisited = 0;
        handler.LogWeight -= logQ;
        return choices;
    }

    /// <summary>After the step: every proposed choice must have been made in it.</summary>
    private void CheckProposal(ChoiceMap? proposed, AdvanceHandler handler, int i, int step)
    {
        if (proposed is null || handler.ConstraintsVisited == proposed.Count) return;
        var made = ChoiceHistory.ToChoiceMap(handler.History);
        var missing = proposed.Addresses.First(a => !made.Contains(a));
        throw new ModelException($"Population.Propose: at step {step} the proposal for particle {i} chose address '{missing}', which the model does not visit before its next observation.", missing);
    }
}
