using System.Globalization;

namespace Probabilistic.Inference.Variational;

/// <summary>
/// The complete state of an SVI fit after some steps (<see cref="SviRun.Checkpoint"/>): the parameters' layout (address,
/// constraint, coordinates) and unconstrained values, the optimizer's state (<see cref="OptimizerState"/>), the generators
/// of the guide's draws and of the minibatches with the plates' permutations, the score-function baselines, the
/// objective's history and the convergence monitor's recordings, with the settings a resumed fit must share.
/// <see cref="SviRun.Resume{T}"/> continues it, bit for bit as the uninterrupted fit. <see cref="ToBytes"/> /
/// <see cref="FromBytes"/> give a stable, versioned binary form (doubles bit-exact, a hash over the payload), the
/// layout of <see cref="HamiltonianCheckpoint"/>.
/// </summary>
public sealed class SviCheckpoint
{
    /// <summary>The binary format's version written by <see cref="ToBytes"/>.</summary>
    public const int FormatVersion = 1;

    private const string Magic = "PPLSVICK";
    private readonly KeyValuePair<string, string>[] _settings;
    private readonly (string Address, string Constraint, int Length)[] _layout;

    internal SviCheckpoint(KeyValuePair<string, string>[] settings, int totalSteps, (string Address, string Constraint, int Length)[] layout, double[] unconstrained,
        RngState rng, RngState minibatchRng, (Address Plate, int[] Permutation)[] permutations, (Address Address, double Value)[] baselines,
        OptimizerState? optimizer, double[] history, int monitorStride, int[] monitorSteps, double[][] monitorValues)
    {
        _settings = settings;
        TotalSteps = totalSteps;
        _layout = layout;
        Unconstrained = unconstrained;
        Rng = rng;
        MinibatchRng = minibatchRng;
        Permutations = permutations;
        Baselines = baselines;
        Optimizer = optimizer;
        History = history;
        MonitorStride = monitorStride;
        MonitorSteps = monitorSteps;
        MonitorValues = monitorValues;
    }

    /// <summary>The settings the fit ran with that a resumed fit must share (name, value): <c>Seed</c>, <c>Objective</c>, <c>Particles</c>, <c>Guide</c>, <c>Scoring</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Settings => _settings;

    /// <summary>Steps done.</summary>
    public int Step => History.Length;

    /// <summary>The fit's length (<see cref="SviOptions.Steps"/>) when the checkpoint was taken.</summary>
    public int TotalSteps { get; }

    /// <summary>The parameters' addresses, in the store's order.</summary>
    public IReadOnlyList<string> Parameters => Array.ConvertAll(_layout, e => e.Address);

    /// <summary>The optimizer's state, or null when no step was taken yet.</summary>
    public OptimizerState? Optimizer { get; }

    internal double[] Unconstrained { get; }
    internal RngState Rng { get; }
    internal RngState MinibatchRng { get; }
    internal (Address Plate, int[] Permutation)[] Permutations { get; }
    internal (Address Address, double Value)[] Baselines { get; }
    internal double[] History { get; }
    internal int MonitorStride { get; }
    internal int[] MonitorSteps { get; }
    internal double[][] MonitorValues { get; }

    /// <summary>The settings of a fit that shape its steps.</summary>
    internal static KeyValuePair<string, string>[] SettingsOf(SviOptions o, Guide guide, bool generated) =>
    [
        new(nameof(o.Seed), o.Seed.ToString(CultureInfo.InvariantCulture)),
        new(nameof(o.Objective), o.Objective.Name),
        new(nameof(o.Objective.Particles), o.Objective.Particles.ToString(CultureInfo.InvariantCulture)),
        new(nameof(Guide), guide.GetType().Name),
        // The generated density and the interpreter differ in the last bits: a fit continues on the path it began on.
        new("Scoring", generated ? "generated density" : "interpreted"),
    ];

    // Why the parameters differ: another model or guide, or a run started on a store with entries of its own, which a
    // resumed run (on a fresh store) does not make.
    private const string Cause = "it is from another model or guide, or the fit was started on an SviOptions.Parameters store holding " +
        "parameters that this model and guide do not make (Resume starts from an empty store, so such a fit cannot be resumed).";

