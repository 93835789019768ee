using Probabilistic.Distributions;
using Probabilistic.Interpretation;
using Probabilistic.Syntax;

namespace Probabilistic.Inference.Enumeration;

/// <summary>
/// The interpretation behind an enumerated density: conditioned choices are scored at their given value; an
/// unobserved discrete choice of finite support suspends the machine so that the enumerator can branch on its values;
/// a continuous choice takes its value from θ through its support's bijector (its log |det J| is added once per run,
/// however many branches visit it). It tracks the plate elements and fold steps open (their boundaries are the
/// machine's scope hooks) and suspends at the end of the one being enumerated.
/// </summary>
internal sealed class EnumerationHandler(ChoiceMap conditions) : Handler
{
    // Discovery: continuous choices drawn from the prior (once each) and their blocks recorded.
    private Rng? _rng;
    private List<ParameterBlock>? _discovered;
    private readonly Dictionary<Address, Choice> _drawn = [];
    private HashSet<Address>? _conditionsSeen;
    private List<Address>? _discrete;
    private HashSet<Address>? _discreteSeen;
    private int _offset, _constrainedOffset;

    // Evaluation: blocks by address, and each block's value once a branch has visited it.
    private Dictionary<Address, int>? _blockIndex;
    private IReadOnlyList<ParameterBlock>? _layout;
    private Real[] _theta = [];
    private Real[]?[] _values = [];
    private double[]? _constrained;
    private int _visitedBlocks;

    /// <summary>The current branch's log weight (log densities of its choices and observations).</summary>
    public Real LogWeight;

    /// <summary>Σ log |det J| of the continuous choices visited in this run.</summary>
    public Real LogJacobian;

    /// <summary>The current branch's open scopes.</summary>
    public EnumerationScope? Scope;

    /// <summary>Continuous choices the current branch has visited.</summary>
    public int ContinuousVisits;

    /// <summary>The depth of the scope whose end suspends the machine (0: none).</summary>
    public int ActiveDepth;

    /// <summary>Set when the machine suspended at a discrete choice.</summary>
    public ISampleNode? PendingNode;

    /// <summary>The address of <see cref="PendingNode"/>.</summary>
    public Address? PendingAddress;

    /// <summary>Set when the machine suspended at the end of a scope: that scope, and whether it was its structure's last.</summary>
    public EnumerationScope? ExitedScope;

    /// <summary>Whether <see cref="ExitedScope"/> was the last element or step.</summary>
    public bool ExitedLast;

    public override bool SamplesInPlace => false;

    public override bool NeverSuspends => false;

    public override bool ObservesScopes => true;

    /// <summary>The continuous blocks found by the last discovery run.</summary>
    public List<ParameterBlock> Discovered => _discovered ?? throw new InvalidOperationException("No discovery run.");

    /// <summary>The discrete choices found by the last discovery run, in first-visit order.</summary>
    public List<Address> DiscreteAddresses => _discrete ?? throw new InvalidOperationException("No discovery run.");

    /// <summary>The distinct conditioned choices the discovery run visited.</summary>
    public int ConditionsVisited => _conditionsSeen?.Count ?? 0;

    public void BeginDiscovery(Rng rng)
    {
        _rng = rng;
        _discovered = [];
        _drawn.Clear();
        _conditionsSeen = [];
        _discrete = [];
        _discreteSeen = [];
        _offset = _constrainedOffset = 0;
        _layout = null;
        _blockIndex = null;
        Reset();
    }

    public void BeginEvaluation(IReadOnlyList<ParameterBlock> layout, Dictionary<Address, int> blockIndex, Real[] theta, double[]? constrained)
    {
        _discovered = null;
        _conditionsSeen = null;
        _layout = layout;
        _blockIndex = blockIndex;
        _theta = theta;
        _constrained = constrained;
        if (_values.Length != layout.Count) _values = new Real[]?[layout.Count];
        else Array.Clear(_values);
        _visitedBlocks = 0;
        Reset();
    }

    private void Reset()
    {
        LogWeight = 0;
        LogJacobian = 0;
        Scope = null;
        ContinuousVisits = 0;
        ActiveDepth = 0;
        PendingNode = null;
        PendingAddress = null;
        ExitedScope = null;
    }

    /// <summary>After an evaluation, checks that every discovered continuous choice was visited.</summary>
    public void EndEvaluation()
    {
        if (_layout is null || _visitedBlocks == _layout.Count) return;
        var missing = _layout[Array.FindIndex(_values, v => v is null)].Address;
        throw new UnnamedModelException(
            $"the model did not visit the continuous choice '{missing}' this time, though it did when its structure was discovered; " +
            "the set of choices changes with their values (stochastic control flow), which gradient-based samplers cannot follow — use Gibbs, MH or SMC.", missing);
    }

