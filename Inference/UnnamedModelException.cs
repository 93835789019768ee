namespace Probabilistic.Inference;

/// <summary>
/// A model error found below an entry point (a density's handler, the enumerator, the HMC kernel, a replay of the model
/// at a draw), worded without the name of the algorithm that ran into it: the layers below an entry point do not know
/// which algorithm runs them. The entry point that does (<c>Infer.Nuts</c>, <c>Infer.Gibbs</c>, a density used on its
/// own …) turns it into the <see cref="ModelException"/> the user catches, its message prefixed with that name and its
/// address kept (<see cref="Named"/>, <see cref="In{TResult}"/>). It never leaves the library.
/// </summary>
/// <param name="message">What went wrong and where, without the algorithm's name.</param>
/// <param name="address">The address concerned, if any.</param>
/// <param name="inner">The error this one adds context to, if any.</param>
internal sealed class UnnamedModelException(string message, Address? address = null, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The address concerned, if any.</summary>
    public Address? Address { get; } = address;

    /// <summary>The error as <paramref name="algorithm"/> reports it: "<c>algorithm: message</c>", the address kept.</summary>
    public ModelException Named(string algorithm) => new($"{algorithm}: {Message}", Address, InnerException);

    /// <summary>
    /// The error for code that may run on its own or under an entry point: named by <paramref name="algorithm"/> when
    /// that is given, else unnamed for the entry point above to name.
    /// </summary>
    public static Exception For(string? algorithm, string message, Address? address = null) =>
        algorithm is null ? new UnnamedModelException(message, address) : new ModelException($"{algorithm}: {message}", address);

    /// <summary>Runs an entry point's work, naming the errors the layers below it raised unnamed.</summary>
    public static TResult In<TResult>(string algorithm, Func<TResult> work)
    {
        try
        {
            return work();
        }
        catch (UnnamedModelException e)
        {
            throw e.Named(algorithm);
        }
    }
}
