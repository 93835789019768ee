using TorchSharp;
using static TorchSharp.torch;
using TorchDistribution = TorchSharp.torch.distributions.Distribution;

namespace Probabilistic.Torch;

/// <summary>
/// A distribution over tensors: an adapter over a <c>torch.distributions</c> distribution (Paszke et al., PyTorch;
/// shapes as in PyTorch's "batch_shape" and "event_shape"). A value has shape <c>sample ++ batch ++ event</c>;
/// <see cref="LogProb(Tensor)"/> gives one log density per batch element (shape <c>sample ++ batch</c>), as a tensor, so
/// gradients flow to parameter tensors. Build one with <see cref="TensorDist"/>.
/// As an <see cref="IDistribution{T}"/> it also runs under the scalar interpreters: there <c>LogProb</c> is the sum of
/// the log densities, as a number (no gradient).
/// </summary>
public sealed class TensorDistribution : IDistribution<Tensor>
{
    private readonly Func<Generator?, TorchDistribution> _make;
    private readonly Func<TorchDistribution, Tensor>? _support;
    private readonly Func<Tensor, Tensor>? _logProb;
    private readonly Func<long[], TensorDistribution> _expand;
    private readonly long[] _batchShape, _eventShape;
    private Action? _validate;
    private TorchDistribution? _torch;

    private readonly Func<Generator?, long[], Tensor>? _rsample; // where TorchSharp's rsample carries no gradient

