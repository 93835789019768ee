using Probabilistic.Interpretation;
using Probabilistic.Syntax;

namespace Probabilistic.Inference.Particles;

/// <summary>
/// The constrained stepper (<see cref="Stepper.Constrained"/>): a constrained choice takes its given value and adds its
/// log density to the weight; the others come from the prior. The particle's tally counts the constrained choices made,
/// so a finished particle that missed one is an error naming it.
/// </summary>
internal sealed class ConstrainedStepper(ChoiceMap constraints, IFiniteRandomness? randomness) : Stepper(true, randomness)
{
    private protected override Stepper With(bool records, IFiniteRandomness? randomness) => new ConstrainedStepper(constraints, randomness);

    internal override ParticleHandler NewHandler(bool suspendAtScores) => new ConstrainingHandler(constraints, suspendAtScores, Randomness);

    internal override void Finished(int particle, ChoiceHistory? history, int tally)
    {
        if (tally == constraints.Count) return;
        var made = ChoiceHistory.ToChoiceMap(history);
        var missing = constraints.Addresses.Where(a => !made.Contains(a)).ToList();
        throw new ModelException(
            $"Population: the constraints name {(missing.Count == 1 ? "address" : "addresses")} {string.Join(", ", missing.Take(5).Select(a => $"'{a}'"))}{(missing.Count > 5 ? ", …" : "")}, which particle {particle} finished without visiting.",
            missing.FirstOrDefault());
    }

    private sealed class ConstrainingHandler(ChoiceMap constraints, bool suspendAtScores, IFiniteRandomness? randomness)
        : ParticleHandler(suspendAtScores, true, randomness)
    {
        public override Choice? OnSample(ISampleNode node, Machine m)
        {
            var address = m.Resolve(node.Local);
            if (!constraints.TryGetValue(address, out var value)) return Recorded(Draw(node, address));
            Tally++;
            return Recorded(Weighed(node, address, value));
        }
    }
}
