namespace Probabilistic.Inference.Traced;

/// <summary>Metropolis–Hastings that resamples a selection of choices from their prior (<c>Regenerate</c>).</summary>
public sealed class RegenerateKernel<T>(Selection selection) : Kernel<T>
{
    /// <inheritdoc />
    public override (Trace<T> Trace, bool Accepted) Apply(Trace<T> trace, Rng rng)
    {
        var (next, w) = trace.Model.Regenerate(trace, selection, rng);
        return Accept(w, rng) ? (next, true) : (trace, false);
    }
}

/// <summary>
/// Single-site Metropolis–Hastings with prior proposals: picks one choice of the trace uniformly and
/// resamples it from its prior; choices that appear or vanish come from or go to the prior. The
/// acceptance ratio carries the site-selection correction log |t| − log |t'| (Wingate, Stuhlmüller &amp;
/// Goodman, "Lightweight implementations of probabilistic programming languages via transformational
/// compilation", AISTATS 2011, §3).
/// </summary>
public sealed class SingleSiteKernel<T> : Kernel<T>
{
    /// <inheritdoc />
    public override (Trace<T> Trace, bool Accepted) Apply(Trace<T> trace, Rng rng)
    {
        if (trace.Count == 0) return (trace, false);
        int k = rng.NextInt(trace.Count);
        var address = trace.AddressAt(k);
        var (next, w) = trace.Model.Regenerate(trace, Selection.Of(address), rng);
        if (next.Count == 0) return (trace, false);
        double logAlpha = w + Math.Log(trace.Count) - Math.Log(next.Count);
        return Accept(logAlpha, rng) ? (next, true) : (trace, false);
    }
}

/// <summary>
/// Metropolis–Hastings with a user-written proposal (Gen's <c>mh(trace, proposal)</c>): the proposal is a
/// model, built from the current trace, whose choices are new values for some of the model's addresses.
/// With forward choices σ (log q_fwd), <c>Update(t, σ)</c> gives t', weight w and the discarded values δ;
/// the backward score is the proposal built from t' assessed at δ; accept with min(1, exp(w − log q_fwd + log q_bwd)).
/// The proposal must be able to propose δ from t' (it must visit exactly the discarded addresses).
/// </summary>
public sealed class ProposalKernel<T, TProposal>(Func<Trace<T>, Model<TProposal>> proposal) : Kernel<T>
{
    /// <inheritdoc />
    public override (Trace<T> Trace, bool Accepted) Apply(Trace<T> trace, Rng rng)
    {
        var forward = proposal(trace).Simulate(rng);
        var update = trace.Model.Update(trace, forward.Choices, rng);
        double backward = proposal(update.Trace).Assess(update.Discard);
        double logAlpha = update.Weight - forward.LogJoint + backward;
        return Accept(logAlpha, rng) ? (update.Trace, true) : (trace, false);
    }
}
