using Probabilistic.Distributions;
using Probabilistic.Interpretation;
using Probabilistic.Interpretation.Handlers;
using Probabilistic.Syntax;

namespace Probabilistic.Inference.Variational;

/// <summary>
/// Scores a guide's draw under the model: log p(x, z) as a <see cref="Real"/> on the tape, with the latent
/// values from the guide and the observations given. A model latent the guide did not propose, or a guide
/// choice the model never visits, is an error naming the address.
/// </summary>
internal static class ModelScorer
{
    // The refusal message per objective name, built once rather than on every SVI step.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Refusals = new();

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

    // Assess over the handler stack: the observations and the guide's latent values are constraints whose log
    // densities (scaled inside subsampled plates) and the scores make the weight; a choice neither gives is an error.
    private static Real LogJoint<T>(Model<T> model, ChoiceMap observations, GuideDraw draw, ParameterStore store, string objective, bool checkSupports)
    {
        var refusal = Refusals.GetOrAdd(objective, static o => o.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal) +
            ": the guide did not propose the model's latent choice '{0}'; a guide must cover every unobserved choice.");
        var latents = new Condition<Real>(ChoiceMap.Wrap(draw.Values), new Seed(null, refusal), trackVisited: true, weighScores: false);
        if (checkSupports) latents.BeforeConstrained = (address, node, _) => CheckSupport(address, node, draw.Supports, objective);
        var observed = new Condition<Real>(observations, latents, trackVisited: true);
        var m = new Machine(observed);
        m.Start(model, store.Scope);
        m.Run();
        if (latents.Visited != draw.Values.Count)
        {
            var extra = draw.Values.Keys.Where(a => !latents.VisitedAddresses!.Contains(a)).ToList();
            throw new ModelException($"{objective}: the guide proposes {(extra.Count == 1 ? "a choice" : "choices")} {string.Join(", ", extra.Take(5).Select(a => $"'{a}'"))} that the model does not have.", extra[0]);
        }
        if (observed.Visited != observations.Count)
            throw new ModelException($"{objective}: the observations name {observations.Count} choices but the model visited {observed.Visited} of them.");
        return observed.Weight + latents.Weight;
    }

    /// <summary>The guide's distribution at <paramref name="address"/> must draw only values in the model's support there.</summary>
    private static void CheckSupport(Address address, ISampleNode node, Dictionary<Address, Support> guideSupports, string objective)
    {
        if (guideSupports.TryGetValue(address, out var proposedFrom) &&
            node.Distribution is IHasSupport { Support: var modelSupport } && !Covers(modelSupport, proposedFrom))
            throw new ModelException(
                $"{objective}: the guide's choice '{address}' has support {proposedFrom.Name}, but the model's choice there has support {modelSupport.Name}; " +
                "the guide would propose values the model cannot take. Use a guide distribution on the model's support (e.g. LogNormal or a Normal through " +
                "a positive transform for a positive latent), or an autoguide.", address);
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
}
