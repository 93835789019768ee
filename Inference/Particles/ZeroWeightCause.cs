namespace Probabilistic.Inference.Particles;

/// <summary>What can make a particle's weight 0.</summary>
internal enum ZeroWeightSource : byte
{
    /// <summary>Nothing (the weight is positive, or it was 0 from the start).</summary>
    None,

    /// <summary>An observation whose datum has density 0.</summary>
    Observation,

    /// <summary>A factor of −∞ (<c>Factor</c> or a false <c>Condition</c>).</summary>
    Factor,

    /// <summary>A constrained choice (PMMH's or SMC²'s parameters) whose value has density 0.</summary>
    ConstrainedChoice,

    /// <summary>A proposal that proposed a value of model density 0.</summary>
    Proposal,
}

/// <summary>The score (and its address, when it has one) that made a particle's weight 0.</summary>
internal readonly record struct ZeroWeightCause(ZeroWeightSource Source, Address? Address)
{
    /// <summary>No cause recorded.</summary>
    public static readonly ZeroWeightCause None = default;

    /// <summary>E.g. "the observation at 'y/3'" or "an unaddressed factor".</summary>
    public string Describe() => Source switch
    {
        ZeroWeightSource.Observation => Address is null ? "an observation without an address (use Observe(address, …) to name it)" : $"the observation at '{Address}'",
        ZeroWeightSource.Factor => Address is null ? "a factor or condition" : $"the factor at '{Address}'",
        ZeroWeightSource.ConstrainedChoice => $"the constrained choice at '{Address}'",
        ZeroWeightSource.Proposal => "the proposal (it proposed a value the model gives density 0)",
        _ => "an unknown score",
    };

    /// <summary>Adds the causes of <paramref name="causes"/> (those not None) to <paramref name="counts"/>.</summary>
    public static void Tally(ReadOnlySpan<ZeroWeightCause> causes, Dictionary<ZeroWeightCause, int> counts)
    {
        foreach (var c in causes)
            if (c.Source != ZeroWeightSource.None) counts[c] = counts.GetValueOrDefault(c) + 1;
    }

    /// <summary>
    /// The error for a run whose every particle has weight 0: names the algorithm, the step (when given), and the
    /// distinct causes (the commonest first, with how many particles each ruled out), with the commonest's address.
    /// </summary>
    public static ModelException AllImpossible(string algorithm, string particles, int? step, Dictionary<ZeroWeightCause, int> counts)
    {
        var where = step is null ? "" : $" after step {step} (observation or factor number {step} of the model)";
        var text = $"{algorithm}: every {particles} has weight 0{where}";
        if (counts.Count == 0) return new ModelException(text + ": the observations cannot be explained by any of them.");
        var ordered = counts.OrderByDescending(kv => kv.Value).ToList();
        var listed = string.Join("; ", ordered.Take(3).Select(kv => $"{kv.Key.Describe()} gave weight 0 to {kv.Value} of them"));
        return new ModelException($"{text}: {listed}{(ordered.Count > 3 ? $"; and {ordered.Count - 3} other scores" : "")}.",
            ordered.FirstOrDefault(kv => kv.Key.Address is not null).Key.Address);
    }
}
