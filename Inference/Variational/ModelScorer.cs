using Probabilistic.Interpretation;
using Probabilistic.Syntax;

namespace Probabilistic.Inference.Variational;

/// <summary>
/// Scores a guide's draw under the model: log p(x, z) as a <see cref="Real"/> on the tape, with the latent
/// values from the guide and the observations given. A model latent the guide did not propose, or a guide
/// choice the model never visits, is an error naming the address.
/// </summary>
internal static class ModelScorer
{
    public static Real LogJoint<T>(Model<T> model, ChoiceMap observations, GuideDraw draw, ParameterStore store, string objective)
    {
        var handler = new Handler_(draw.Values, observations, objective);
        var m = new Machine(handler) { StartParameters = store, StartSubsampler = store.Subsampler };
        m.Start(model);
        m.Run();
        if (handler.LatentsVisited != draw.Values.Count)
        {
            var extra = draw.Values.Keys.Where(a => !handler.Visited.Contains(a)).ToList();
            throw new ModelException($"{objective}: the guide proposes {(extra.Count == 1 ? "a choice" : "choices")} {string.Join(", ", extra.Take(5).Select(a => $"'{a}'"))} that the model does not have.", extra[0]);
        }
        if (handler.ObservationsVisited != observations.Count)
            throw new ModelException($"{objective}: the observations name {observations.Count} choices but the model visited {handler.ObservationsVisited} of them.");
        return handler.LogP;
    }

    private sealed class Handler_(Dictionary<Address, object> latents, ChoiceMap observations, string objective) : Handler
    {
        public Real LogP;
        public int LatentsVisited, ObservationsVisited;
        public readonly HashSet<Address> Visited = [];

        public override Choice OnSample(ISampleNode node, Machine m)
        {
            var address = m.Resolve(node.Local);
            if (!Visited.Add(address)) throw new DuplicateAddressException(address);
            object value;
            if (observations.TryGetValue(address, out var observed))
            {
                value = observed;
                ObservationsVisited++;
            }
            else if (latents.TryGetValue(address, out var proposed))
            {
                value = proposed;
                LatentsVisited++;
            }
            else throw new ModelException($"{objective}: the guide did not propose the model's latent choice '{address}'; a guide must cover every unobserved choice.", address);
            var c = node.Score(address, value, out var lp);
            LogP += m.Scale == 1 ? lp : m.Scale * lp;
            return c;
        }

        public override bool OnScore(Real logWeight, Address? address, bool isObservation)
        {
            LogP += logWeight;
            return true;
        }
    }
}
