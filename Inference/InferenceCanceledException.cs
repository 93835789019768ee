namespace Probabilistic.Inference;

/// <summary>
/// A cancelled inference run whose work so far is itself a valid, smaller result (see the cancellation rule on
/// <see cref="Infer"/>): <see cref="PartialResult"/> holds it. Being an <see cref="OperationCanceledException"/>,
/// it is caught by code that handles cancellation the usual way.
/// </summary>
/// <typeparam name="TResult">The algorithm's result type.</typeparam>
public sealed class InferenceCanceledException<TResult> : OperationCanceledException
{
    /// <summary>Creates the exception.</summary>
    public InferenceCanceledException(string message, TResult? partialResult, CancellationToken cancellationToken)
        : base(message, cancellationToken) => PartialResult = partialResult;

    /// <summary>The result of the work done before the cancellation (null when nothing usable was done yet).</summary>
    public TResult? PartialResult { get; }
}
