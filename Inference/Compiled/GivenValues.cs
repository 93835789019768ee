using Probabilistic.Compilation;

namespace Probabilistic.Inference.Compiled;

/// <summary>
/// A choice map located once in a compiled particle program's slots (<see cref="IChoiceParticleProgram{TState, TResult}.Locate"/>),
/// so that a particle's choice site looks up its slot and key instead of building an address: a slot that no given
/// address has costs one array read. Notes which given values were taken, to name the addresses the program never
/// visits as <see cref="Particles.Stepper.Constrained"/> names them; every particle of a compiled (static) program visits
/// the same addresses, so the notes are shared by the particles (and the threads: a note only ever turns true).
/// </summary>
internal sealed class GivenValues
{
    private readonly Address[] _addresses;
    private readonly object[] _values;
    private readonly bool[] _taken;
    private readonly Dictionary<long, int>?[] _bySlot;

    private GivenValues(Address[] addresses, object[] values, Dictionary<long, int>?[] bySlot)
    {
        _addresses = addresses;
        _values = values;
        _taken = new bool[addresses.Length];
        _bySlot = bySlot;
    }

    /// <summary><paramref name="map"/>'s values by <paramref name="program"/>'s slots (an address it has no choice at is never given).</summary>
    public static GivenValues Locate<TState, TProgram, T>(ChoiceMap map, TProgram program)
        where TState : struct
        where TProgram : struct, IChoiceParticleProgram<TState, T>
    {
        var addresses = new Address[map.Count];
        var values = new object[map.Count];
        var located = new List<(int Slot, long Key, int Entry)>(map.Count);
        int e = 0, slots = 0;
        foreach (var (address, value) in map)
        {
            addresses[e] = address;
            values[e] = value;
            if (program.Locate(address, out int slot, out long key))
            {
                located.Add((slot, key, e));
                slots = Math.Max(slots, slot + 1);
            }
            e++;
        }
        var bySlot = new Dictionary<long, int>?[slots];
        foreach (var (slot, key, entry) in located) (bySlot[slot] ??= [])[key] = entry;
        return new GivenValues(addresses, values, bySlot);
    }

    /// <summary>The value given at <paramref name="slot"/> and <paramref name="key"/>, if any.</summary>
    public bool TryGet(int slot, long key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out object? value)
    {
        if ((uint)slot >= (uint)_bySlot.Length || _bySlot[slot] is not { } byKey || !byKey.TryGetValue(key, out int e))
        {
            value = null;
            return false;
        }
        _taken[e] = true;
        value = _values[e];
        return true;
    }

    /// <summary>
    /// After particle <paramref name="particle"/> finished: the constrained stepper's error when some given address was
    /// never visited (<c>ConstrainedStepper.Finished</c>'s message).
    /// </summary>
    public void ThrowIfUnvisited(int particle)
    {
        if (Array.TrueForAll(_taken, t => t)) return;
        var missing = _addresses.Where((_, e) => !_taken[e]).ToList();
        throw new ModelException(
            $"Population: the constraints name {(missing.Count == 1 ? "address" : "addresses")} {string.Join(", ", missing.Take(5).Select(a => $"'{a}'"))}{(missing.Count > 5 ? ", …" : "")}, which particle {particle} finished without visiting.",
            missing.FirstOrDefault());
    }
}
