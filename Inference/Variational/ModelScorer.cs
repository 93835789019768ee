using Probabilistic.Distributions;
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
    public static Real LogJoint<T>(Model<T> model, ChoiceMap observations, GuideDraw draw, ParameterStore store, string objective) =>
        LogJoint(model, observations, draw, store, objective, checkSupports: false);

    /// <summary>
    /// <see cref="LogJoint{T}(Model{T}, ChoiceMap, GuideDraw, ParameterStore, string)"/>, first checking at each latent choice,
    /// before the model uses the guide's value, that the guide's distribution there draws only values in the model's
    /// support (a Normal guide for a Gamma latent would propose negative values): a <see cref="ModelException"/> names the
    /// address and both supports. Run once before fitting.
    /// </summary>
    public static Real CheckSupports<T>(Model<T> model, ChoiceMap observations, GuideDraw draw, ParameterStore store, string objective) =>
        LogJoint(model, observations, draw, store, objective, checkSupports: true);

    private static Real LogJoint<T>(Model<T> model, ChoiceMap observations, GuideDraw draw, ParameterStore store, string objective, bool checkSupports)
    {
        var handler = new Handler_(draw.Values, observations, objective, checkSupports ? draw.Supports : null);
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

    /// <summary>
    /// True when every value of the guide's <paramref name="guide"/> support lies in the model's <paramref name="model"/>
    /// support, or when that cannot be decided from the supports (then the model's density decides at run time).
    /// </summary>
    internal static bool Covers(Support model, Support guide)
    {
        if (model.Dimension == 1 && guide.Dimension == 1)
        {
            if (double.IsNaN(model.Lower) || double.IsNaN(guide.Lower)) return true; // booleans, points: not decidable here
            if (model.IsDiscrete != guide.IsDiscrete) return false;
            return guide.Lower >= model.Lower && guide.Upper <= model.Upper;
        }
        if (model.Dimension != guide.Dimension) return false;
        return model.Name == guide.Name || (model.Name.StartsWith("real_vector", StringComparison.Ordinal) && !guide.IsDiscrete);
    }

    private sealed class Handler_(Dictionary<Address, object> latents, ChoiceMap observations, string objective, Dictionary<Address, Support>? guideSupports) : Handler
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
                if (guideSupports is not null && guideSupports.TryGetValue(address, out var proposedFrom) &&
                    node.Distribution is IHasSupport { Support: var modelSupport } && !Covers(modelSupport, proposedFrom))
                    throw new ModelException(
                        $"{objective}: the guide's choice '{address}' has support {proposedFrom.Name}, but the model's choice there has support {modelSupport.Name}; " +
                        "the guide would propose values the model cannot take. Use a guide distribution on the model's support (e.g. LogNormal or a Normal through " +
                        "a positive transform for a positive latent), or an autoguide.", address);
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
