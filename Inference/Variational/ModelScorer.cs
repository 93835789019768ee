using Probabilistic.Distributions;
using Probabilistic.Interpretation;
using Probabilistic.Interpretation.Handlers;
using Probabilistic.Syntax;

namespace Probabilistic.Inference.Variational;

/// <summary>
/// Scores a guide's draw under the model: log p(x, z) as a <see cref="Real"/> on the tape, with the latent
/// values from the guide and the observations given. A model latent the guide did not propose, or a guide
/// choice the model never visits, is an error naming the address. One scorer keeps one handler stack and one
/// machine for a whole fit (they are reset, not rebuilt, at each step); it is not thread-safe.
/// </summary>
internal sealed class ModelScorer<T>
{
    private readonly Model<T> _model;
    private readonly ChoiceMap _observations;
    private readonly ParameterStore _store;
    private readonly string _objective;
    private readonly Condition<Real> _latents, _observed;
    private readonly Machine _machine;

    /// <summary>A scorer of <paramref name="model"/> given <paramref name="observations"/>, its parameters from <paramref name="store"/>;
    /// errors name <paramref name="objective"/>.</summary>
    public ModelScorer(Model<T> model, ChoiceMap observations, ParameterStore store, string objective)
    {
        (_model, _observations, _store, _objective) = (model, observations, store, objective);
        // Assess over the handler stack: the observations and the guide's latent values are constraints whose log
        // densities (scaled inside subsampled plates) and the scores make the weight; a choice neither gives is an error.
        string refusal = objective.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal) +
            ": the guide did not propose the model's latent choice '{0}'; a guide must cover every unobserved choice.";
        _latents = new Condition<Real>(ChoiceMap.Empty, new Seed(null, refusal), trackVisited: true, weighScores: false);
        _observed = new Condition<Real>(observations, _latents, trackVisited: true);
        _machine = new Machine(_observed);
    }

    /// <summary>log p(x, z) at the guide's <paramref name="draw"/>.</summary>
    public Real LogJoint(GuideDraw draw) => Score(draw, checkSupports: false);

    /// <summary>
    /// <see cref="LogJoint"/>, first checking at each latent choice, before the model uses the guide's value, that the
    /// guide's distribution there draws only values in the model's support (a Normal guide for a Gamma latent would
    /// propose negative values): a <see cref="ModelException"/> names the address and both supports. Run once before fitting.
    /// </summary>
    public Real CheckSupports(GuideDraw draw) => Score(draw, checkSupports: true);

    private Real Score(GuideDraw draw, bool checkSupports)
    {
        _latents.Reset(ChoiceMap.Wrap(draw.Values));
        _observed.Reset(_observations);
        _latents.BeforeConstrained = checkSupports ? (address, node, _) => ModelScorer.CheckSupport(address, node, draw.Supports, _objective) : null;
        _machine.Start(_model, _store.Scope);
        _machine.Run();
        if (_latents.Visited != draw.Values.Count)
        {
            var extra = draw.Values.Keys.Where(a => !_latents.VisitedAddresses!.Contains(a)).ToList();
            throw new ModelException($"{_objective}: the guide proposes {(extra.Count == 1 ? "a choice" : "choices")} {string.Join(", ", extra.Take(5).Select(a => $"'{a}'"))} that the model does not have.", extra[0]);
        }
        if (_observed.Visited != _observations.Count)
            throw new ModelException($"{_objective}: the observations name {_observations.Count} choices but the model visited {_observed.Visited} of them.");
        return _observed.Weight + _latents.Weight;
    }
}

/// <summary>One-off scoring (<see cref="ModelScorer{T}"/> for a whole fit) and the support check the scorer runs.</summary>
internal static class ModelScorer
{
    /// <summary>log p(x, z) at <paramref name="draw"/> by a scorer made for this one call.</summary>
    public static Real LogJoint<T>(Model<T> model, ChoiceMap observations, GuideDraw draw, ParameterStore store, string objective) =>
        new ModelScorer<T>(model, observations, store, objective).LogJoint(draw);

    /// <summary>The guide's distribution at <paramref name="address"/> must draw only values in the model's support there.</summary>
    internal static void CheckSupport(Address address, ISampleNode node, Dictionary<Address, Support> guideSupports, string objective)
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
