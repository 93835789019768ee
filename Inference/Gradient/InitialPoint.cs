namespace Probabilistic.Inference;

/// <summary>
/// <see cref="McmcOptions.InitialValues"/> as a point of the unconstrained space: the coordinates of the choices
/// given, and which coordinates those are; the others are drawn at random as for a start without initial values (Stan's
/// partial <c>init</c>). An address that is not one of the model's continuous choices is an error naming it with the
/// nearest addresses the model has.
/// </summary>
/// <param name="Theta">The unconstrained coordinates (0 where not given).</param>
/// <param name="Given">True for the coordinates of given choices.</param>
internal sealed record InitialPoint(double[] Theta, bool[] Given)
{
    /// <summary>Reads <paramref name="values"/> against <paramref name="density"/>'s blocks.</summary>
    /// <param name="density">The target's blocks, conditions and dimension.</param>
    /// <param name="values">Constrained initial values by address.</param>
    /// <param name="alsoAllowed">Other choices of the model the values may name (Gibbs: the discrete ones), handled by the caller.</param>
    /// <exception cref="ModelException">An address is observed, or not a choice of the model (with the nearest ones), or a
    /// value has the wrong type, length or support: named as <paramref name="density"/>'s errors are (unnamed, for its
    /// entry point to name, when an entry point runs it).</exception>
    public static InitialPoint Resolve<T>(ModelDensity<T> density, ChoiceMap values, IReadOnlyCollection<Address>? alsoAllowed = null)
    {
        try
        {
            return Read(density, values, alsoAllowed ?? []);
        }
        catch (UnnamedModelException e) when (density.Algorithm is not null)
        {
            throw e.Named(density.Algorithm);
        }
    }

    private static InitialPoint Read<T>(ModelDensity<T> density, ChoiceMap values, IReadOnlyCollection<Address> alsoAllowed)
    {
        var byAddress = density.Blocks.ToDictionary(b => b.Address);
        foreach (var address in values.Addresses)
        {
            if (byAddress.ContainsKey(address) || alsoAllowed.Contains(address)) continue;
            if (density.Conditions.Contains(address))
                throw new UnnamedModelException($"InitialValues names '{address}', which is observed (conditioned on); initial values are for the choices sampled.", address);
            var known = density.Blocks.Select(b => b.Address).Concat(alsoAllowed).ToList();
            throw new UnnamedModelException($"InitialValues names '{address}', which is not a choice of the model; {Nearest(address, known)}", address);
        }
        var theta = new double[density.Dimension];
        var given = new bool[density.Dimension];
        foreach (var b in density.Blocks)
        {
            if (!values.TryGetValue(b.Address, out var v)) continue;
            b.Unconstrain(v, theta.AsSpan(b.Offset, b.UnconstrainedLength));
            given.AsSpan(b.Offset, b.UnconstrainedLength).Fill(true);
        }
        return new InitialPoint(theta, given);
    }

    /// <summary>"did you mean 'a' or 'b'?" for addresses within a third of the name's length in edit distance; else the model's addresses.</summary>
    private static string Nearest(Address address, IReadOnlyList<Address> known)
    {
        string name = address.ToString();
        var near = known.Select(a => (Address: a, Distance: EditDistance(name, a.ToString())))
            .Where(p => p.Distance <= Math.Max(2, name.Length / 3)).OrderBy(p => p.Distance).Take(3).Select(p => $"'{p.Address}'").ToList();
        if (near.Count > 0) return $"did you mean {string.Join(" or ", near)}?";
        return $"its continuous choices are {string.Join(", ", known.Take(10).Select(a => $"'{a}'"))}{(known.Count > 10 ? $", … ({known.Count} in all)" : "")}.";
    }

    /// <summary>The Levenshtein distance (insertions, deletions, substitutions).</summary>
    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
