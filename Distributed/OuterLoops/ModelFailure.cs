namespace Probabilistic.Distributed.OuterLoops;

/// <summary>
/// An error a model raised inside a grain, as it travels back to the caller: Orleans carries the system's exception
/// types, but not <see cref="ModelException"/> (it holds an <see cref="Address"/>) nor a user's own types, so the grain
/// sends this (the original type's name, message and address) and the caller rethrows a <see cref="ModelException"/>.
/// </summary>
[GenerateSerializer]
public sealed class ClusterModelFailureException : Exception
{
    /// <summary>A failure of the given type, message and address.</summary>
    public ClusterModelFailureException(string message, string exceptionType, string? address) : base(message)
    {
        (ExceptionType, Address) = (exceptionType, address);
    }

    /// <summary>The full name of the exception's type in the grain.</summary>
    [Id(0)] public string ExceptionType { get; }

    /// <summary>The address a <see cref="ModelException"/> named, if any.</summary>
    [Id(1)] public string? Address { get; }

    /// <summary>Runs <paramref name="body"/>, turning a model's exception (a <see cref="ModelException"/> or any non-system type) into this one.</summary>
    internal static TResult Guard<TResult>(Func<TResult> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is ModelException || !(e.GetType().Namespace ?? "").StartsWith("System", StringComparison.Ordinal))
        {
            throw new ClusterModelFailureException(e.Message, e.GetType().FullName ?? e.GetType().Name, (e as ModelException)?.Address?.ToString());
        }
    }

    /// <summary>The error the caller sees: a <see cref="ModelException"/> with the grain's message (and address), this failure as its inner exception.</summary>
    internal ModelException AtCaller(string where) =>
        new($"{where}: {Message}{(ExceptionType == typeof(ModelException).FullName ? "" : $" ({ExceptionType} in a grain)")}",
            Address is null ? null : Probabilistic.Address.Parse(Address), this);
}
