using Probabilistic.Interpretation;
using Probabilistic.Syntax;

namespace Probabilistic.Inference.Particles;

/// <summary>
/// The guided stepper (<see cref="Stepper.Guided{TProposal}"/>): before each step the proposal, given the particle's
/// choices so far, draws σ with log density log q from the particle's stream; σ's choices weigh the particle by their
/// prior density, the weight loses log q, and every proposed address must be visited before the next score.
/// </summary>
internal sealed class GuidedStepper(Func<ChoiceMap, int, Rng, (ChoiceMap Choices, double LogQ)> proposal) : Stepper(true, null)
{
    private protected override Stepper With(bool records, IFiniteRandomness? randomness) =>
        randomness is null ? this : throw new InvalidOperationException("Population: a proposal draws from the seed's streams, so it cannot be used with finite randomness.");

    internal override ParticleHandler NewHandler(bool suspendAtScores) => new ProposalHandler(proposal, suspendAtScores);

    private sealed class ProposalHandler(Func<ChoiceMap, int, Rng, (ChoiceMap Choices, double LogQ)> proposal, bool suspendAtScores)
        : ParticleHandler(suspendAtScores, true, null)
    {
        private ChoiceMap? _proposed;
        private int _visited;

        public override void Begin(int particle, int step)
        {
            var (choices, logQ) = proposal(ChoiceHistory.ToChoiceMap(History), step, Rng);
            _proposed = choices.Count == 0 ? null : choices;
            _visited = 0;
            if (_proposed is not null) LogWeight -= logQ;
        }

        public override void End(int particle, int step)
        {
            if (_proposed is null || _visited == _proposed.Count) return;
            var made = ChoiceHistory.ToChoiceMap(History);
            var missing = _proposed.Addresses.First(a => !made.Contains(a));
            throw new ModelException($"Population.Propose: at step {step} the proposal for particle {particle} chose address '{missing}', which the model does not visit before its next observation.", missing);
        }

        public override Choice? OnSample(ISampleNode node, Machine m)
        {
            var address = m.Resolve(node.Local);
            if (_proposed is null || !_proposed.TryGetValue(address, out var value)) return Recorded(Draw(node, address));
            _visited++;
            return Recorded(Weighed(node, address, value));
        }
    }
}