    public override void OnScopeEnter(ScopeKind kind, Address scope, int index) => Scope = new EnumerationScope(kind, scope, index, Scope);

    public override bool OnScopeExit(ScopeKind kind, int index, bool last)
    {
        var s = Scope!;
        Scope = s.Parent;
        if (s.Depth != ActiveDepth) return true;
        ExitedScope = s;
        ExitedLast = last;
        return false;
    }

    public override bool OnScore(Real logWeight, Address? address, bool isObservation)
    {
        LogWeight += logWeight;
        return true;
    }

    public override Choice? OnSample(ISampleNode node, Machine m)
    {
        var address = m.Resolve(node.Local);
        if (conditions.TryGetValue(address, out var given))
        {
            var c = node.Score(address, given, out var lp);
            LogWeight += lp;
            _conditionsSeen?.Add(address);
            return c;
        }
        var dist = node.Distribution;
        if (node.FiniteSupport() is not null)
        {
            if (_discreteSeen is not null && _discreteSeen.Add(address)) _discrete!.Add(address);
            PendingNode = node;
            PendingAddress = address;
            return null;
        }
        var support = (dist as IHasSupport)?.Support;
        bool scalar = dist is IDistribution<Real>, vector = dist is IDistribution<Real[]>;
        if ((!scalar && !vector) || support is null || support.IsDiscrete)
            throw new UnnamedModelException(
                $"the choice at '{address}' ({DescribeDistribution(dist)}) is discrete with an unbounded support, which enumeration cannot sum out. " +
                "Condition on it, or sample it with an algorithm that moves discrete choices (Infer.Mh, Infer.Smc, Infer.ParticleGibbs).", address);
        ContinuousVisits++;
        return _layout is null ? Discover(node, address, support, vector) : Evaluate(node, address, vector);
    }

    private Choice Discover(ISampleNode node, Address address, Support support, bool vector)
    {
        if (!_drawn.TryGetValue(address, out var drawn))
        {
            var bijector = support.Bijector;
            var block = new ParameterBlock(address, _offset, _constrainedOffset, bijector.UnconstrainedDimension, bijector.ConstrainedDimension, vector, support);
            _offset += block.UnconstrainedLength;
            _constrainedOffset += block.ConstrainedLength;
            _discovered!.Add(block);
            _drawn[address] = drawn = node.Draw(address, _rng!);
        }
        var c = node.Score(address, drawn.BoxedValue, out var lp);
        LogWeight += lp;
        return c;
    }

    private Choice Evaluate(ISampleNode node, Address address, bool vector)
    {
        if (!_blockIndex!.TryGetValue(address, out int k))
            throw new UnnamedModelException(
                $"the model visited the continuous choice '{address}', which its structure, discovered in a first run, does not have; " +
                "the set of choices changes with their values (stochastic control flow), which gradient-based samplers cannot follow — use Gibbs, MH or SMC.", address);
        var block = _layout![k];
        var x = _values[k];
        if (x is null)
        {
            var bijector = ((IHasSupport)node.Distribution).Support.Bijector;
            if (bijector.UnconstrainedDimension != block.UnconstrainedLength || bijector.ConstrainedDimension != block.ConstrainedLength || vector != block.IsVector)
                throw new UnnamedModelException(
                    $"the choice '{address}' changed dimension (from {block.ConstrainedLength} to {bijector.ConstrainedDimension} coordinates) between runs.", address);
            x = new Real[block.ConstrainedLength];
            LogJacobian += bijector.Forward(_theta.AsSpan(block.Offset, block.UnconstrainedLength), x);
            _values[k] = x;
            _visitedBlocks++;
            if (_constrained is not null)
                for (int i = 0; i < x.Length; i++) _constrained[block.ConstrainedOffset + i] = x[i].Value;
        }
        if (!vector)
        {
            var d = (IDistribution<Real>)node.Distribution;
            var lp = d.LogProb(x[0]);
            LogWeight += lp;
            return new Choice<Real>(address, d, x[0], lp.Value);
        }
        else
        {
            var d = (IDistribution<Real[]>)node.Distribution;
            var lp = d.LogProb(x);
            LogWeight += lp;
            return new Choice<Real[]>(address, d, x, lp.Value);
        }
    }

    internal static string DescribeDistribution(object dist) =>
        dist.GetType().GetProperty("Name")?.GetValue(dist) as string ?? dist.GetType().Name;
}
