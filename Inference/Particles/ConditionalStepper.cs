using Probabilistic.Interpretation;
using Probabilistic.Syntax;

namespace Probabilistic.Inference.Particles;

/// <summary>
/// The conditional stepper of particle Gibbs (<see cref="Stepper.Conditional"/>): particle 0's choices take the
/// reference trajectory's values and leave its weight alone (the path plays the role of a prior draw); resampling keeps
/// particle 0 in slot 0 and draws the other N − 1 ancestors from all N (Andrieu, Doucet &amp; Holenstein 2010, §2.4.3).
/// </summary>
internal sealed class ConditionalStepper(ChoiceMap reference, IFiniteRandomness? randomness) : Stepper(true, randomness)
{
    private protected override Stepper With(bool records, IFiniteRandomness? randomness) => new ConditionalStepper(reference, randomness);

    internal override ParticleHandler NewHandler(bool suspendAtScores) => new ReferenceHandler(reference, suspendAtScores, Randomness);

    internal override void DrawAncestors(Resampler resampler, ReadOnlySpan<double> weights, Span<int> ancestors, ulong seed, ulong stream)
    {
        ancestors[0] = 0;
        base.DrawAncestors(resampler, weights, ancestors[1..], seed, stream);
    }

    private sealed class ReferenceHandler(ChoiceMap reference, bool suspendAtScores, IFiniteRandomness? randomness)
        : ParticleHandler(suspendAtScores, true, randomness)
    {
        private ChoiceMap? _forced;

        public override void Begin(int particle, int step) => _forced = particle == 0 ? reference : null;

        public override Choice? OnSample(ISampleNode node, Machine m)
        {
            var address = m.Resolve(node.Local);
            return Recorded(_forced is not null && _forced.TryGetValue(address, out var value) ? node.Score(address, value) : Draw(node, address));
        }
    }
}
