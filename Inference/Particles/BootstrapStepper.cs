using Probabilistic.Interpretation;
using Probabilistic.Syntax;

namespace Probabilistic.Inference.Particles;

/// <summary>
/// The bootstrap stepper: every choice from its prior. When it neither records nor draws from a scripted source, its
/// handler hands the machine the particle's stream as <see cref="Handler.PriorRng"/>, so choices are drawn in place with
/// no address resolved and no allocation (the fast path of the bootstrap filter).
/// </summary>
internal sealed class BootstrapStepper(bool records, IFiniteRandomness? randomness) : Stepper(records, randomness)
{
    internal override bool TargetsPrior => true;

    private protected override Stepper With(bool records, IFiniteRandomness? randomness) => new BootstrapStepper(records, randomness);

    internal override ParticleHandler NewHandler(bool suspendAtScores) => new PriorHandler(suspendAtScores, Records, Randomness);

    private sealed class PriorHandler : ParticleHandler
    {
        private readonly Rng? _priorRng;

        public PriorHandler(bool suspendAtScores, bool records, IFiniteRandomness? randomness) : base(suspendAtScores, records, randomness) =>
            _priorRng = records || randomness is not null ? null : Rng;

        public override Rng? PriorRng => _priorRng;

        public override Choice? OnSample(ISampleNode node, Machine m)
        {
            var address = m.Resolve(node.Local);
            return Recorded(Draw(node, address));
        }
    }
}
