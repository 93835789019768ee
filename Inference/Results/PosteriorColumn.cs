namespace Probabilistic.Inference;

/// <summary>
/// One column of a <see cref="Posterior"/>: a scalar choice, or one element of a vector-valued choice.
/// <see cref="Name"/> follows Stan's naming (the Stan Reference Manual, "Variable names" in CmdStan's output):
/// <c>mu</c> for a scalar (<see cref="Index"/> = −1) and <c>theta[1]</c>, 1-based, for element
/// <see cref="Index"/> = 0 of the vector choice at address <c>theta</c>.
/// </summary>
/// <param name="Name">The Stan-style column name, e.g. <c>mu</c> or <c>theta[1]</c>.</param>
/// <param name="Address">The address of the choice the column comes from.</param>
/// <param name="Index">The 0-based element index within a vector choice, or −1 for a scalar choice.</param>
public sealed record PosteriorColumn(string Name, Address Address, int Index)
{
    /// <summary>
    /// True for a derived quantity (a column of the model's return value, like Stan's generated quantities) rather
    /// than a sampled parameter.
    /// </summary>
    public bool IsGenerated { get; init; }

    /// <summary>The column of a scalar choice, named by its address (<c>mu</c>, <c>school/mu</c>).</summary>
    public static PosteriorColumn Scalar(Address address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new PosteriorColumn(address.ToString(), address, -1);
    }

    /// <summary>The column of element <paramref name="index"/> (0-based) of a vector choice, named <c>theta[index + 1]</c>.</summary>
    public static PosteriorColumn Element(Address address, int index)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new PosteriorColumn($"{address}[{index + 1}]", address, index);
    }
}
