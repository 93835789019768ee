namespace Probabilistic.Compilation;

/// <summary>
/// One run of a compiled model stored in typed slots (generated per model by <c>Probabilistic.Compiler</c>): a field per
/// scalar choice, a column (<c>double[]</c>, <c>int[]</c>, <c>bool[]</c>, <c>T[]</c>) per <c>Plate</c> and per choice of
/// a <c>Fold</c>'s step, the return value and the run's log densities. Addresses, distribution objects and per-choice
/// log densities are not stored: a <see cref="Trace{T}"/> over these slots builds them only when asked, by
/// <see cref="Replay"/> — the generated program run again over the stored values, evaluating each distribution expression
/// and its <c>LogProb</c> as the interpreter does.
/// </summary>
/// <typeparam name="T">The model's return type.</typeparam>
public abstract class TraceSlots<T>
{
    /// <summary>The model's return value.</summary>
    public abstract T Result { get; }

    /// <summary>Σ log p of the choices.</summary>
    public abstract double LogPrior { get; }

    /// <summary>Σ of the observations' and factors' log weights.</summary>
    public abstract double LogLikelihood { get; }

    /// <summary>
    /// Generate's weight: Σ log p of the constrained choices and the scores' log weights, summed in the order the run
    /// meets them (as the interpreter's <c>Condition</c> handler sums them, so the weight is the same to the bit).
    /// </summary>
    public abstract double Weight { get; }

    /// <summary>The number of choices the run made.</summary>
    public abstract int ChoiceCount { get; }

    /// <summary>The address of the choice made <paramref name="index"/>-th (0-based, in the order the interpreter records them), without materializing the trace.</summary>
    public abstract Address AddressAt(int index);

    /// <summary>
    /// Hands every choice (address, distribution, value, log density) and every score to <paramref name="sink"/>, in the
    /// order the interpreter records them.
    /// </summary>
    public abstract void Replay(ChoiceSink sink);
}

/// <summary>Receives a compiled run's choices and scores when its trace is materialized (<see cref="TraceSlots{T}.Replay"/>).</summary>
public sealed class ChoiceSink
{
    private readonly Interpretation.TraceBuilder _builder;

    internal ChoiceSink(Interpretation.TraceBuilder builder) => _builder = builder;

    /// <summary>Records a choice; an address used twice is a <see cref="DuplicateAddressException"/>.</summary>
    public void Add<TValue>(Address address, IDistribution<TValue> distribution, TValue value, double logProb) =>
        _builder.Add(new Choice<TValue>(address, distribution, value, logProb));

    /// <summary>Records an observation (<paramref name="isObservation"/>) or a factor, with its address when named.</summary>
    public void Score(Address? address, double logWeight, bool isObservation) => _builder.AddScore(logWeight, address, isObservation);
}
