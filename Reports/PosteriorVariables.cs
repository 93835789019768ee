using Probabilistic.Inference;

namespace Probabilistic.Reports;

/// <summary>
/// A posterior's variables: its columns grouped by name before the index (<c>theta[1]</c> … <c>theta[8]</c> make
/// <c>theta</c>), in the order they first appear. Reports show the variables the user names, or by default the
/// model's top-level quantities: every scalar, and every vector of at most <see cref="MaxDefaultElements"/> elements
/// (per-observation latent vectors such as a mixture's assignments <c>z[1..150]</c> are left out), parameters first
/// and then the generated quantities (the model's return value, <see cref="PosteriorColumn.IsGenerated"/>) in column order.
/// </summary>
public static class PosteriorVariables
{
    /// <summary>A vector variable with more elements than this is not shown unless named (10).</summary>
    public const int MaxDefaultElements = 10;

    /// <summary>The variables of <paramref name="posterior"/>: each name with its column names, in column order.</summary>
    public static IReadOnlyList<(string Name, IReadOnlyList<string> Columns)> All(Posterior posterior)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        var order = new List<string>();
        var groups = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var column in posterior.Columns)
        {
            var name = VariableOf(column.Name);
            if (!groups.TryGetValue(name, out var list))
            {
                groups[name] = list = [];
                order.Add(name);
            }
            list.Add(column.Name);
        }
        return order.Select(n => (n, (IReadOnlyList<string>)groups[n])).ToArray();
    }

    /// <summary>
    /// The variables to show: those named in <paramref name="vars"/> (a variable, <c>theta</c>, or one column,
    /// <c>theta[2]</c>), in that order; when <paramref name="vars"/> is null, the default selection described on the class.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="vars"/> is empty or names a variable twice.</exception>
    /// <exception cref="KeyNotFoundException">A name is neither a variable nor a column; the message lists the variables.</exception>
    public static IReadOnlyList<(string Name, IReadOnlyList<string> Columns)> Select(Posterior posterior, IReadOnlyList<string>? vars)
    {
        var all = All(posterior);
        if (vars is null)
        {
            var chosen = all.Where(v => v.Columns.Count <= MaxDefaultElements).ToArray();
            return chosen.Length > 0 ? chosen : all.Take(1).Select(v => (v.Name, (IReadOnlyList<string>)v.Columns.Take(MaxDefaultElements).ToArray())).ToArray();
        }
        if (vars.Count == 0) throw new ArgumentException("Report: vars is empty; name at least one variable, or pass null for the default selection.", nameof(vars));
        var byName = all.ToDictionary(v => v.Name, v => v.Columns, StringComparer.Ordinal);
        var columns = posterior.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var result = new List<(string, IReadOnlyList<string>)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in vars)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(vars));
            if (!seen.Add(name)) throw new ArgumentException($"Report: vars names '{name}' twice.", nameof(vars));
            if (byName.TryGetValue(name, out var group)) result.Add((name, group));
            else if (columns.Contains(name)) result.Add((name, [name]));
            else throw new KeyNotFoundException($"Report: the posterior has no variable or column '{name}'; its variables are {string.Join(", ", all.Select(v => v.Columns.Count == 1 && v.Columns[0] == v.Name ? v.Name : $"{v.Name} ({v.Columns.Count})"))}.");
        }
        return result;
    }

    /// <summary>
    /// The variable a column belongs to: its name with every <c>[…]</c> index removed (<c>theta[2]</c> → <c>theta</c>,
    /// <c>L[1,2]</c> → <c>L</c>, and a member of a plate element, <c>y[3].z</c> → <c>y.z</c>).
    /// </summary>
    public static string VariableOf(string column)
    {
        ArgumentNullException.ThrowIfNull(column);
        int bracket = column.IndexOf('[', StringComparison.Ordinal);
        if (bracket <= 0) return column;
        var name = new System.Text.StringBuilder(column.Length);
        int depth = 0;
        foreach (char ch in column)
        {
            if (ch == '[') depth++;
            else if (ch == ']' && depth > 0) depth--;
            else if (depth == 0) name.Append(ch);
        }
        return depth == 0 ? name.ToString() : column;
    }
}
