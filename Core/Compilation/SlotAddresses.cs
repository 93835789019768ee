namespace Probabilistic.Compilation;

/// <summary>Address patterns of the generated slots: a plate's elements (<c>name/i</c>) and a fold step's choices (<c>fold/t/local</c>).</summary>
public static class SlotAddresses
{
    /// <summary>True when <paramref name="address"/> is <c><paramref name="prefix"/>/i</c>, with i in <paramref name="index"/>.</summary>
    public static bool IsElement(Address address, Address prefix, out int index)
    {
        ArgumentNullException.ThrowIfNull(address);
        index = address.Index;
        return address.Parent is { } parent && address.Name is null && parent.Equals(prefix);
    }

    /// <summary>True when <paramref name="address"/> is <c><paramref name="prefix"/>/t/<paramref name="suffix"/></c>, with t in <paramref name="index"/>.</summary>
    public static bool IsStepChoice(Address address, Address prefix, Address suffix, out int index)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(suffix);
        index = 0;
        if (address.Depth != prefix.Depth + 1 + suffix.Depth) return false;
        var a = address;
        for (var s = suffix; !s.IsRoot; s = s.Parent!, a = a.Parent!)
            if (a.Name != s.Name || (s.Name is null && a.Index != s.Index)) return false;
        if (a.Name is not null) return false;
        index = a.Index;
        return a.Parent!.Equals(prefix);
    }

    /// <summary>
    /// True when no address of <paramref name="addresses"/> equals or extends another: the fixed parts of a program's
    /// addresses at one level (its choices, plates, folds and named observations) cannot then collide. A program whose
    /// addresses may collide gets no slots (it runs interpreted, which raises the <see cref="DuplicateAddressException"/>).
    /// </summary>
    public static bool Distinct(params Address[] addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        for (int i = 0; i < addresses.Length; i++)
            for (int j = 0; j < addresses.Length; j++)
                if (i != j && addresses[i].StartsWith(addresses[j])) return false;
        return true;
    }
}
