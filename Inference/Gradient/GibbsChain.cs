using Probabilistic.Distributions;

namespace Probabilistic.Inference;

/// <summary>
/// One Gibbs chain over a model with discrete and continuous choices: each sweep draws every discrete choice
/// from its exact full conditional, enumerating its finite support with all other choices fixed, then moves the
/// continuous choices with one adapting HMC/NUTS transition of the density conditioned on the discrete values
/// (Geman &amp; Geman 1984; a Metropolis-within-Gibbs composition as in Turing.jl's <c>Gibbs(HMC, PG)</c> and
/// PyMC's compound steps). Both kernels leave the posterior invariant, so their cycle does. Its model errors are
/// <see cref="UnnamedModelException"/>s, which <see cref="Infer.Gibbs{T}"/> names.
/// </summary>
internal sealed class GibbsChain<T>
{
    private readonly Model<T> _model;
    private readonly ChoiceMap _observations;
    private readonly HamiltonianOptions _o;
    private readonly int _chain;
    private readonly Rng _rng;
    private readonly List<Address> _discrete = [];
    private ChoiceMap _state;
    private ModelDensity<T> _density = null!;
    private HamiltonianKernel _kernel = null!;

    private readonly ChoiceMap? _initialValues;

    public GibbsChain(Model<T> model, ChoiceMap observations, HamiltonianOptions options, int chain, ChoiceMap? initialValues = null)
    {
        _initialValues = initialValues;
        _model = model;
        _observations = observations;
        _o = options;
        _chain = chain;
        _rng = new Rng(options.Seed, (ulong)chain);
        var (trace, _) = model.Generate(observations, _rng);
        foreach (var c in trace.ChoiceRecords)
        {
            if (observations.Contains(c.Address)) continue;
            if (c is Choice<int> or Choice<bool>)
            {
                if (FiniteSupport(c) is null)
                    throw new UnnamedModelException($"the discrete choice at '{c.Address}' has an infinite support ({c.Distribution}), which exact conditional enumeration cannot list.", c.Address);
                _discrete.Add(c.Address);
            }
        }
        _state = trace.Choices.Filter(!Selection.Of(observations.Addresses));
        if (initialValues is null) return;
        foreach (var a in _discrete)
        {
            if (!initialValues.TryGetValue(a, out var v)) continue;
            var support = FiniteSupport(trace[a])!;
            if (!support.Contains(v))
                throw new UnnamedModelException($"the initial value {v} of the discrete choice '{a}' is not in its support ({string.Join(", ", support.Take(10))}{(support.Count > 10 ? ", …" : "")}).", a);
            _state = _state.With(a, v);
        }
    }

    /// <summary>Addresses of the discrete choices, in visiting order.</summary>
    public IReadOnlyList<Address> DiscreteAddresses => _discrete;

    /// <summary>The continuous block's density under the current discrete values.</summary>
    public ModelDensity<T> Density => _density;

    public void Initialize()
    {
        _density = ModelDensity<T>.ForEntryPoint(_model, _observations.Merge(DiscreteValues()), _rng.NextULong(), interpreted: _o.Interpreted, generatedGradient: !_o.TapeGradient);
        _kernel = new HamiltonianKernel(_density, _o, _chain, _rng);
        var init = _initialValues is null ? null : InitialPoint.Resolve(_density, _initialValues, _discrete);
        try
        {
            _kernel.Initialize(init?.Theta, init?.Given);
        }
        catch (UnnamedModelException e) when (_discrete.Count > 0)
        {
            // The continuous block's density depends on the discrete values it starts from: say which.
            var values = string.Join(", ", _discrete.Take(8).Select(a => $"{a} = {_state[a]}"));
            throw new UnnamedModelException($"{e.Message} (The discrete choices were at their initial values {values}{(_discrete.Count > 8 ? ", …" : "")}.)", e.Address, e.InnerException);
        }
        StoreContinuous();
    }

