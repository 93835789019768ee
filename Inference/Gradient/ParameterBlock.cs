using Probabilistic.Distributions;

namespace Probabilistic.Inference;

/// <summary>
/// One continuous choice of a model as a block of coordinates of the unconstrained parameter vector θ:
/// its address, where its coordinates start, how many unconstrained and constrained coordinates it has,
/// and the names of its constrained coordinates (Stan style: <c>mu</c>, <c>theta[1]</c>).
/// </summary>
/// <param name="Address">The choice's address.</param>
/// <param name="Offset">The index of its first unconstrained coordinate in θ.</param>
/// <param name="ConstrainedOffset">The index of its first constrained coordinate in the flattened constrained values.</param>
/// <param name="UnconstrainedLength">Its number of unconstrained coordinates (the bijector's d).</param>
/// <param name="ConstrainedLength">Its number of constrained coordinates (1 for a scalar).</param>
/// <param name="IsVector">True when the choice's value is a vector (<c>Real[]</c>).</param>
/// <param name="Support">The support of the distribution found when the structure was discovered.</param>
public sealed record ParameterBlock(Address Address, int Offset, int ConstrainedOffset, int UnconstrainedLength, int ConstrainedLength, bool IsVector, Support Support)
{
    /// <summary>The Stan-style name of the block (indices of the address 1-based in brackets: <c>theta/3</c> → <c>theta[4]</c>).</summary>
    public string Name => StanName(Address);

    /// <summary>
    /// The Stan-style name of constrained coordinate <paramref name="index"/> (<c>beta[2]</c>; for a vector choice at an
    /// indexed address <c>beta/1</c>, one more index in the same brackets: <c>beta[2,3]</c>), or the block's name for a scalar.
    /// </summary>
    public string ColumnName(int index) =>
        !IsVector ? Name : Name.EndsWith(']') ? $"{Name[..^1]},{index + 1}]" : $"{Name}[{index + 1}]";

    /// <summary>Writes the unconstrained coordinates of the constrained value <paramref name="value"/> of this choice.</summary>
    /// <exception cref="UnnamedModelException">The value has the wrong type or length, or lies outside the support (the caller names the algorithm).</exception>
    internal void Unconstrain(object? value, Span<double> theta)
    {
        double[] x = value switch
        {
            Real r when !IsVector => [r.Value],
            double d when !IsVector => [d],
            Real[] rs when IsVector && rs.Length == ConstrainedLength => Array.ConvertAll(rs, r => r.Value),
            double[] ds when IsVector && ds.Length == ConstrainedLength => ds,
            _ => throw new UnnamedModelException($"the initial value for '{Address}' is a {value?.GetType().Name ?? "null"}; the choice needs {(IsVector ? $"a vector of {ConstrainedLength}" : "a scalar")}.", Address),
        };
        if (!Support.Contains(x))
            throw new UnnamedModelException($"the initial value for '{Address}' lies outside the support {Support.Name}.", Address);
        Support.Bijector.Inverse(x, theta);
    }

    /// <summary>
    /// Turns an address into a Stan-style name: named components joined by '.', consecutive integer components as
    /// 1-based indices in one pair of brackets (<c>theta/3</c> → <c>theta[4]</c>, <c>Sigma/0/1</c> → <c>Sigma[1,2]</c>).
    /// </summary>
    public static string StanName(Address address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var sb = new System.Text.StringBuilder();
        bool inBrackets = false;
        foreach (var c in address.Components())
        {
            if (c is int i)
            {
                sb.Append(inBrackets ? ',' : '[').Append(i + 1);
                inBrackets = true;
                continue;
            }
            if (inBrackets) sb.Append(']');
            inBrackets = false;
            if (sb.Length > 0) sb.Append('.');
            sb.Append((string)c);
        }
        if (inBrackets) sb.Append(']');
        return sb.ToString();
    }
}
