using System.Globalization;

namespace Probabilistic.Inference;

/// <summary>
/// The complete state of an HMC or NUTS run after some iterations, one <see cref="ChainState"/> per chain, with what it
/// must be resumed with: the sampler, the settings that shape the chains (seed, warmup, thinning, metric, adaptation,
/// transition), and the model's parameters. <see cref="HamiltonianSampler.Resume{T}(Model{T}, ChoiceMap?, HamiltonianCheckpoint, HamiltonianOptions?)"/>
/// continues it, bit for bit as the uninterrupted run; <see cref="HamiltonianOptions.WarmStart"/> starts a new run from
/// its metric, step size and positions. <see cref="ToBytes"/> / <see cref="FromBytes"/> give a stable, versioned binary
/// form (doubles bit-exact, a hash over the payload); like NumPyro's <c>mcmc.last_state</c> with <c>post_warmup_state</c>.
/// </summary>
public sealed class HamiltonianCheckpoint
{
    /// <summary>The binary format's version written by <see cref="ToBytes"/>.</summary>
    public const int FormatVersion = 1;

    private const string Magic = "PPLHMCCK";
    private readonly ChainState[] _chains;
    private readonly KeyValuePair<string, string>[] _settings;
    private readonly string[] _parameters;

    internal HamiltonianCheckpoint(string sampler, IEnumerable<KeyValuePair<string, string>> settings, int dimension, IEnumerable<string> parameters, ChainState[] chains)
    {
        Sampler = sampler;
        _settings = settings.ToArray();
        Dimension = dimension;
        _parameters = parameters.ToArray();
        _chains = chains;
    }

    /// <summary>Where the chains' kept draws live when they are not held by the chains' states (a finished fit's state), or null.</summary>
    internal KeptDraws? KeptDraws { get; init; }

    /// <summary>The sampler ("NUTS" or "HMC").</summary>
    public string Sampler { get; }

    /// <summary>The settings the chains ran with that a resumed run must share (name, value), e.g. <c>Seed</c>, <c>Warmup</c>, <c>Metric</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Settings => _settings;

    /// <summary>The dimension of the unconstrained space the chains move on.</summary>
    public int Dimension { get; }

    /// <summary>The posterior's parameter columns (constrained), by name (<c>theta[1]</c>, …).</summary>
    public IReadOnlyList<string> Parameters => _parameters;

    /// <summary>The chains' states, chain 0 first.</summary>
    public IReadOnlyList<ChainState> Chains => _chains;

    /// <summary>The fewest iterations (warmup included) any chain has done.</summary>
    public int Iteration => _chains.Min(c => c.Iteration);