    /// <summary>
    /// Checks that this checkpoint can continue with <paramref name="settings"/> on a store laid out as <paramref name="layout"/>
    /// for a fit of <paramref name="totalSteps"/> steps; an <see cref="ArgumentException"/> naming the first difference otherwise.
    /// </summary>
    internal void CheckResumable(KeyValuePair<string, string>[] settings, (string Address, string Constraint, int Length)[] layout, int totalSteps)
    {
        const string p = "checkpoint";
        var now = settings.ToDictionary(s => s.Key, s => s.Value);
        foreach (var (name, value) in _settings)
            if (!now.TryGetValue(name, out var v) || v != value)
                throw new ArgumentException($"Svi: the checkpoint's fit ran with {name} = {value}, but this one has {v ?? "nothing"}; resume with the checkpoint's settings.", p);
        for (int i = 0; i < Math.Min(layout.Length, _layout.Length); i++)
        {
            var (a, c, n) = _layout[i];
            if (layout[i].Address != a)
                throw new ArgumentException($"Svi: the checkpoint's parameter {i + 1} is '{a}' but this model and guide's is '{layout[i].Address}'; " + Cause, p);
            if (layout[i].Constraint != c || layout[i].Length != n)
                throw new ArgumentException($"Svi: the checkpoint's parameter '{a}' is on {c} ({n} coordinates) but this model and guide's is on {layout[i].Constraint} ({layout[i].Length} coordinates).", p);
        }
        if (layout.Length != _layout.Length)
            throw new ArgumentException(layout.Length < _layout.Length
                ? $"Svi: the checkpoint has {_layout.Length} parameters but this model and guide have {layout.Length}: '{_layout[layout.Length].Address}' is not theirs; " + Cause
                : $"Svi: the checkpoint has {_layout.Length} parameters but this model and guide have {layout.Length}: '{layout[_layout.Length].Address}' is not in it; " + Cause, p);
        if (Step > totalSteps)
            throw new ArgumentException($"Svi: the checkpoint's fit already took {Step} steps, more than Steps = {totalSteps}.", p);
    }

    /// <summary>The checkpoint in its binary form (<see cref="FormatVersion"/>), which <see cref="FromBytes"/> reads back exactly.</summary>
    public byte[] ToBytes()
    {
        var w = new CheckpointWriter();
        w.Int(_settings.Length);
        foreach (var (k, v) in _settings) { w.String(k); w.String(v); }
        w.Int(TotalSteps);
        w.Int(_layout.Length);
        foreach (var (a, c, n) in _layout) { w.String(a); w.String(c); w.Int(n); }
        w.Doubles(Unconstrained);
        w.Rng(Rng);
        w.Rng(MinibatchRng);
        w.Int(Permutations.Length);
        foreach (var (plate, permutation) in Permutations)
        {
            WriteAddress(w, plate);
            w.Int(permutation.Length);
            foreach (var i in permutation) w.Int(i);
        }
        w.Int(Baselines.Length);
        foreach (var (a, v) in Baselines) { WriteAddress(w, a); w.Double(v); }
        w.Bool(Optimizer is not null);
        if (Optimizer is { } s)
        {
            w.String(s.Optimizer);
            w.String(s.Settings);
            w.Int(s.Steps);
            w.Int(s.Length);
            w.Matrix([.. s.Buffers]);
        }
        w.Doubles(History);
        w.Int(MonitorStride);
        w.Int(MonitorSteps.Length);
        foreach (var k in MonitorSteps) w.Int(k);
        w.Matrix(MonitorValues);
        return w.ToBytes(Magic, FormatVersion);
    }

