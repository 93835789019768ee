using Probabilistic.Interpretation;
using Probabilistic.Syntax;
using TorchSharp;
using static TorchSharp.torch;

namespace Probabilistic.Torch;

/// <summary>
/// The interpretation of a tensor model (NumPyro's trace + replay + scale messengers in one small class): draws or
/// takes the value of each choice, and accumulates the log densities as tensors (autograd intact), reduced to a scalar
/// or to one value per particle. For SMC it can skip the observations already weighed and stop after the next one.
/// </summary>
internal sealed class TensorHandler : Handler, IDisposable
{
    private readonly TensorRunOptions _options;
    private readonly IReadOnlyDictionary<Address, Tensor>? _given;
    private readonly HashSet<Address> _seen = [];
    private readonly torch.Generator _generator;
    private readonly Rng _rng;
    private int _observations;

    public TensorHandler(TensorRunOptions options, IReadOnlyDictionary<Address, Tensor>? given)
    {
        _options = options;
        _given = given;
        _generator = new torch.Generator(options.Seed, options.Device.ToTorch());
        _rng = new Rng(options.Seed);
        LogPrior = zeros(options.Particles is int n ? [n] : [], dtype: options.DType, device: options.Device.ToTorch()); // broadcasts to [B] when KeepLeadingDimension
        LogLikelihood = LogPrior.clone();
    }

    public readonly List<TensorSite> Sites = [];
    public readonly Dictionary<Address, Tensor> Values = [];
    public Tensor LogPrior;
    public Tensor LogLikelihood;
    public int GivenVisited;

    /// <summary>When false, given choices are taken without scoring them (SMC's replay of earlier steps).</summary>
    public bool ScoreGiven = true;

    /// <summary>Observations (and factors) before this index are passed over unweighed (already counted by SMC).</summary>
    public int SkipObservations;

    /// <summary>When set, the run suspends after weighing the observation of this index.</summary>
    public int? StopAfterObservation;

    /// <summary>The log-likelihood increment of the observation at <see cref="StopAfterObservation"/> (or of all weighed ones).</summary>
    public Tensor? Increment;

    /// <summary>True when the run stopped at <see cref="StopAfterObservation"/>.</summary>
    public bool Stopped;

    public override bool NeverSuspends => StopAfterObservation is null;

    /// <summary>Releases the run's torch generator.</summary>
    public void Dispose() => _generator.Dispose();

    public TensorRunOptions Options => _options;
    public torch.Generator Generator => _generator;

    /// <summary>The machine this handler runs in (set by whoever makes it): its stack's <see cref="Machine.Scale"/> is the plate scale in force.</summary>
    public Machine? Machine;

    /// <summary>The product of the <see cref="Interpretation.Handlers.Scale"/>s in force: a subsampled plate's N/B (the one scale mechanism of both backends).</summary>
    public double Scale => Machine?.Scale ?? 1.0;

    public override Choice? OnSample(ISampleNode node, Machine m)
    {
        Machine ??= m;
        var address = m.Resolve(node.Local);
        if (!_seen.Add(address)) throw new ModelException($"The address '{address}' is used twice in one run of a tensor model.", address);
        if (node.Distribution is not TensorDistribution d) return ScalarChoice(node, address);
        Tensor? value = null;
        bool given = _given is not null && _given.TryGetValue(address, out value);
        bool score = !given || ScoreGiven;
        if (score && _options.ValidateParameters) Validate(d, address);
        if (given) GivenVisited++;
        else value = Draw(d, address);
        Values[address] = value!;
        Tensor lp = score ? Reduce(d.LogProb(value!, _options.ValidateParameters), address) : zeros_like(LogPrior);
        if (score) LogPrior = LogPrior + lp;
        Sites.Add(new TensorSite(address, d, value, lp, false, Scale));
        return new Choice<Tensor>(address, d, value!, double.NaN);
    }

    /// <summary>
    /// A choice of the compiled tensor program (<see cref="Compilation.TensorParticleStep"/>), checked and drawn exactly
    /// as <see cref="OnSample"/> checks and draws one that is not given (its prior is not scored: SMC does not read it).
    /// </summary>
    internal Tensor DrawNew(TensorDistribution d, Address address)
    {
        if (_options.ValidateParameters) Validate(d, address);
        return Draw(d, address);
    }

    /// <remarks>The log weight arrives already multiplied by the stack's scale (a <see cref="Interpretation.Handlers.Scale"/> above this handler).</remarks>
    public override bool OnScore(Real logWeight, Address? address, bool isObservation) =>
        Weigh(() => full(LogLikelihood.shape, logWeight.Value, dtype: _options.DType, device: LogLikelihood.device), address, null, null);

