namespace Probabilistic;

/// <summary>
/// An error in a model or in how it is run, naming the address where it happened when there is one:
/// a duplicate address, a constraint the model never visits, a value of the wrong type, a choice an
/// algorithm cannot handle.
/// </summary>
public class ModelException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public ModelException(string message, Address? address = null, Exception? inner = null) : base(message, inner) => Address = address;

    /// <summary>The address concerned, if any.</summary>
    public Address? Address { get; }
}

/// <summary>Two choices (or two addressed observations) of one run share an address.</summary>
public sealed class DuplicateAddressException(Address address)
    : ModelException($"Address '{address}' is used twice in one run of the model; every choice needs its own address (use Plate, Fold or Call to index repeated choices).", address);