    /// <summary>One sweep: every discrete choice from its full conditional, then one HMC/NUTS transition.</summary>
    public DrawStatistics Sweep()
    {
        foreach (var a in _discrete) UpdateDiscrete(a);
        var density = ModelDensity<T>.ForEntryPoint(_model, _observations.Merge(DiscreteValues()), _rng.NextULong(), interpreted: _o.Interpreted, generatedGradient: !_o.TapeGradient);
        CheckSameBlocks(density);
        _density = density;
        _kernel.Retarget(density, density.Unconstrain(_state));
        var s = _kernel.Step();
        StoreContinuous();
        return s;
    }

    /// <summary>The current values: continuous columns (constrained) then discrete ones.</summary>
    public void Write(double[] row)
    {
        _density.Constrain(_kernel.State.Q, row.AsSpan(0, _density.ConstrainedDimension));
        for (int i = 0; i < _discrete.Count; i++)
            row[_density.ConstrainedDimension + i] = _state[_discrete[i]] switch { int k => k, bool b => b ? 1 : 0, var v => throw new InvalidOperationException($"unexpected {v}") };
    }

    private ChoiceMap DiscreteValues()
    {
        var m = ChoiceMap.Empty;
        foreach (var a in _discrete) m = m.With(a, _state[a]);
        return m;
    }

    private void UpdateDiscrete(Address address)
    {
        var all = _observations.Merge(_state);
        var (trace, _) = _model.Generate(all, _rng);
        var support = FiniteSupport(trace[address])!;
        var logp = new double[support.Count];
        double max = double.NegativeInfinity;
        for (int i = 0; i < support.Count; i++)
        {
            logp[i] = LogJoint(all.With(address, support[i]));
            max = Math.Max(max, logp[i]);
        }
        if (double.IsNegativeInfinity(max))
            throw new UnnamedModelException($"every value of the discrete choice '{address}' has probability zero given the others.", address);
        double total = 0;
        for (int i = 0; i < logp.Length; i++) total += logp[i] = Math.Exp(logp[i] - max);
        double u = _rng.NextDouble() * total;
        // Should rounding leave u ≥ 0 after every subtraction, take the last value of positive weight, never one of weight 0.
        int chosen = Array.FindLastIndex(logp, w => w > 0);
        for (int i = 0; i < logp.Length; i++)
        {
            u -= logp[i];
            if (u < 0) { chosen = i; break; }
        }
        _state = _state.With(address, support[chosen]);
    }

    /// <summary>
    /// log p of every choice; −∞ where a distribution rejects its parameters (an <see cref="ArgumentException"/>, e.g. a
    /// scale of 0) or the density is NaN, as <see cref="ModelDensity{T}"/> and the HMC kernels treat such points.
    /// </summary>
    private double LogJoint(ChoiceMap choices)
    {
        double lp;
        try
        {
            lp = _model.Assess(choices);
        }
        catch (ArgumentException)
        {
            return double.NegativeInfinity;
        }
        return double.IsNaN(lp) ? double.NegativeInfinity : lp;
    }

    private void StoreContinuous()
    {
        var x = new double[_density.ConstrainedDimension];
        _density.Constrain(_kernel.State.Q, x);
        foreach (var b in _density.Blocks)
            _state = _state.With(b.Address, b.IsVector
                ? (object)x.AsSpan(b.ConstrainedOffset, b.ConstrainedLength).ToArray().Select(v => new Real(v)).ToArray()
                : new Real(x[b.ConstrainedOffset]));
    }

    private void CheckSameBlocks(ModelDensity<T> density)
    {
        if (density.Blocks.Count == _density.Blocks.Count && density.Blocks.Zip(_density.Blocks).All(p => p.First.Address == p.Second.Address)) return;
        var changed = density.Blocks.Select(b => b.Address).Except(_density.Blocks.Select(b => b.Address))
            .Concat(_density.Blocks.Select(b => b.Address).Except(density.Blocks.Select(b => b.Address))).FirstOrDefault();
        throw new UnnamedModelException($"the set of continuous choices changed with the discrete values (at '{changed}'); Gibbs needs a fixed set of continuous choices.", changed);
    }

    private static IReadOnlyList<object>? FiniteSupport(Choice c) => c.Distribution switch
    {
        IFiniteDistribution<int> f => f.EnumerateSupport().Select(v => (object)v).ToArray(),
        IFiniteDistribution<bool> f => f.EnumerateSupport().Select(v => (object)v).ToArray(),
        _ => null,
    };
}