    /// <summary>Writes <see cref="ToBytes"/> to <paramref name="stream"/>.</summary>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(ToBytes());
    }

    /// <summary>Reads a checkpoint written by <see cref="ToBytes"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not an SVI checkpoint, are of an unknown version, are truncated,
    /// fail the hash, or hold impossible values (the message says which).</exception>
    public static SviCheckpoint FromBytes(ReadOnlySpan<byte> bytes)
    {
        const string what = nameof(SviCheckpoint);
        var (r, _) = CheckpointReader.Open(bytes, Magic, FormatVersion, what);
        var settings = new KeyValuePair<string, string>[r.Count(r.Remaining, "settings")];
        for (int i = 0; i < settings.Length; i++) settings[i] = new(r.String(), r.String());
        int totalSteps = r.Int();
        var layout = new (string, string, int)[r.Count(r.Remaining, "parameters")];
        int dimension = 0;
        for (int i = 0; i < layout.Length; i++)
        {
            layout[i] = (r.String(), r.String(), r.Int());
            if (layout[i].Item3 < 0) throw new InvalidDataException($"{what}: parameter '{layout[i].Item1}' has {layout[i].Item3} coordinates; the data is corrupt.");
            dimension += layout[i].Item3;
        }
        var unconstrained = r.Doubles("unconstrained values") ?? throw new InvalidDataException($"{what}: no unconstrained values; the data is corrupt.");
        if (unconstrained.Length != dimension)
            throw new InvalidDataException($"{what}: {unconstrained.Length} unconstrained values for parameters of {dimension} coordinates; the data is corrupt.");
        var rng = r.Rng();
        var minibatchRng = r.Rng();
        var permutations = new (Address, int[])[r.Count(r.Remaining, "permutations")];
        for (int i = 0; i < permutations.Length; i++)
        {
            var plate = ReadAddress(r);
            var p = new int[Math.Max(0, r.Count(r.Remaining / sizeof(int), $"the permutation of plate '{plate}'"))];
            for (int k = 0; k < p.Length; k++) p[k] = r.Int();
            permutations[i] = (plate, p);
        }
        var baselines = new (Address, double)[r.Count(r.Remaining, "baselines")];
        for (int i = 0; i < baselines.Length; i++) baselines[i] = (ReadAddress(r), r.Double());
        OptimizerState? optimizer = null;
        if (r.Bool())
        {
            string name = r.String(), optimizerSettings = r.String();
            int steps = r.Int(), length = r.Int();
            var buffers = r.Matrix("optimizer buffers") ?? throw new InvalidDataException($"{what}: the optimizer's buffers are missing; the data is corrupt.");
            optimizer = new OptimizerState(name, optimizerSettings, steps, length, buffers);
        }
        var history = r.Doubles("history") ?? throw new InvalidDataException($"{what}: no history; the data is corrupt.");
        int stride = r.Int();
        var monitorSteps = new int[Math.Max(0, r.Count(r.Remaining / sizeof(int), "monitor steps"))];
        for (int i = 0; i < monitorSteps.Length; i++) monitorSteps[i] = r.Int();
        var monitorValues = r.Matrix("monitor values") ?? throw new InvalidDataException($"{what}: no monitor values; the data is corrupt.");
        r.End();
        if (totalSteps < 0 || stride < 1 || monitorSteps.Length != monitorValues.Length)
            throw new InvalidDataException($"{what}: Steps {totalSteps}, monitor stride {stride}, {monitorSteps.Length} recorded steps for {monitorValues.Length} recordings; the data is corrupt.");
        return new SviCheckpoint(settings, totalSteps, layout, unconstrained, rng, minibatchRng, permutations, baselines, optimizer, history, stride, monitorSteps, monitorValues);
    }

    /// <summary>Reads a checkpoint from the rest of <paramref name="stream"/>.</summary>
    public static SviCheckpoint ReadFrom(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var m = new MemoryStream();
        stream.CopyTo(m);
        return FromBytes(m.GetBuffer().AsSpan(0, (int)m.Length));
    }
    // An address as its components, each tagged name or index, so that every address reads back as itself (its text form
    // does not: Address.Parse reads an all-digit name such as "007" as an index).
    private static void WriteAddress(CheckpointWriter w, Address address)
    {
        var components = address.Components();
        w.Int(components.Count);
        foreach (var c in components)
        {
            w.Bool(c is string);
            if (c is string name) w.String(name);
            else w.Int((int)c);
        }
    }

    private static Address ReadAddress(CheckpointReader r)
    {
        int depth = r.Count(r.Remaining, "address components");
        var address = Address.Root;
        for (int i = 0; i < depth; i++)
        {
            if (r.Bool()) address = address.Child(r.String());
            else
            {
                int index = r.Int();
                if (index < 0) throw new InvalidDataException($"{nameof(SviCheckpoint)}: the address '{address}' has a component index {index}; the data is corrupt.");
                address = address.Child(index);
            }
        }
        return address;
    }
}
