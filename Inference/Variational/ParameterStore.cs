using Probabilistic.Distributions;
using Probabilistic.Numerics;

namespace Probabilistic.Inference.Variational;

/// <summary>
/// The learnable parameters of models and guides (Pyro's <c>ParamStore</c>): each <c>Param</c> address owns a block of
/// a flat vector of unconstrained reals, mapped onto its constraint by the support's bijector (Stan's constraint
/// transforms), created from its initial value on first use. Optimizers update <see cref="Unconstrained"/>; during a
/// gradient evaluation the parameters are tape variables, so objectives differentiate with respect to them.
/// Saved and loaded as JSON with constrained values.
/// </summary>
/// <remarks>Not thread-safe: one store is read by one run at a time.</remarks>
public sealed partial class ParameterStore : IParameterSource
{
    private sealed class Entry(Address address, Support support, Bijector bijector, int offset, bool isVector)
    {
        public readonly Address Address = address;
        public readonly Support Support = support;
        public readonly Bijector Bijector = bijector;
        public readonly int Offset = offset;
        public readonly bool IsVector = isVector;
        public int Length => Bijector.UnconstrainedDimension;
        public Real[]? Current; // the constrained value during a gradient evaluation
        public IParameterConstraint? Constraint; // as first read (null: unconstrained), for the allocation-free lookup
    }

    private readonly List<Entry> _entries = [];
    private readonly Dictionary<Address, Entry> _byAddress = [];
    private readonly List<double> _unconstrained = [];
    private readonly Dictionary<Address, double[]> _loaded = [];
    private Tape? _tape;
    private Real[] _variables = [];

    /// <summary>The minibatch source of subsampled plates while SVI runs (null otherwise: whole plates).</summary>
    internal ISubsampler? Subsampler
    {
        get => _subsampler;
        set
        {
            _subsampler = value;
            _scope = null;
        }
    }

    private ISubsampler? _subsampler;
    private Interpretation.Scope? _scope;

    /// <summary>
    /// The scope a model or guide runs in under this store (its parameters, and the subsampler's minibatches), built once
    /// per subsampler rather than per run: scopes are immutable, so every run and thread may share it.
    /// </summary>
    internal Interpretation.Scope? Scope => _scope ??= Interpretation.Scope.Of(this, _subsampler);

    /// <summary>The number of parameters (addresses).</summary>
    public int Count => _entries.Count;

    /// <summary>The length of the unconstrained vector.</summary>
    public int Dimension => _unconstrained.Count;

    /// <summary>The parameters' addresses, in order of creation.</summary>
    public IEnumerable<Address> Addresses => _entries.Select(e => e.Address);

    /// <summary>True when the store has a parameter at <paramref name="address"/>.</summary>
    public bool Contains(Address address) => _byAddress.ContainsKey(address);

    /// <summary>The unconstrained values (a copy).</summary>
    public double[] Unconstrained => [.. _unconstrained];

