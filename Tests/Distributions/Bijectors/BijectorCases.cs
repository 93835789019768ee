using Probabilistic.Distributions;
using Xunit;

namespace Probabilistic.Tests.Distributions.Bijectors;

/// <summary>The continuous supports under test, with their safe ranges and free coordinates.</summary>
internal static class BijectorCases
{
    /// <summary>Supports by name, as test data.</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (string name in new[] { "real", "positive", "greater_than(-3.5)", "less_than(2)", "unit_interval", "interval(-1, 4)" })
            data.Add(name);
        foreach (string family in new[] { "real_vector", "simplex", "cholesky_factor_corr", "ordered", "positive_ordered" })
            foreach (int k in new[] { 1, 2, 3, 4, 6 })
                data.Add($"{family}({k})");
        return data;
    }

    public static Support Make(string name) => name switch
    {
        "real" => Support.Real,
        "positive" => Support.Positive,
        "greater_than(-3.5)" => Support.GreaterThan(-3.5),
        "less_than(2)" => Support.LessThan(2),
        "unit_interval" => Support.UnitInterval,
        "interval(-1, 4)" => Support.Interval(-1, 4),
        _ => MakeVector(name),
    };

    private static Support MakeVector(string name)
    {
        int open = name.IndexOf('(');
        int k = int.Parse(name[(open + 1)..^1]);
        return name[..open] switch
        {
            "real_vector" => Support.RealVector(k),
            "simplex" => Support.Simplex(k),
            "cholesky_factor_corr" => Support.CholeskyCorrelation(k),
            "ordered" => Support.Ordered(k),
            "positive_ordered" => Support.PositiveOrdered(k),
            _ => throw new ArgumentException($"unknown support {name}", nameof(name)),
        };
    }

    /// <summary>
    /// Unconstrained coordinates are drawn uniformly from [−R, R]: away from floating-point
    /// saturation (see PropertyTests' BijectorCase for the derivation: 4 for the ordered transforms,
    /// whose inverse subtracts neighbours; 8 for the others).
    /// </summary>
    public static double Range(Support s) => s.Name.Contains("ordered") ? 4 : 8;

    /// <summary>
    /// The coordinates of a point that the Jacobian is taken over: for the simplex the first K−1
    /// (the last is 1 minus their sum), for Cholesky factors of correlation matrices the strictly
    /// lower-triangular entries, row by row (the diagonal follows from the unit row norms); all
    /// coordinates otherwise.
    /// </summary>
    public static double[] Free(Support s, double[] x)
    {
        if (s.Name.StartsWith("simplex", StringComparison.Ordinal)) return x[..^1];
        if (s.Name.StartsWith("cholesky_factor_corr", StringComparison.Ordinal))
        {
            int k = (int)Math.Round(Math.Sqrt(x.Length));
            var free = new List<double>();
            for (int i = 1; i < k; i++)
                for (int j = 0; j < i; j++) free.Add(x[i * k + j]);
            return [.. free];
        }
        return x;
    }

    /// <summary>T(u) and log |det J_T(u)| on constants.</summary>
    public static double[] Forward(Bijector b, ReadOnlySpan<double> u, out double logJ)
    {
        var ur = new Real[u.Length];
        for (int i = 0; i < u.Length; i++) ur[i] = u[i];
        var xr = new Real[b.ConstrainedDimension];
        logJ = b.Forward(ur, xr).Value;
        return xr.Select(v => v.Value).ToArray();
    }

    /// <summary>
    /// The absolute rounding scale of a coordinate of x: a bound l (x = l ± something carries an ulp of
    /// |l|), the largest |xᵢ| for the ordered transforms (cumulative sums), 0 where every coordinate
    /// keeps its own relative accuracy.
    /// </summary>
    public static double Scale(Support s, double[] x) => s.Name switch
    {
        "greater_than(-3.5)" => 3.5,
        "less_than(2)" => 2,
        "unit_interval" => 1,
        "interval(-1, 4)" => 4,
        _ => s.Name.Contains("ordered") ? x.Max(Math.Abs) : 0,
    };

    /// <summary>A uniform point of [−r, r]ᵈ (r defaults to <see cref="Range"/>).</summary>
    public static double[] RandomU(Rng rng, Support s, double? range = null)
    {
        var u = new double[s.Bijector.UnconstrainedDimension];
        double r = range ?? Range(s);
        for (int i = 0; i < u.Length; i++) u[i] = r * (2 * rng.NextDouble() - 1);
        return u;
    }
}
