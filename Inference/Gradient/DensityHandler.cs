using Probabilistic.Distributions;
using Probabilistic.Interpretation;
using Probabilistic.Syntax;

namespace Probabilistic.Inference;

/// <summary>
/// The interpretation behind a target density: conditioned choices (data, or other choices fixed by
/// Gibbs) are scored at their given value; every other choice must be continuous and takes its value from
/// the unconstrained vector θ through its support's bijector, adding log |det J| (Stan Reference Manual,
/// "Constraint transforms"). In discovery mode the choices are drawn from the prior and their blocks
/// recorded; in evaluation mode the visited addresses must be those discovered, in the same order.
/// </summary>
internal sealed class DensityHandler(ChoiceMap conditions) : Handler
{
    private List<ParameterBlock>? _discovered;
    private IReadOnlyList<ParameterBlock>? _layout;
    private Rng? _rng;
    private Real[] _theta = [];
    private double[]? _constrained;
    private int _site;
    private int _offset;
    private int _constrainedOffset;

    /// <summary>log p(θ) plus the log-Jacobians, accumulated over the run.</summary>
    public Real LogDensity;

    /// <summary>The number of conditioned choices visited in the last run.</summary>
    public int ConditionsVisited;

    /// <summary>The first observation (or conditioned choice) of the last run whose density was zero, described; or null.</summary>
    public string? ZeroDensityObservation;

    private int _observations;
    private HashSet<Address>? _discoveredAddresses;
    private Dictionary<string, Address>? _columnNames;

    /// <summary>Prepares a discovery run: choices are drawn from the prior with <paramref name="rng"/> and their blocks recorded.</summary>
    public void BeginDiscovery(Rng rng)
    {
        _discovered = [];
        _discoveredAddresses = [];
        _columnNames = [];
        _layout = null;
        _rng = rng;
        Reset();
    }

    /// <summary>The blocks found by the last discovery run.</summary>
    public List<ParameterBlock> Discovered => _discovered ?? throw new InvalidOperationException("No discovery run.");

    /// <summary>Prepares an evaluation at <paramref name="theta"/>; constrained values are written to <paramref name="constrained"/> when given.</summary>
    public void BeginEvaluation(IReadOnlyList<ParameterBlock> layout, Real[] theta, double[]? constrained)
    {
        _discovered = null;
        _layout = layout;
        _theta = theta;
        _constrained = constrained;
        Reset();
    }

    private void Reset()
    {
        LogDensity = 0;
        ConditionsVisited = 0;
        ZeroDensityObservation = null;
        _observations = 0;
        _site = 0;
        _offset = 0;
        _constrainedOffset = 0;
    }

    /// <summary>Checks, after an evaluation run, that every discovered choice was visited.</summary>
    public void EndEvaluation()
    {
        if (_layout is not null && _site != _layout.Count)
            throw new UnnamedModelException(
                $"the model did not visit the continuous choice '{_layout[_site].Address}' this time, though it did when its structure was discovered; " +
                "the set of choices changes with their values (stochastic control flow), which gradient-based samplers cannot follow — use Gibbs, MH or SMC.",
                _layout[_site].Address);
    }

    public override Choice? OnSample(ISampleNode node, Machine m)
    {
        var address = m.Resolve(node.Local);
        if (conditions.TryGetValue(address, out var given))
        {
            var c = node.Score(address, given, out var lp);
            if (double.IsNegativeInfinity(lp.Value)) OnZeroDensityObservation(address, given, node.Distribution);
            LogDensity += lp;
            ConditionsVisited++;
            return c;
        }
        return _layout is null ? Discover(node, address) : Evaluate(node, address);
    }

    public override bool OnScore(Real logWeight, Address? address, bool isObservation)
    {
        if (isObservation) _observations++;
        LogDensity += logWeight;
        return true;
    }

    public override void OnZeroDensityObservation(Address? address, object? value, object distribution)
    {
        if (ZeroDensityObservation is not null) return;
        var support = (distribution as IHasSupport)?.Support;
        double[]? x = value switch
        {
            Real r => [r.Value],
            double d => [d],
            int i => [i],
            Real[] v => Array.ConvertAll(v, r => r.Value),
            double[] v => v,
            _ => null,
        };
        bool outside = support is not null && x is not null && x.Length == support.Dimension && !support.Contains(x);
        string where = address is null ? $"the unaddressed observation number {_observations + 1} (in visiting order)" : $"the observation '{address}'";
        string shown = x is null ? $"{value}" : x.Length == 1 ? Format(x[0]) : $"[{string.Join(", ", x.Take(6).Select(Format))}{(x.Length > 6 ? ", …" : "")}]";
        ZeroDensityObservation = outside
            ? $"{where} = {shown} lies outside the support {support!.Name} of {DescribeDistribution(distribution)}"
            : $"{where} = {shown} has density zero under {DescribeDistribution(distribution)}{(support is null ? "" : $" (support {support.Name})")}";
    }

