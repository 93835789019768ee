namespace Probabilistic;

/// <summary>
/// One random choice recorded in a trace: its address, its distribution, its value and the log
/// density of the value under the distribution.
/// </summary>
public abstract class Choice
{
    private protected Choice(Address address, double logProb)
    {
        Address = address;
        LogProb = logProb;
    }

    /// <summary>Where the choice was made.</summary>
    public Address Address { get; }

    /// <summary>log p(value) under <see cref="Distribution"/>.</summary>
    public double LogProb { get; }

    /// <summary>The value, boxed.</summary>
    public abstract object BoxedValue { get; }

    /// <summary>The distribution the value was drawn from or scored under.</summary>
    public abstract object Distribution { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Address} = {BoxedValue} ~ {Distribution} (log p = {LogProb})";
}

/// <summary>A random choice with a value of type <typeparamref name="T"/>.</summary>
public sealed class Choice<T> : Choice
{
    /// <summary>Records a choice.</summary>
    public Choice(Address address, IDistribution<T> distribution, T value, double logProb) : base(address, logProb)
    {
        Dist = distribution;
        Value = value;
    }

    /// <summary>The value.</summary>
    public T Value { get; }

    /// <summary>The distribution.</summary>
    public IDistribution<T> Dist { get; }

    /// <inheritdoc />
    public override object BoxedValue => Value!;

    /// <inheritdoc />
    public override object Distribution => Dist;
}