    /// <summary>The settings of <paramref name="o"/> that shape the chains' draws: a resumed run must have the same (<see cref="McmcOptions.Draws"/> may grow).</summary>
    internal static KeyValuePair<string, string>[] SettingsOf(HamiltonianOptions o)
    {
        static string D(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var s = new List<KeyValuePair<string, string>>
        {
            new(nameof(o.Seed), o.Seed.ToString(CultureInfo.InvariantCulture)),
            new(nameof(o.Chains), o.Chains.ToString(CultureInfo.InvariantCulture)),
            new(nameof(o.Warmup), o.Warmup.ToString(CultureInfo.InvariantCulture)),
            new(nameof(o.Thin), o.Thin.ToString(CultureInfo.InvariantCulture)),
            new(nameof(o.Metric), o.Metric.ToString()),
            new(nameof(o.TargetAcceptance), D(o.TargetAcceptance)),
            new(nameof(o.StepSize), D(o.StepSize)),
            new(nameof(o.Adapt), o.Adapt.ToString()),
            new(nameof(o.InitBuffer), o.InitBuffer.ToString(CultureInfo.InvariantCulture)),
            new(nameof(o.TermBuffer), o.TermBuffer.ToString(CultureInfo.InvariantCulture)),
            new(nameof(o.Window), o.Window.ToString(CultureInfo.InvariantCulture)),
            new("LowRank.EigenvalueCutoff", D(o.LowRank.EigenvalueCutoff)),
            new("LowRank.Regularization", D(o.LowRank.Regularization)),
            new(nameof(o.Interpreted), o.Interpreted.ToString()),
            new(nameof(o.TapeGradient), o.TapeGradient.ToString()),
            // Whether warmup adapts the metric: Pathfinder's kept metric (InitialMetric, not AdaptMetric) turns it off.
            new("AdaptsMetric", AdaptsMetric(o).ToString()),
        };
        switch (o)
        {
            case NutsOptions n: s.Add(new(nameof(n.MaxTreeDepth), n.MaxTreeDepth.ToString(CultureInfo.InvariantCulture))); break;
            case HmcOptions h: s.Add(new(nameof(h.IntegrationTime), D(h.IntegrationTime))); break;
        }
        return s.ToArray();
    }

    /// <summary>Whether warmup estimates the metric in windows (not for the unit metric, nor when Pathfinder's metric is kept).</summary>
    internal static bool AdaptsMetric(HamiltonianOptions o) =>
        o.Metric != MetricKind.Unit && o.Pathfinder is not { InitialMetric: true, AdaptMetric: false };

    /// <summary>
    /// Checks that this checkpoint can be resumed with <paramref name="o"/> on a target of <paramref name="dimension"/>
    /// coordinates whose columns are <paramref name="parameters"/>; an <see cref="ArgumentException"/> naming the first difference otherwise.
    /// </summary>
    internal void CheckResumable(HamiltonianOptions o, int dimension, IReadOnlyList<string> parameters, string paramName, bool oneChain = false)
    {
        CheckModel(o.Algorithm, dimension, parameters, paramName);
        if (o.Sampler != Sampler)
            throw new ArgumentException($"{o.Algorithm}: the checkpoint is from {Sampler}, not {o.Sampler}.", paramName);
        var now = SettingsOf(o).ToDictionary(p => p.Key, p => p.Value);
        foreach (var (name, value) in _settings)
            if (!now.TryGetValue(name, out var v) || v != value)
                throw new ArgumentException($"{o.Algorithm}: the checkpoint's chains ran with {name} = {value}, but the options give {v ?? "nothing"}; resume with the checkpoint's settings.", paramName);
        if (oneChain)
        {
            if (_chains.Length != 1 || _chains[0].Chain < 0 || _chains[0].Chain >= o.Chains)
                throw new ArgumentException($"{o.Algorithm}: a single chain's checkpoint must hold one chain of the run's {o.Chains}; this one holds {_chains.Length} (chain {_chains.FirstOrDefault()?.Chain}).", paramName);
        }
        else if (_chains.Length != o.Chains)
            throw new ArgumentException($"{o.Algorithm}: the checkpoint has {_chains.Length} chains but the options ask for {o.Chains}.", paramName);
        else if (_chains.Select((c, i) => c.Chain != i).Any(b => b))
            throw new ArgumentException($"{o.Algorithm}: the checkpoint's chains are numbered {string.Join(", ", _chains.Select(c => c.Chain))}, not 0 … {o.Chains - 1}; it is one chain of another run (resume it with ResumeChain).", paramName);
        foreach (var c in _chains)
            if (c.DrawCount > o.Draws)
                throw new ArgumentException($"{o.Algorithm}: chain {c.Chain} of the checkpoint already kept {c.DrawCount} draws, more than Draws = {o.Draws}.", paramName);
    }

    /// <summary>
    /// Joins the checkpoints of a run's chains taken apart (each from <see cref="HamiltonianSampler.StartChain{T}(Model{T}, ChoiceMap?, HamiltonianOptions?, int)"/>,
    /// possibly on other machines) into the run's checkpoint, chain 0 first: <see cref="HamiltonianSampler.Resume{T}(Model{T}, ChoiceMap?, HamiltonianCheckpoint, HamiltonianOptions?)"/>
    /// of it continues (or, finished, gives the posterior of) the whole run.
    /// </summary>
    /// <exception cref="ArgumentException">The parts differ in sampler, settings, dimension or parameters, a chain is given twice or missing, or the chains are not the run's <c>Chains</c>.</exception>
    public static HamiltonianCheckpoint Combine(IEnumerable<HamiltonianCheckpoint> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var list = parts.ToArray();
        if (list.Length == 0) throw new ArgumentException($"{nameof(Combine)}: no checkpoints given.", nameof(parts));
        var first = list[0];
        foreach (var p in list)
        {
            ArgumentNullException.ThrowIfNull(p, nameof(parts));
            if (p.Sampler != first.Sampler || p.Dimension != first.Dimension || !p._parameters.SequenceEqual(first._parameters) || !p._settings.SequenceEqual(first._settings))
                throw new ArgumentException($"{nameof(Combine)}: the checkpoints are from different runs (sampler, settings, dimension or parameters differ between the first and the one holding chain(s) {string.Join(", ", p._chains.Select(c => c.Chain))}).", nameof(parts));
        }
        var chains = list.SelectMany(p => p._chains).OrderBy(c => c.Chain).ToArray();
        int expected = int.Parse(first._settings.First(s => s.Key == nameof(McmcOptions.Chains)).Value, CultureInfo.InvariantCulture);
        for (int k = 0; k < chains.Length; k++)
            if (chains[k].Chain != k)
                throw new ArgumentException(chains[k].Chain > k ? $"{nameof(Combine)}: chain {k} is missing." : $"{nameof(Combine)}: chain {chains[k].Chain} is given twice.", nameof(parts));
        if (chains.Length != expected)
            throw new ArgumentException($"{nameof(Combine)}: the run has {expected} chains but {chains.Length} were given.", nameof(parts));
        return new HamiltonianCheckpoint(first.Sampler, first._settings, first.Dimension, first._parameters, chains);
    }

    /// <summary>Checks the model: the dimension and the parameter columns must be this checkpoint's.</summary>
    internal void CheckModel(string algorithm, int dimension, IReadOnlyList<string> parameters, string paramName)
    {
        if (dimension != Dimension)
            throw new ArgumentException($"{algorithm}: the checkpoint is for a target of dimension {Dimension}, but this one has dimension {dimension}; it is from another model.", paramName);
        if (parameters.Count != _parameters.Length)
            throw new ArgumentException($"{algorithm}: the checkpoint has {_parameters.Length} parameter columns but the model has {parameters.Count}; it is from another model.", paramName);
        for (int i = 0; i < _parameters.Length; i++)
            if (parameters[i] != _parameters[i])
                throw new ArgumentException($"{algorithm}: the checkpoint's parameter {i + 1} is '{_parameters[i]}' but the model's is '{parameters[i]}'; it is from another model.", paramName);
    }

    /// <summary>The checkpoint in its binary form (<see cref="FormatVersion"/>), which <see cref="FromBytes"/> reads back exactly.</summary>
    public byte[] ToBytes()
    {
        var w = new CheckpointWriter();
        w.String(Sampler);
        w.Int(Dimension);
        w.Int(_parameters.Length);
        foreach (var p in _parameters) w.String(p);
        w.Int(_settings.Length);
        foreach (var (k, v) in _settings) { w.String(k); w.String(v); }
        w.Int(_chains.Length);
        foreach (var c in _chains) ChainStateFormat.Write(w, c);
        return w.ToBytes(Magic, FormatVersion);
    }

    /// <summary>Writes <see cref="ToBytes"/> to <paramref name="stream"/>.</summary>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(ToBytes());
    }