    /// <summary>Overwrites the unconstrained values (what an optimizer does).</summary>
    /// <exception cref="ArgumentException">The length differs from <see cref="Dimension"/>, or a value is not finite (named by parameter).</exception>
    public void SetUnconstrained(ReadOnlySpan<double> values)
    {
        if (values.Length != _unconstrained.Count)
            throw new ArgumentException($"ParameterStore: {values.Length} values given for {_unconstrained.Count} unconstrained coordinates.", nameof(values));
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
                throw new ArgumentException($"ParameterStore: the value for parameter '{Owner(i).Address}' (coordinate {i}) is {values[i]:R}; parameters must stay finite.", nameof(values));
            _unconstrained[i] = values[i];
        }
    }

    /// <summary>The constrained value of the scalar parameter at <paramref name="address"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such parameter.</exception>
    public double Get(Address address) => Constrained(Find(address, vector: false))[0];

    /// <summary>The constrained value of the vector parameter at <paramref name="address"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such parameter.</exception>
    public double[] GetVector(Address address) => Constrained(Find(address, vector: true));

    /// <inheritdoc />
    public Real Scalar(Address address, Real init, IParameterConstraint? constraint)
    {
        // The common case, a parameter read again with its own constraint, allocates nothing here.
        if (_byAddress.TryGetValue(address, out var known) && !known.IsVector && ReferenceEquals(known.Constraint, constraint))
            return Value(known)[0];
        var e = Resolve(address, [init.Value], constraint, vector: false);
        return Value(e)[0];
    }

    /// <inheritdoc />
    public Real[] Vector(Address address, Real[] init, IParameterConstraint? constraint)
    {
        var e = Resolve(address, Array.ConvertAll(init, r => r.Value), constraint, vector: true);
        return (Real[])Value(e).Clone();
    }

    /// <summary>Starts a gradient evaluation: parameters read from now on are variables of <paramref name="tape"/>.</summary>
    internal void BeginGradient(Tape tape)
    {
        _tape = tape;
        foreach (var e in _entries) e.Current = null;
        _variables = new Real[_unconstrained.Count];
    }

    /// <summary>Ends a gradient evaluation: writes ∂output/∂(unconstrained parameters) into <paramref name="gradient"/> (0 for parameters the run did not read).</summary>
    internal void EndGradient(Span<double> gradient)
    {
        var tape = _tape ?? throw new InvalidOperationException("ParameterStore: no gradient evaluation in progress.");
        for (int i = 0; i < gradient.Length; i++)
            gradient[i] = i < _variables.Length && _variables[i].Tape is not null ? tape.Adjoint(_variables[i]) : 0;
        _tape = null;
        foreach (var e in _entries) e.Current = null;
    }

    private Entry Resolve(Address address, double[] init, IParameterConstraint? constraint, bool vector)
    {
        var support = constraint switch
        {
            null => vector ? Support.RealVector(init.Length) : Support.Real,
            Support s => s,
            _ => throw new ArgumentException($"Param '{address}': the constraint {constraint.Name} is not a support of the distributions library.", nameof(constraint)),
        };
        if (_byAddress.TryGetValue(address, out var e))
        {
            if (e.IsVector != vector || e.Support.Name != support.Name)
                throw new ModelException($"Param '{address}' is read as a {(vector ? "vector" : "scalar")} on {support.Name}, but the store holds it as a {(e.IsVector ? "vector" : "scalar")} on {e.Support.Name}.", address);
            return e;
        }
        if (support.IsDiscrete) throw new ModelException($"Param '{address}': the constraint {support.Name} is discrete; parameters are continuous.", address);
        var bijector = support.Bijector;
        var constrained = _loaded.TryGetValue(address, out var saved) ? saved : init;
        if (constrained.Length != bijector.ConstrainedDimension)
            throw new ModelException($"Param '{address}' has {constrained.Length} values but its constraint {support.Name} has {bijector.ConstrainedDimension} coordinates.", address);
        if (!support.Contains(constrained))
            throw new ModelException($"Param '{address}': the initial value lies outside its constraint {support.Name}.", address);
        e = new Entry(address, support, bijector, _unconstrained.Count, vector) { Constraint = constraint };
        var u = new double[bijector.UnconstrainedDimension];
        bijector.Inverse(constrained, u);
        _unconstrained.AddRange(u);
        _entries.Add(e);
        _byAddress.Add(address, e);
        return e;
    }

    private Real[] Value(Entry e)
    {
        if (e.Current is not null) return e.Current;
        var u = new Real[e.Length];
        if (_tape is not null)
        {
            if (_variables.Length < _unconstrained.Count) Array.Resize(ref _variables, _unconstrained.Count);
            for (int i = 0; i < u.Length; i++) u[i] = _variables[e.Offset + i] = _tape.Variable(_unconstrained[e.Offset + i]);
        }
        else for (int i = 0; i < u.Length; i++) u[i] = _unconstrained[e.Offset + i];
        var x = new Real[e.Bijector.ConstrainedDimension];
        e.Bijector.Forward(u, x);
        if (_tape is not null) e.Current = x; // one set of nodes per evaluation, however often it is read
        return x;
    }

    private double[] Constrained(Entry e)
    {
        var u = new Real[e.Length];
        for (int i = 0; i < u.Length; i++) u[i] = _unconstrained[e.Offset + i];
        var x = new Real[e.Bijector.ConstrainedDimension];
        e.Bijector.Forward(u, x);
        return Array.ConvertAll(x, r => r.Value);
    }

    private Entry Find(Address address, bool vector)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!_byAddress.TryGetValue(address, out var e))
            throw new KeyNotFoundException($"ParameterStore: no parameter at '{address}'.");
        if (e.IsVector != vector)
            throw new ArgumentException($"ParameterStore: the parameter at '{address}' is a {(e.IsVector ? "vector (use GetVector)" : "scalar (use Get)")}.", nameof(address));
        return e;
    }

    private Entry Owner(int coordinate) => _entries.Last(e => e.Offset <= coordinate);
}
