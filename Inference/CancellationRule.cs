namespace Probabilistic.Inference;

/// <summary>The cancellation rule on <see cref="Infer"/>, applied where an algorithm's work so far is a valid result.</summary>
internal static class CancellationRule
{
    /// <summary>
    /// <paramref name="result"/> when <paramref name="cancellationToken"/> was not cancelled; otherwise throws an
    /// <see cref="InferenceCanceledException{TResult}"/> whose <c>PartialResult</c> is <paramref name="result"/>
    /// (<paramref name="kept"/> says what it holds, for the message).
    /// </summary>
    public static TResult Finish<TResult>(TResult result, CancellationToken cancellationToken, string algorithm, string kept)
    {
        if (!cancellationToken.IsCancellationRequested) return result;
        throw new InferenceCanceledException<TResult>(
            $"{algorithm}: cancelled; the exception's PartialResult holds {kept}.", result, cancellationToken);
    }
}
