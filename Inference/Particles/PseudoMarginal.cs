namespace Probabilistic.Inference.Particles;

/// <summary>
/// Building blocks of the pseudo-marginal algorithms (PMMH, SMC²): parameters θ drawn from their prior, and the
/// constrained filter whose Ẑ(θ) is an unbiased estimate of p(θ, y), so that MH on (θ, Ẑ) targets p(θ | y) exactly
/// (Andrieu &amp; Roberts, "The pseudo-marginal approach for efficient Monte Carlo computations", Ann. Statist. 2009).
/// </summary>
internal static class PseudoMarginal
{
    /// <summary>θ ~ p(θ): the selected choices of one prior run, and the sum of their log densities.</summary>
    public static (ChoiceMap Theta, double LogPrior) PriorParameters<T>(Model<T> model, Selection selection, Rng rng, string algorithm)
    {
        var trace = model.Simulate(rng);
        foreach (var a in selection.NamedAddresses)
            if (!trace.Contains(a)) throw new ModelException($"{algorithm}: the parameter selection names address '{a}', which the model never visits.", a);
        double logPrior = 0;
        foreach (var c in trace.ChoiceRecords)
            if (selection.Contains(c.Address)) logPrior += c.LogProb;
        var theta = trace.Choices.Filter(selection);
        if (theta.Count == 0) throw new ModelException($"{algorithm}: the parameter selection {selection} picks no choice of the model.");
        return (theta, logPrior);
    }

    /// <summary>
    /// <paramref name="model"/> as the algorithm runs it: without its compiled twin when <see cref="ParticleOptions.Interpreted"/>
    /// is set (so the prior runs, the filters and the traces are all interpreted), else as given.
    /// </summary>
    public static Model<T> AsRun<T>(Model<T> model, ParticleOptions? options) =>
        options is { Interpreted: true } ? Compilation.CompiledModels.Interpreted(model) : model;

    /// <summary>
    /// A fresh filter with θ constrained (<see cref="Stepper.Constrained"/>), its seed the next of <paramref name="rng"/>:
    /// the compiled twin's particle program when the model carries one (<see cref="Compiled.CompiledFilters"/>), else the interpreter's.
    /// </summary>
    public static IParticleFilter<T> Filter<T>(Model<T> model, ChoiceMap theta, ParticleOptions options, Rng rng, string? algorithm = null) =>
        Compiled.CompiledFilters.Constrained(model, theta, options, rng.NextULong(), algorithm);

    /// <summary>SMC with θ constrained: log Ẑ(θ) (−∞ when every particle has weight 0) and a return value drawn by weight.</summary>
    public static (double LogZ, T Value) Estimate<T>(Model<T> model, ChoiceMap theta, ParticleOptions options, Rng rng, CancellationToken cancellationToken)
    {
        var filter = Filter(model, theta, options, rng);
        if (!filter.TrySequentially(options.Resampler, options.EssThreshold, cancellationToken: cancellationToken)) return (double.NegativeInfinity, default!);
        double logZ = filter.LogEvidence;
        return double.IsNegativeInfinity(logZ) ? (logZ, default!) : (logZ, filter.Value(filter.Draw(rng)));
    }

}
