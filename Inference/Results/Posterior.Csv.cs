using System.Globalization;

namespace Probabilistic.Inference;

public sealed partial class Posterior
{
    /// <summary>The sampler columns that CmdStan writes before the parameters, in its order.</summary>
    public static IReadOnlyList<string> CmdStanSamplerColumns { get; } =
        ["lp__", "accept_stat__", "stepsize__", "treedepth__", "n_leapfrog__", "divergent__", "energy__"];

    /// <summary>
    /// Writes one chain in CmdStan's CSV layout (CmdStan User's Guide, "Stan CSV File Format"), which ArviZ's
    /// <c>from_cmdstan</c>, cmdstanpy, and R's <c>read.csv(comment.char = "#")</c> + <c>posterior::as_draws_df</c> read:
    /// comment lines starting with <c>#</c> (sampler, chain <c>id</c>, <c>num_samples</c>, <c>max_depth</c>, and after the
    /// header <c># Step size = …</c>, the last draw's, where CmdStan writes the adapted step size); the header
    /// <c>lp__,accept_stat__,stepsize__,treedepth__,n_leapfrog__,divergent__,energy__</c> followed by the parameter columns,
    /// whose Stan names <c>theta[1]</c> and <c>Sigma[1,2]</c> are written as CmdStan writes them, <c>theta.1</c> and
    /// <c>Sigma.1.2</c>; then one row per draw. Without sampler statistics the header is <c>lp__,accept_stat__</c> with
    /// zeros in both, as CmdStan's <c>fixed_param</c> sampler writes. Numbers are written in the shortest form that
    /// reads back to the same double (CmdStan's <c>sig_figs</c> at full precision); non-finite values as
    /// <c>NaN</c>, <c>inf</c>, <c>-inf</c>; integer statistics as integers and <c>divergent__</c> as 0 or 1.
    /// </summary>
    public void WriteCsv(TextWriter writer, int chain)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (chain < 0 || chain >= Chains)
            throw new ArgumentOutOfRangeException(nameof(chain), chain, $"Posterior.WriteCsv: there are {Chains} chains (0 to {Chains - 1}).");
        writer.Write(CsvPreamble(chain));
        var header = (_statistics is null ? CmdStanSamplerColumns.Take(2) : CmdStanSamplerColumns).Concat(_columns.Select(c => CmdStanName(c.Name)));
        writer.Write(string.Join(',', header));
        writer.Write('\n');
        if (_statistics is not null)
        {
            writer.Write($"# Step size = {Number(_statistics[chain][^1].StepSize)}\n");
        }
        var row = new List<string>(CmdStanSamplerColumns.Count + _columns.Length);
        for (int d = 0; d < Draws; d++)
        {
            row.Clear();
            if (_statistics is null) row.AddRange(["0", "0"]);
            else
            {
                var s = _statistics[chain][d];
                row.AddRange([Number(s.LogDensity), Number(s.AcceptStat), Number(s.StepSize), Integer(s.TreeDepth),
                    Integer(s.LeapfrogSteps), s.Divergent ? "1" : "0", Number(s.Energy)]);
            }
            for (int k = 0; k < _columns.Length; k++) row.Add(Number(_values[k][chain][d]));
            writer.Write(string.Join(',', row));
            writer.Write('\n');
        }
    }

    /// <summary>
    /// Writes each chain with <see cref="WriteCsv(TextWriter, int)"/> to <c>{directory}/{prefix}_{chain}.csv</c>, chains
    /// numbered from 1 as CmdStan numbers its output files; the directory is created when missing.
    /// </summary>
    public void WriteCsv(string directory, string prefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        Directory.CreateDirectory(directory);
        for (int c = 0; c < Chains; c++)
        {
            using var writer = new StreamWriter(Path.Combine(directory, $"{prefix}_{c + 1}.csv"));
            WriteCsv(writer, c);
        }
    }

    /// <summary>The CmdStan CSV name of a Stan-style name: <c>theta[1]</c> → <c>theta.1</c>, <c>Sigma[1,2]</c> → <c>Sigma.1.2</c>.</summary>
    public static string CmdStanName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        int open = name.IndexOf('[');
        if (open < 0 || !name.EndsWith(']')) return name;
        return name[..open] + "." + name[(open + 1)..^1].Replace(" ", "").Replace(',', '.');
    }

    private string CsvPreamble(int chain)
    {
        bool hmc = _statistics is not null;
        var lines = new List<string>
        {
            $"# Probabilistic: {Sampler} draws, chain {chain + 1} of {Chains}, in CmdStan's CSV layout",
            "# method = sample (Default)",
            "#   sample",
            $"#     num_samples = {Draws}",
            "#     save_warmup = 0 (Default)",
            $"#     algorithm = {(hmc ? "hmc" : "fixed_param")}",
        };
        if (hmc && Sampler.Equals("NUTS", StringComparison.OrdinalIgnoreCase))
            lines.AddRange(["#       hmc", "#         engine = nuts (Default)", "#           nuts", $"#             max_depth = {MaxTreeDepth}"]);
        lines.Add($"#     num_chains = 1");
        lines.Add($"# id = {chain + 1}");
        return string.Join('\n', lines) + "\n";
    }

    private static string Integer(int x) => x.ToString(CultureInfo.InvariantCulture);

    private static string Number(double x) => x switch
    {
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        _ when double.IsNaN(x) => "NaN",
        _ => x.ToString("R", CultureInfo.InvariantCulture),
    };
}