    /// <param name="name">For messages.</param>
    /// <param name="make">
    /// Builds the torch distribution with a generator (null: torch's default). It must pass aliases of the parameters
    /// (<c>t.alias()</c>): some TorchSharp distributions dispose the tensors they were given when disposed.
    /// </param>
    /// <param name="hasRsample">Whether rsample is a reparameterized draw.</param>
    /// <param name="support">The finite support as <c>[n] ++ event</c>, when there is one.</param>
    /// <param name="logProb">A log density to use instead of the torch distribution's (where TorchSharp's is wrong).</param>
    /// <param name="batchShape">The batch shape (kept here: TorchSharp 0.107 loses event shapes in <c>expand</c> and some constructors).</param>
    /// <param name="eventShape">The event shape.</param>
    /// <param name="validate">The checks of parameter values (they read tensor elements, a device sync): run once, at first use.</param>
    /// <param name="expand">Rebuilds the distribution with its parameters expanded to a batch shape.</param>
    /// <param name="rsample">A reparameterized sampler to use instead of the torch distribution's (where TorchSharp's carries no gradient).</param>
    internal TensorDistribution(string name, Func<Generator?, TorchDistribution> make, bool hasRsample, long[] batchShape, long[] eventShape,
        Func<long[], TensorDistribution> expand, Func<TorchDistribution, Tensor>? support = null, Func<Tensor, Tensor>? logProb = null,
        Action? validate = null, Func<Generator?, long[], Tensor>? rsample = null)
    {
        _validate = validate;
        _rsample = rsample;
        _batchShape = batchShape;
        _eventShape = eventShape;
        _expand = expand;
        Name = name;
        _make = make;
        HasRsample = hasRsample;
        _support = support;
        _logProb = logProb;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>
    /// The <c>torch.distributions</c> object (with the default generator), kept by this object. TorchSharp's distributions
    /// hold aliases of their parameters detached from dispose scopes, so <see cref="Sample"/>, <see cref="Rsample"/> and
    /// <see cref="LogProb(Tensor)"/> build a fresh one per call and dispose it at once: loops stay flat in memory.
    /// </summary>
    public TorchDistribution Torch
    {
        get
        {
            Validate();
            return _torch ??= _make(null);
        }
    }

    /// <summary>
    /// Checks the parameter values (positive scales, probabilities in [0, 1], finite locations), throwing an error that
    /// names the parameter. Runs once, at the first draw or density (shapes are checked when the distribution is built):
    /// a distribution that is built but never used (an observation SMC replays) costs no device sync. Whether a model run
    /// checks is the run's explicit option <see cref="TensorRunOptions.ValidateParameters"/> (tensor SVI checks its first
    /// step only unless <see cref="TensorViOptions.CheckArgumentsEveryStep"/>); called directly, it always checks.
    /// </summary>
    public void Validate()
    {
        var v = _validate;
        if (v is null) return;
        v();
        _validate = null;
    }

    /// <summary>The shape of independent, not identically distributed, draws (PyTorch's <c>batch_shape</c>).</summary>
    public long[] BatchShape => (long[])_batchShape.Clone();

    /// <summary>The shape of one draw (PyTorch's <c>event_shape</c>): <c>[]</c> for scalars, <c>[k]</c> for vectors.</summary>
    public long[] EventShape => (long[])_eventShape.Clone();

    /// <summary>
    /// The support of a continuous distribution as a constraint that a bijection maps to the real line (gradient MCMC
    /// works on that unconstrained space); null for discrete distributions and bounded intervals other than (0, 1).
    /// </summary>
    public TensorConstraint? Support { get; internal init; }

    /// <summary>True when <see cref="Rsample"/> draws by reparameterization (gradients flow through the value).</summary>
    public bool HasRsample { get; }

    /// <summary>True when the support is finite and <see cref="EnumerateSupport"/> lists it.</summary>
    public bool HasEnumerateSupport => _support is not null;

    /// <summary>Draws a tensor of shape <c><paramref name="sampleShape"/> ++ batch ++ event</c> (no gradient), using <paramref name="generator"/> (null: torch's default).</summary>
    public Tensor Sample(Generator? generator, params long[] sampleShape) => DrawSample(generator, true, sampleShape);

    /// <summary>
    /// One draw for a model run: by <c>rsample</c> when <paramref name="reparameterized"/>, else <c>sample</c>; the
    /// parameter values are checked only when <paramref name="validate"/> (the run's <see cref="TensorRunOptions.ValidateParameters"/>).
    /// </summary>
    internal Tensor Draw(Generator? generator, bool reparameterized, bool validate) =>
        reparameterized ? DrawRsample(generator, validate, []) : DrawSample(generator, validate, []);

    private Tensor DrawSample(Generator? generator, bool validate, long[] sampleShape)
    {
        using var _ = no_grad();
        if (validate) Validate();
        using var d = _make(generator);
        return d.sample(sampleShape).detach();
    }

    /// <summary>Draws by reparameterization, so gradients flow from the value to the parameters; an error for distributions without it.</summary>
    public Tensor Rsample(Generator? generator, params long[] sampleShape) => DrawRsample(generator, true, sampleShape);

    private Tensor DrawRsample(Generator? generator, bool validate, long[] sampleShape)
    {
        if (!HasRsample) throw new NotSupportedException($"{Name} has no reparameterized sampler (rsample): use Sample, or a Relaxed* distribution.");
        if (validate) Validate();
        if (_rsample is not null) return _rsample(generator, sampleShape);
        using var d = _make(generator);
        return d.rsample(sampleShape);
    }

    /// <summary>
    /// The log density (or mass) of <paramref name="value"/>, one per batch element: shape <c>sample ++ batch</c>.
    /// The value's trailing dimensions must be the event shape; a mismatch is an error naming both shapes.
    /// </summary>
    public Tensor LogProb(Tensor value) => LogProb(value, validate: true);

    /// <summary>As <see cref="LogProb(Tensor)"/>; without <paramref name="validate"/> invalid parameters give NaN or −∞ (gradient MCMC rejects such proposals).</summary>
    internal Tensor LogProb(Tensor value, bool validate)
    {
        ArgumentNullException.ThrowIfNull(value);
        var ev = EventShape;
        var shape = value.shape;
        bool fits = shape.Length >= ev.Length;
        for (int i = 0; fits && i < ev.Length; i++) fits = shape[shape.Length - ev.Length + i] == ev[i];
        if (!fits || !Shapes.Broadcastable(shape[..^ev.Length], BatchShape))
            throw new ArgumentException($"{Name}: a value of shape {Shapes.Show(shape)} does not fit batch shape {Shapes.Show(BatchShape)} with event shape {Shapes.Show(ev)}.", nameof(value));
        if (validate) Validate();
        if (_logProb is not null) return _logProb(value);
        using var d = _make(null);
        return d.log_prob(value);
    }

    /// <summary>
    /// Every value of the (finite) support along a new leading dimension: shape <c>[n] ++ batch ++ event</c> when
    /// <paramref name="expand"/>, else <c>[n] ++ [1]*batch rank ++ event</c> (as PyTorch's <c>enumerate_support</c>).
    /// </summary>
    public Tensor EnumerateSupport(bool expand = true)
    {
        if (_support is null) throw new NotSupportedException($"{Name} has no finite support to enumerate.");
        var values = _support(Torch); // [n] ++ event
        var batch = BatchShape;
        var ev = EventShape;
        var viewShape = new long[1 + batch.Length + ev.Length];
        viewShape[0] = values.shape[0];
        for (int i = 0; i < batch.Length; i++) viewShape[1 + i] = 1;
        for (int i = 0; i < ev.Length; i++) viewShape[1 + batch.Length + i] = ev[i];
        var v = values.reshape(viewShape);
        if (!expand) return v;
        var full = (long[])viewShape.Clone();
        for (int i = 0; i < batch.Length; i++) full[1 + i] = batch[i];
        return v.expand(full);
    }

    /// <summary>The same distribution broadcast to batch shape <paramref name="batchShape"/> (PyTorch's <c>expand</c>).</summary>
    public TensorDistribution Expand(params long[] batchShape)
    {
        ArgumentNullException.ThrowIfNull(batchShape);
        if (!Shapes.ExpandsTo(_batchShape, batchShape))
            throw new ArgumentException($"{Name}: batch shape {Shapes.Show(BatchShape)} cannot be expanded to {Shapes.Show(batchShape)}.", nameof(batchShape));
        return _expand((long[])batchShape.Clone());
    }

    /// <summary>Reinterprets the rightmost <paramref name="dims"/> batch dimensions as event dimensions (<see cref="TensorDist.Independent"/>).</summary>
    public TensorDistribution ToEvent(int dims) => TensorDist.Independent(this, dims);

    /// <summary>A fresh torch distribution with <paramref name="generator"/>; the caller disposes it.</summary>
    internal TorchDistribution Make(Generator? generator)
    {
        Validate();
        return _make(generator);
    }

    Tensor IDistribution<Tensor>.Sample(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        torch.Device device;
        using (var d = _make(null)) device = d.mean.device;
        using var g = new Generator(rng.NextULong(), device);
        return Sample(g);
    }

    Real IDistribution<Tensor>.LogProb(Tensor value)
    {
        using var _ = no_grad();
        using var lp = LogProb(value).sum();
        return lp.ToDouble();
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
