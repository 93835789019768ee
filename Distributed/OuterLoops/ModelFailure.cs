namespace Probabilistic.Distributed.OuterLoops;

/// <summary>
/// An error a model raised inside a grain, as it travels back to the caller: Orleans carries the system's exception
/// types, but not <see cref="ModelException"/> (it holds an <see cref="Address"/>) nor a user's own types, so the grain
/// sends this (the original type's name, message and address) and the caller rethrows a <see cref="ModelException"/>.
/// </summary>
[GenerateSerializer]
public sealed class ClusterModelFailureException : Exception
{
    /// <summary>A failure of the given type, message and address; <paramref name="inner"/> is the model's own exception when Orleans can carry it (a system type).</summary>
    public ClusterModelFailureException(string message, string exceptionType, string? address, Exception? inner = null) : base(message, inner)
    {
        (ExceptionType, Address) = (exceptionType, address);
    }

    /// <summary>The full name of the exception's type in the grain.</summary>
    [Id(0)] public string ExceptionType { get; }

    /// <summary>The address a <see cref="ModelException"/> named, if any.</summary>
    [Id(1)] public string? Address { get; }

    /// <summary>
    /// Runs <paramref name="body"/> (the model's part of a grain call: the catalog lookup and the grain's own state checks
    /// stay outside), turning any exception into this one: a <see cref="ModelException"/> or a user's type travels as its
    /// type's name, message and address; a system type (say an <see cref="InvalidOperationException"/>) also travels
    /// itself, as the inner exception, so the caller can name the model and chain or block and keep the original.
    /// </summary>
    internal static TResult Guard<TResult>(Func<TResult> body)
    {
        try
        {
            return body();
        }
        catch (Exception e)
        {
            bool system = e is not ModelException && (e.GetType().Namespace ?? "").StartsWith("System", StringComparison.Ordinal);
            throw new ClusterModelFailureException(e.Message, e.GetType().FullName ?? e.GetType().Name, (e as ModelException)?.Address?.ToString(), system ? e : null);
        }
    }

    /// <summary>
    /// The error the caller sees: a <see cref="ModelException"/> that says where (<paramref name="where"/>: the model and
    /// the chain or block) with the grain's message (and address); its inner exception is the model's own when it travelled
    /// (a system type), else this failure.
    /// </summary>
    internal ModelException AtCaller(string where) =>
        new($"{where}: {Message}{(ExceptionType == typeof(ModelException).FullName ? "" : $" ({ExceptionType} in a grain)")}",
            Address is null ? null : Probabilistic.Address.Parse(Address), InnerException ?? this);
}
