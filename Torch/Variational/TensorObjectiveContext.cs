using Probabilistic.Inference.Variational;
using static TorchSharp.torch;

namespace Probabilistic.Torch;

/// <summary>
/// The tensor backend's <see cref="ObjectiveContext{TScalar}"/>: guide draws by <see cref="TensorRun.Simulate{T}"/> with
/// reparameterized sampling where the distribution has <c>rsample</c> (score-function terms for the others), the model
/// scored at them by <see cref="TensorRun.Generate{T}"/>; gradients by autograd. The same objectives as the scalar
/// backend run on it (<see cref="Elbo"/>, <see cref="Iwelbo"/>, <see cref="Renyi"/>, <see cref="Vimco"/>, wake-sleep, a
/// user's own); the branching estimators (enumeration, measure-valued) are the scalar backend's only (a tensor guide's
/// choices are reparameterized or scored, so its draws have no branching choices and <see cref="ObjectiveContext{TScalar}.BranchTerms"/> is 0).
/// </summary>
/// <remarks>
/// With <see cref="TensorViOptions.PerDatum"/>, log densities keep the leading plate dimension (one objective per data
/// point, as an amortized guide's IWELBO needs; Burda et al. 2016), and the objective's value is their sum.
/// </remarks>
public sealed class TensorObjectiveContext<TModel, TGuide> : ObjectiveContext<TensorScalar>
{
    private readonly Model<TModel> _model;
    private readonly Model<TGuide> _guide;
    private readonly TensorParameterStore _store;
    private readonly TensorViOptions _options;
    private readonly Rng _seeds;
    private readonly ScoreFunctionBaselines _baselines = new();
    private ulong _stepSeed;

    /// <summary>A context for fitting <paramref name="guide"/> to <paramref name="model"/> (observations inside the model) with parameters in <paramref name="store"/>.</summary>
    public TensorObjectiveContext(Model<TModel> model, Model<TGuide> guide, TensorParameterStore store, TensorViOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(guide);
        ArgumentNullException.ThrowIfNull(store);
        _model = model;
        _guide = guide;
        _store = store;
        _options = options ?? new TensorViOptions();
        _seeds = new Rng(_options.Seed);
        NextStep();
    }

    /// <summary>Starts a new step: fresh plate subsamples (every run within one step uses the same minibatch).</summary>
    public void NextStep() => _stepSeed = _seeds.NextULong();

    /// <summary>
    /// Whether the runs of the current step check distribution parameter values (<see cref="TensorRunOptions.ValidateParameters"/>);
    /// true by default. Tensor SVI sets it per step (the first step, or every step with <see cref="TensorViOptions.CheckArgumentsEveryStep"/>).
    /// </summary>
    public bool ValidateParameters { get; set; } = true;

    private TensorRunOptions RunOptions(bool reparameterize) => new()
    {
        ValidateParameters = ValidateParameters,
        Seed = _seeds.NextULong(),
        SubsampleSeed = _stepSeed,
        Reparameterize = reparameterize,
        Parameters = _store,
        Device = _options.Device,
        DType = _options.DType,
        KeepLeadingDimension = _options.PerDatum,
        MaxPlateNesting = _options.MaxPlateNesting,
    };

    /// <inheritdoc />
    public override GuideDraw<TensorScalar> Draw()
    {
        var trace = TensorRun.Simulate(_guide, RunOptions(reparameterize: true));
        var scoreTerms = new List<(Address, Tensor)>();
        foreach (var site in trace.Sites)
        {
            if (site.IsObserved)
                throw new ModelException($"Tensor VI: a guide is a distribution to sample from; it must not observe data or add a factor{(site.Address is null ? "" : $" (at '{site.Address}')")}.", site.Address);
            if (site.Distribution is { HasRsample: false } && site.Address is not null) scoreTerms.Add((site.Address, site.LogProb));
        }
        return new TensorGuideDraw(new Dictionary<Address, Tensor>(trace.Values), new TensorScalar(trace.LogPrior), scoreTerms);
    }

    /// <inheritdoc />
    public override TensorScalar LogJoint(GuideDraw<TensorScalar> draw)
    {
        var d = Own(draw);
        var trace = TensorRun.Generate(_model, d.Values, RunOptions(reparameterize: false));
        foreach (var site in trace.Sites)
            if (!site.IsObserved && site.Address is not null && !d.Values.ContainsKey(site.Address))
                throw new ModelException($"Tensor VI: the guide did not propose the model's latent choice '{site.Address}'; a guide must cover every unobserved choice.", site.Address);
        return new TensorScalar(trace.LogJoint);
    }

    /// <inheritdoc />
    public override TensorScalar LogQAt(GuideDraw<TensorScalar> draw)
    {
        var d = Own(draw);
        var values = d.Values.ToDictionary(kv => kv.Key, kv => kv.Value.detach());
        return new TensorScalar(TensorRun.Generate(_guide, values, RunOptions(reparameterize: false)).LogPrior);
    }

    /// <summary>
    /// Σᵢ (f − bᵢ)·log qᵢ over the guide's choices drawn without <c>rsample</c> (element by element for per-datum rewards);
    /// bᵢ the reward's running mean per address (<see cref="ScoreFunctionBaselines"/>), read as it was before this estimate.
    /// </summary>
    public override TensorScalar ScoreTerms(GuideDraw<TensorScalar> draw, TensorScalar reward, bool useBaseline = true)
    {
        var d = Own(draw);
        var total = TensorScalar.FromDouble(0);
        var r = reward.Detach();
        foreach (var (address, logq) in d.ScoreTerms)
        {
            double b = useBaseline ? _baselines.Before(address) : 0;
            total += (r - b) * new TensorScalar(logq);
            if (useBaseline) _baselines.Record(address, r.MeanValue); // per datum when the reward is a batch
        }
        return total;
    }

    /// <inheritdoc />
    public override (TensorScalar Surrogate, double Value) ElboIntegrand()
    {
        var draw = Draw();
        var f = LogJoint(draw) - draw.LogQ;
        var t = ScoreTerms(draw, f.Detach());
        return (f + (t - t.Detach()), f.Value);
    }

    /// <inheritdoc />
    public override void EndEstimate() => _baselines.Commit();

    private static TensorGuideDraw Own(GuideDraw<TensorScalar> draw)
    {
        ArgumentNullException.ThrowIfNull(draw);
        return draw as TensorGuideDraw ?? throw new ArgumentException($"A {draw.GetType().Name} is not a draw of a tensor guide.", nameof(draw));
    }
}