    /// <summary>An observation of a tensor value; false suspends the machine (SMC's stop).</summary>
    public bool Observe(Address? address, TensorDistribution d, Tensor value) =>
        Weigh(() =>
        {
            if (_options.ValidateParameters) Validate(d, address);
            return Reduce(d.LogProb(value, _options.ValidateParameters), address);
        }, address, d, value);

    /// <summary>Checks a distribution's parameter values, naming the address in the error.</summary>
    private static void Validate(TensorDistribution d, Address? address)
    {
        try
        {
            d.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ModelException($"At '{address?.ToString() ?? "(an unnamed observation)"}': {e.Message}", address, e);
        }
    }

    /// <summary>A tensor factor (a log weight, reduced as an observation's log density).</summary>
    public bool Factor(Tensor logWeight, Address? address) => Weigh(() => Reduce(logWeight, address), address, null, null);

    private bool Weigh(Func<Tensor> logDensity, Address? address, TensorDistribution? d, Tensor? value)
    {
        int index = _observations++;
        if (index < SkipObservations) return true;
        var lp = logDensity();
        LogLikelihood = LogLikelihood + lp;
        Increment = Increment is null ? lp : Increment + lp;
        Sites.Add(new TensorSite(address, d, value, lp, true, Scale));
        if (StopAfterObservation == index)
        {
            Stopped = true;
            return false;
        }
        return true;
    }

    private Choice ScalarChoice(ISampleNode node, Address address)
    {
        if (_options.Particles is not null)
            throw new ModelException($"The choice at '{address}' has a scalar distribution ({node.Distribution}); a vectorized run needs a tensor distribution there.", address);
        var c = _given is not null && _given.TryGetValue(address, out var v) ? node.Score(address, v.ToDouble()) : node.Draw(address, _rng);
        LogPrior = LogPrior + c.LogProb * Scale;
        return c;
    }

    /// <summary>Draws a value; with particles, from the distribution expanded to <c>[N] ++ …</c> (see <see cref="TensorRunOptions.Particles"/>).</summary>
    private Tensor Draw(TensorDistribution d, Address address)
    {
        bool rsample = _options.Reparameterize && d.HasRsample;
        if (_options.Particles is not int n) return d.Draw(_generator, rsample, _options.ValidateParameters);
        var target = ParticleBatchShape(d.BatchShape, n, address);
        var e = d.BatchShape.AsSpan().SequenceEqual(target) ? d : d.Expand(target);
        return e.Draw(_generator, rsample, _options.ValidateParameters);
    }

    private long[] ParticleBatchShape(long[] batch, int n, Address address)
    {
        int k = _options.MaxPlateNesting;
        if (batch.Length > k + 1)
            throw new ModelException($"The choice at '{address}' has batch shape {Shapes.Show(batch)}, more than MaxPlateNesting = {k} plate dimensions plus the particle dimension.", address);
        var target = new long[k + 1];
        target[0] = n;
        int offset = k + 1 - batch.Length;
        for (int i = 1; i <= k; i++) target[i] = i >= offset ? batch[i - offset] : 1;
        if (batch.Length == k + 1 && batch[0] != n && batch[0] != 1)
            throw new ModelException($"The choice at '{address}' has batch shape {Shapes.Show(batch)}, whose particle dimension is not {n}.", address);
        return target;
    }

    /// <summary>Sums a log density to a scalar, or to one value per particle, and applies the plate scale.</summary>
    private Tensor Reduce(Tensor lp, Address? address)
    {
        Tensor r;
        if (_options.Particles is not int n)
        {
            if (!_options.KeepLeadingDimension) r = lp.sum();
            else if (lp.dim() == 0)
                throw new ModelException($"A log density at '{address?.ToString() ?? "(unnamed)"}' is a single value, but the run keeps one value per element of the outermost plate (KeepLeadingDimension): put the choice inside the plate.", address);
            else r = lp.dim() == 1 ? lp : lp.sum(Enumerable.Range(1, (int)lp.dim() - 1).Select(i => (long)i).ToArray());
        }
        else
        {
            int k = _options.MaxPlateNesting;
            if (lp.dim() > k + 1)
                throw new ModelException($"A log density at '{address?.ToString() ?? "(unnamed)"}' has shape {Shapes.Show(lp.shape)}, more than MaxPlateNesting = {k} plate dimensions plus the particle dimension.", address);
            r = lp.dim() <= k ? lp.sum().expand(n)
                : lp.dim() == 1 ? lp.expand(n)
                : lp.sum(Enumerable.Range(1, (int)lp.dim() - 1).Select(i => (long)i).ToArray()).expand(n);
        }
        if (r.dtype != _options.DType) r = r.to_type(_options.DType);
        double s = Scale;
        return s == 1.0 ? r : r * s;
    }
}
