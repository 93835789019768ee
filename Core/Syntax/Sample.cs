using Probabilistic.Interpretation;

namespace Probabilistic.Syntax;

/// <summary>The untyped view of a <c>Sample</c> node that handlers use to make its choice.</summary>
internal interface ISampleNode
{
    /// <summary>The address relative to the current namespace.</summary>
    Address Local { get; }

    /// <summary>The distribution (an <see cref="IDistribution{T}"/>).</summary>
    object Distribution { get; }

    /// <summary>Draws a value from the distribution.</summary>
    Choice Draw(Address address, Rng rng);

    /// <summary>Records a given value (a constraint); a value of the wrong type is an error naming the address.</summary>
    Choice Score(Address address, object value);

    /// <summary>As <see cref="Score(Address, object)"/>, also giving the log density as a <see cref="Real"/> (gradients flow to tape parameters).</summary>
    Choice Score(Address address, object value, out Real logProb);

    /// <summary>Keeps the value of <paramref name="previous"/>, rescored under this node's distribution.</summary>
    Choice Reuse(Address address, Choice previous);

    /// <summary>True when the distribution is finite (<see cref="FiniteSupport"/> is not null).</summary>
    bool HasFiniteSupport { get; }

    /// <summary>The support, boxed, when the distribution is finite; null otherwise.</summary>
    IReadOnlyList<object>? FiniteSupport();

    /// <summary>Continues a machine suspended at this node with the given value.</summary>
    void ResumeWith(object value, Machine m);
}

/// <summary><c>Sample(address, dist)</c>: a random choice.</summary>
internal sealed class SampleNode<T>(Address local, IDistribution<T> dist) : Model<T>, ISampleNode
{
    public Address Local { get; } = local;
    public IDistribution<T> Dist { get; } = dist;
    object ISampleNode.Distribution => Dist;

    /// <summary>Asks the handler for the value; false means the handler suspended the machine here.</summary>
    internal bool TryChoose(Machine m, out T value)
    {
        var rng = m.Handler.PriorRng;
        if (rng is not null)
        {
            value = Dist.Sample(rng);
            return true;
        }
        var c = (Choice<T>?)m.Handler.OnSample(this, m);
        if (c is null)
        {
            value = default!;
            return false;
        }
        value = c.Value;
        return true;
    }

    /// <summary>The value, for handlers that never suspend at choices.</summary>
    internal T Choose(Machine m) =>
        TryChoose(m, out var v) ? v : throw new InvalidOperationException("A handler that samples in place suspended at a choice.");

    internal override void Run(Machine m)
    {
        if (TryChoose(m, out var v)) m.Return(v);
        else m.Suspend(this);
    }

    public Choice Draw(Address address, Rng rng)
    {
        var v = Dist.Sample(rng);
        return new Choice<T>(address, Dist, v, Dist.LogProb(v).Value);
    }

    public Choice Score(Address address, object value) => Score(address, value, out _);

    public Choice Score(Address address, object value, out Real logProb)
    {
        if (value is not T v)
        {
            // A null value is a value of a nullable T (enumeration passes a finite support's values boxed).
            if (value is not null || default(T) is not null)
                throw new ModelException($"The value given for address '{address}' is a {value?.GetType().Name ?? "null"}, but the choice there is a {typeof(T).Name} from {Dist.Name}.", address);
            v = default!;
        }
        logProb = Dist.LogProb(v);
        return new Choice<T>(address, Dist, v, logProb.Value);
    }

    public Choice Reuse(Address address, Choice previous)
    {
        if (previous is Choice<T> p) return new Choice<T>(address, Dist, p.Value, Dist.LogProb(p.Value).Value);
        return Score(address, previous.BoxedValue);
    }

    public bool HasFiniteSupport => Dist is IFiniteDistribution<T>;

    public IReadOnlyList<object>? FiniteSupport()
    {
        if (Dist is not IFiniteDistribution<T> f) return null;
        var s = f.EnumerateSupport();
        var r = new object[s.Count];
        for (int i = 0; i < r.Length; i++) r[i] = s[i]!;
        return r;
    }

    public void ResumeWith(object value, Machine m) => m.Return((T)value);
}
