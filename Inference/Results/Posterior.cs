namespace Probabilistic.Inference;

/// <summary>
/// Draws from Markov chains, per chain and per column (a scalar choice or one element of a vector choice), in the
/// constrained space, with the sampler's per-draw statistics when it is Hamiltonian Monte Carlo. Gives the draws by
/// Stan-style name (<c>theta[1]</c>) or by address, a <see cref="Summary"/> table with the convergence diagnostics of
/// Vehtari et al. (2021) (<see cref="Diagnostics.ConvergenceDiagnostics"/>), the sampler's own
/// <see cref="SamplerDiagnostics"/>, and export to CmdStan's CSV layout (<see cref="WriteCsv(TextWriter, int)"/>) and
/// to JSON (<see cref="WriteJson"/>).
/// </summary>
public sealed partial class Posterior
{
    private readonly PosteriorColumn[] _columns;
    private readonly double[][][] _values; // [column][chain][draw]
    private readonly DrawStatistics[][]? _statistics; // [chain][draw]
    private readonly Dictionary<string, int> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<(Address, int), int> _byAddress = new();
    private SamplerDiagnostics? _samplerDiagnostics;

    /// <summary>Creates a posterior from draws [chain][draw][column] in the constrained space.</summary>
    /// <param name="columns">The columns, in the order of the innermost index of <paramref name="draws"/>; names and (address, index) pairs must be unique.</param>
    /// <param name="draws">The draws [chain][draw][column]; every chain has the same number of draws (at least one).</param>
    /// <param name="statistics">The sampler's statistics [chain][draw], or null for samplers other than HMC/NUTS.</param>
    /// <param name="maxTreeDepth">The NUTS maximum tree depth the chains ran with (for counting hits of it).</param>
    /// <param name="sampler">The sampler's name, written into the CSV and JSON exports.</param>
    public Posterior(IReadOnlyList<PosteriorColumn> columns, double[][][] draws, DrawStatistics[][]? statistics = null, int maxTreeDepth = 10, string sampler = "NUTS")
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(draws);
        ArgumentException.ThrowIfNullOrWhiteSpace(sampler);
        if (maxTreeDepth <= 0) throw new ArgumentOutOfRangeException(nameof(maxTreeDepth), maxTreeDepth, "Posterior: the maximum tree depth must be positive.");
        _columns = IndexColumns(columns);
        if (draws.Length == 0) throw new ArgumentException("Posterior: there are no chains.", nameof(draws));
        for (int c = 0; c < draws.Length; c++)
        {
            if (draws[c] is null) throw new ArgumentException($"Posterior: chain {c} is null.", nameof(draws));
            if (draws[c].Length == 0) throw new ArgumentException($"Posterior: chain {c} has no draws.", nameof(draws));
            if (draws[c].Length != draws[0].Length)
                throw new ArgumentException($"Posterior: chain {c} has {draws[c].Length} draws but chain 0 has {draws[0].Length}; chains must have equal lengths.", nameof(draws));
            for (int d = 0; d < draws[c].Length; d++)
                if (draws[c][d] is null || draws[c][d].Length != _columns.Length)
                    throw new ArgumentException($"Posterior: chain {c}, draw {d} has {draws[c][d]?.Length ?? 0} values but there are {_columns.Length} columns.", nameof(draws));
        }
        Chains = draws.Length;
        Draws = draws[0].Length;
        _values = new double[_columns.Length][][];
        for (int k = 0; k < _columns.Length; k++)
        {
            _values[k] = new double[Chains][];
            for (int c = 0; c < Chains; c++)
            {
                _values[k][c] = new double[Draws];
                for (int d = 0; d < Draws; d++) _values[k][c][d] = draws[c][d][k];
            }
        }
        _statistics = statistics is null ? null : CopyStatistics(statistics);
        MaxTreeDepth = maxTreeDepth;
        Sampler = sampler;
    }

    /// <summary>Number of chains.</summary>
    public int Chains { get; }

    /// <summary>Number of draws per chain.</summary>
    public int Draws { get; }

    /// <summary>The columns, in order.</summary>
    public IReadOnlyList<PosteriorColumn> Columns => _columns;

    /// <summary>The sampler's statistics [chain][draw], or null when the sampler is not HMC/NUTS.</summary>
    public IReadOnlyList<IReadOnlyList<DrawStatistics>>? Statistics =>
        _statistics?.Select(chain => (IReadOnlyList<DrawStatistics>)Array.AsReadOnly(chain)).ToArray().AsReadOnly();

    /// <summary>The NUTS maximum tree depth the chains ran with.</summary>
    public int MaxTreeDepth { get; }

    /// <summary>The sampler's name (e.g. <c>NUTS</c>).</summary>
    public string Sampler { get; }

    /// <summary>
    /// All draws of a column, chain after chain, by column name (Stan's, 1-based: <c>theta[1]</c>) or by address
    /// (0-based: <c>mu</c>, <c>school/mu</c>, and <c>theta/0</c> for the column <c>theta[1]</c>). An unknown name is a
    /// <see cref="KeyNotFoundException"/> listing the columns.
    /// </summary>
    public double[] this[string name] => Pool(Find(name));

    /// <summary>The draws of a column per chain, [chain][draw], by name as for the indexer.</summary>
    public double[][] Chain(string name) => _values[Find(name)].Select(chain => (double[])chain.Clone()).ToArray();

    /// <summary>
    /// All draws, chain after chain, of the choice at <paramref name="address"/>: a scalar choice with
    /// <paramref name="index"/> = −1, or element <paramref name="index"/> (0-based) of a vector choice.
    /// </summary>
    public double[] Values(Address address, int index = -1)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (_byAddress.TryGetValue((address, index), out int k)) return Pool(k);
        var indices = _columns.Where(col => col.Address == address).Select(col => col.Index).ToList();
        if (indices.Count == 0)
            throw new KeyNotFoundException($"Posterior: no choice at address '{address}'; the columns are {ColumnList()}.");
        throw new KeyNotFoundException(indices.Contains(-1)
            ? $"Posterior: the choice at '{address}' is a scalar; call Values(address) without an index (asked for index {index})."
            : $"Posterior: the choice at '{address}' has elements 0 to {indices.Max()} (0-based); index {index} is not one of them.");
    }

    /// <summary>The sampler's diagnostics: divergences, maximum tree depth hits, step sizes and E-BFMI per chain.</summary>
    public SamplerDiagnostics SamplerDiagnostics => _samplerDiagnostics ??= new SamplerDiagnostics(_statistics, MaxTreeDepth, CompileFailure);

    /// <summary>Why the sampled model's tape could not be compiled (reported by <see cref="SamplerDiagnostics"/>), or null.</summary>
    internal string? CompileFailure { get; init; }

    /// <summary>
    /// The state HMC or NUTS ended in (each chain's position, adapted metric and step size, generator and draws), or null
    /// for other samplers: give it as <see cref="HamiltonianOptions.WarmStart"/> to start a new fit from the adapted
    /// sampler, or to <see cref="HamiltonianSampler.Resume{T}(Model{T}, ChoiceMap?, HamiltonianCheckpoint, HamiltonianOptions?)"/>
    /// with a larger <see cref="McmcOptions.Draws"/> to continue the same chains.
    /// </summary>
    public HamiltonianCheckpoint? SamplerState
    {
        get => _samplerState;
        init
        {
            _samplerState = value;
            value?.KeptDraws?.HeldBy(this); // the state's kept draws are this posterior's first columns: not held twice
        }
    }

    private readonly HamiltonianCheckpoint? _samplerState;

    /// <summary>Chain <paramref name="chain"/>'s draws [draw][column] of the first <paramref name="columns"/> columns, copied (the sampler state's kept draws).</summary>
    internal double[][] KeptRows(int chain, int columns)
    {
        var rows = new double[Draws][];
        for (int d = 0; d < Draws; d++)
        {
            rows[d] = new double[columns];
            for (int k = 0; k < columns; k++) rows[d][k] = _values[k][chain][d];
        }
        return rows;
    }

    /// <summary>Chain <paramref name="chain"/>'s sampler statistics, copied.</summary>
    internal DrawStatistics[] KeptStatistics(int chain) =>
        (DrawStatistics[])(_statistics ?? throw new InvalidOperationException("Posterior: no sampler statistics."))[chain].Clone();

    private double[] Pool(int column)
    {
        var all = new double[Chains * Draws];
        for (int c = 0; c < Chains; c++) _values[column][c].CopyTo(all, c * Draws);
        return all;
    }

    private int Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_byName.TryGetValue(name, out int k)) return k;
        if (!string.IsNullOrEmpty(name) && !name.Split('/').Contains(""))
        {
            var address = Address.Parse(name);
            if (_byAddress.TryGetValue((address, -1), out k)) return k;
            // An element by its 0-based address (theta/0 is the column theta[1]).
            if (address.Name is null && address.Parent is { IsRoot: false } parent && _byAddress.TryGetValue((parent, address.Index), out k)) return k;
            if (_columns.Any(col => col.Address == address))
                throw new KeyNotFoundException($"Posterior: '{name}' is a vector choice; name one element, e.g. '{_columns.First(col => col.Address == address).Name}', or call Values(address, index).");
        }
        throw new KeyNotFoundException($"Posterior: no column named '{name}'; the columns are {ColumnList()}.");
    }

    private string ColumnList()
    {
        const int shown = 20;
        var names = string.Join(", ", _columns.Take(shown).Select(col => col.Name));
        return _columns.Length > shown ? $"{names}, … ({_columns.Length} in all)" : names;
    }

    private PosteriorColumn[] IndexColumns(IReadOnlyList<PosteriorColumn> columns)
    {
        if (columns.Count == 0) throw new ArgumentException("Posterior: there are no columns.", nameof(columns));
        var result = columns.ToArray();
        for (int k = 0; k < result.Length; k++)
        {
            var col = result[k] ?? throw new ArgumentException($"Posterior: column {k} is null.", nameof(columns));
            if (string.IsNullOrWhiteSpace(col.Name)) throw new ArgumentException($"Posterior: column {k} has an empty name.", nameof(columns));
            if (col.Address is null) throw new ArgumentException($"Posterior: column {k} ('{col.Name}') has a null address.", nameof(columns));
            if (col.Index < -1) throw new ArgumentException($"Posterior: column {k} ('{col.Name}') has index {col.Index}; use −1 for a scalar or a 0-based element index.", nameof(columns));
            if (!_byName.TryAdd(col.Name, k))
                throw new ArgumentException($"Posterior: columns {_byName[col.Name]} and {k} are both named '{col.Name}'.", nameof(columns));
            if (!_byAddress.TryAdd((col.Address, col.Index), k))
                throw new ArgumentException($"Posterior: columns {_byAddress[(col.Address, col.Index)]} and {k} are both address '{col.Address}' index {col.Index}.", nameof(columns));
        }
        return result;
    }

    private DrawStatistics[][] CopyStatistics(DrawStatistics[][] statistics)
    {
        if (statistics.Length != Chains)
            throw new ArgumentException($"Posterior: statistics are given for {statistics.Length} chains but there are {Chains}.", nameof(statistics));
        var copy = new DrawStatistics[Chains][];
        for (int c = 0; c < Chains; c++)
        {
            if (statistics[c] is null || statistics[c].Length != Draws)
                throw new ArgumentException($"Posterior: chain {c} has statistics for {statistics[c]?.Length ?? 0} draws but {Draws} draws.", nameof(statistics));
            copy[c] = (DrawStatistics[])statistics[c].Clone();
        }
        return copy;
    }
}
