namespace Probabilistic.Inference.Variational;

/// <summary>
/// A guide's marginal over its non-auxiliary choices, with the density estimated by <see cref="Sir"/> (see
/// <see cref="Guide.Marginal"/>): a draw is the inner guide's joint draw (z, u₀) with u₀ dropped, and log q̂(z) on the
/// tape, differentiable through z and the guide's parameters (reparameterized auxiliary draws carry their gradient,
/// score-function ones add their score terms).
/// </summary>
internal sealed class MarginalGuide(Guide inner, Selection auxiliary, Sir estimator) : Guide
{
    internal override GuideDraw Draw(ParameterStore store, Rng rng)
    {
        var joint = inner.Draw(store, rng);
        var result = new GuideDraw();
        result.ScoreTerms.AddRange(joint.ScoreTerms);
        foreach (var (address, value) in joint.Values)
            if (!auxiliary.Contains(address)) result.Values[address] = value;
        if (result.Values.Count == joint.Values.Count)
            throw new ModelException($"Marginal: the guide made no auxiliary choice (selection {auxiliary}); nothing to marginalize.");
        if (result.Values.Count == 0)
            throw new ModelException($"Marginal: every choice of the guide is auxiliary (selection {auxiliary}); the marginal has no choice left.");
        var terms = new Real[estimator.K];
        terms[0] = inner.Conditional(store, rng, joint.Values, auxiliary, result.ScoreTerms); // u₀: log q(z | u₀)
        for (int k = 1; k < terms.Length; k++) terms[k] = inner.Conditional(store, rng, result.Values, auxiliary, result.ScoreTerms);
        result.LogQ = RealMath.LogSumExp(terms) - Math.Log(terms.Length);
        return result;
    }

    internal override GuideDraw Sample(ParameterStore store, Rng rng)
    {
        var joint = inner.Sample(store, rng);
        var result = new GuideDraw { LogQ = joint.LogQ };
        foreach (var (address, value) in joint.Values)
            if (!auxiliary.Contains(address)) result.Values[address] = value;
        return result;
    }

    internal override Real LogDensity(ParameterStore store, IReadOnlyDictionary<Address, object> values) =>
        throw new ModelException("Marginal: the marginal guide cannot evaluate its density at given values (its SIR estimate needs the auxiliary draw that produced them); objectives that score fixed samples, such as WakeQ, need a guide without auxiliary choices.");
}