    private static string Format(double v) => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);

    private Choice Discover(ISampleNode node, Address address)
    {
        var dist = node.Distribution;
        var support = (dist as IHasSupport)?.Support;
        bool scalar = dist is IDistribution<Real>;
        bool vector = dist is IDistribution<Real[]>;
        if ((!scalar && !vector) || support is null || support.IsDiscrete)
            throw new UnnamedModelException(
                $"the choice at '{address}' ({DescribeDistribution(dist)}) is not continuous; gradient-based samplers need every unobserved choice continuous. " +
                "Condition on it, or use Gibbs to alternate a discrete kernel with NUTS.", address);
        var bijector = support.Bijector;
        var block = new ParameterBlock(address, _offset, _constrainedOffset, bijector.UnconstrainedDimension, bijector.ConstrainedDimension, vector, support);
        CheckDistinct(block);
        _offset += block.UnconstrainedLength;
        _constrainedOffset += block.ConstrainedLength;
        _discovered!.Add(block);
        return node.Draw(address, _rng!);
    }

    private Choice Evaluate(ISampleNode node, Address address)
    {
        var layout = _layout!;
        if (_site >= layout.Count || layout[_site].Address != address)
        {
            string expected = _site < layout.Count ? $"'{layout[_site].Address}'" : "no further choice";
            throw new UnnamedModelException(
                $"the model visited the choice '{address}' where its structure, discovered in a first run, has {expected}; " +
                "the set of choices changes with their values (stochastic control flow), which gradient-based samplers cannot follow — use Gibbs, MH or SMC.", address);
        }
        var block = layout[_site++];
        var bijector = ((IHasSupport)node.Distribution).Support.Bijector;
        if (bijector.UnconstrainedDimension != block.UnconstrainedLength || bijector.ConstrainedDimension != block.ConstrainedLength)
            throw new UnnamedModelException(
                $"the choice '{address}' changed dimension (from {block.ConstrainedLength} to {bijector.ConstrainedDimension} coordinates) between runs.", address);
        var u = _theta.AsSpan(block.Offset, block.UnconstrainedLength);
        if (!block.IsVector)
        {
            var d = (IDistribution<Real>)node.Distribution;
            var x = new Real[1];
            LogDensity += bijector.Forward(u, x);
            var lp = d.LogProb(x[0]);
            LogDensity += lp;
            Store(block, x);
            return new Choice<Real>(address, d, x[0], lp.Value);
        }
        else
        {
            var d = (IDistribution<Real[]>)node.Distribution;
            var x = new Real[block.ConstrainedLength];
            LogDensity += bijector.Forward(u, x);
            var lp = d.LogProb(x);
            LogDensity += lp;
            Store(block, x);
            return new Choice<Real[]>(address, d, x, lp.Value);
        }
    }

    /// <summary>
    /// Two choices at one address (e.g. <c>Plate("x", …)</c>'s element <c>x/1</c> and a <c>Sample("x/1", …)</c>), or two
    /// addresses with the same Stan-style column name, would make two posterior columns of one name: an error before sampling.
    /// </summary>
    private void CheckDistinct(ParameterBlock block)
    {
        if (!_discoveredAddresses!.Add(block.Address))
        {
            var last = block.Address.Components()[^1];
            string hint = last is int i && block.Address.Parent is { IsRoot: false } plate
                ? $" A Plate(\"{plate}\", …) names its elements {plate}/0, {plate}/1, …, so its element {i + 1} and a Sample(\"{block.Address}\", …) are the same address: rename one of them."
                : " Rename one of them.";
            throw new UnnamedModelException(
                $"the model samples the address '{block.Address}' twice (both would be the posterior column {block.Name}); every choice needs its own address.{hint}", block.Address);
        }
        for (int i = 0; i < block.ConstrainedLength; i++)
        {
            string name = block.ColumnName(i);
            if (_columnNames!.TryGetValue(name, out var other))
                throw new UnnamedModelException(
                    $"the choices '{other}' and '{block.Address}' would both be the posterior column {name}; rename one of them.", block.Address);
            _columnNames[name] = block.Address;
        }
    }

    private void Store(ParameterBlock block, Real[] x)
    {
        if (_constrained is null) return;
        for (int i = 0; i < x.Length; i++) _constrained[block.ConstrainedOffset + i] = x[i].Value;
    }

    private static string DescribeDistribution(object dist) => dist switch
    {
        IDistribution<Real> r => r.Name,
        IDistribution<Real[]> v => v.Name,
        IDistribution<int> i => i.Name,
        IDistribution<bool> b => b.Name,
        _ => dist.GetType().Name,
    };
}