    /// <summary>Reads a checkpoint written by <see cref="ToBytes"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a checkpoint, are of an unknown version, are truncated, or fail the hash.</exception>
    public static HamiltonianCheckpoint FromBytes(ReadOnlySpan<byte> bytes)
    {
        var (r, _) = CheckpointReader.Open(bytes, Magic, FormatVersion, nameof(HamiltonianCheckpoint));
        string sampler = r.String();
        int dimension = r.Int();
        if (dimension <= 0) throw new InvalidDataException($"{nameof(HamiltonianCheckpoint)}: dimension {dimension}; the data is corrupt.");
        var parameters = new string[r.Count(r.Remaining, "parameters")];
        for (int i = 0; i < parameters.Length; i++) parameters[i] = r.String();
        var settings = new KeyValuePair<string, string>[r.Count(r.Remaining, "settings")];
        for (int i = 0; i < settings.Length; i++) settings[i] = new(r.String(), r.String());
        var chains = new ChainState[r.Count(r.Remaining, "chains")];
        for (int i = 0; i < chains.Length; i++) chains[i] = ChainStateFormat.Read(r, chains.Length == 1 ? null : i, dimension, parameters.Length); // one chain: any of a run's (HamiltonianSampler.StartChain)
        r.End();
        return new HamiltonianCheckpoint(sampler, settings, dimension, parameters, chains);
    }

    /// <summary>Reads a checkpoint from the rest of <paramref name="stream"/>.</summary>
    public static HamiltonianCheckpoint ReadFrom(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var m = new MemoryStream();
        stream.CopyTo(m);
        return FromBytes(m.GetBuffer().AsSpan(0, (int)m.Length));
    }
}
