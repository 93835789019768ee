using System.Text.Json;
using Probabilistic.Compilation;
using Probabilistic.Distributed.Tests.Cluster;
using Probabilistic.Tests.Data;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Distributed.Tests.Islands;

/// <summary>The island tests' models, registered on every silo of the test cluster.</summary>
public sealed class IslandModels : IClusterTestModels
{
    /// <summary>The Gaussian HMM of data/hmm_gauss_T50.json (a compiled twin; <c>Interpreted = true</c> runs the interpreter).</summary>
    public const string HmmT50 = "islands-hmm-t50";

    /// <summary>A model that returns a string (which an island cannot send as a number).</summary>
    public const string Text = "islands-text";

    /// <summary>A model whose every particle has weight 0 at the second observation.</summary>
    public const string Impossible = "islands-impossible";

    private static readonly Lazy<JsonElement> Data = new(() => RepositoryData.Json("hmm_gauss_T50.json"));

    /// <summary>The observations of hmm_gauss_T50.</summary>
    public static double[] Y => [.. Data.Value.GetProperty("y").EnumerateArray().Select(v => v.GetDouble())];

    /// <summary>The Kalman filter's exact log evidence of hmm_gauss_T50.</summary>
    public static double ExactLogEvidence => Data.Value.GetProperty("reference").GetProperty("log_marginal_likelihood").GetDouble();

    /// <summary>x₀ ~ N(0, s0), x_t ~ N(x_{t−1}, q), y_t ~ N(x_t, r); returns the last state.</summary>
    [Compiled]
    public static Model<Real> Hmm(IReadOnlyList<double> y, double s0, double q, double r) =>
        Fold("x", y.Count, (Real)0.0, (prev, t) =>
            from x in Sample("x", Normal(t == 0 ? 0.0 : prev, t == 0 ? s0 : q))
            from _ in Observe(Normal(x, r), y[t])
            select x);

    /// <summary>hmm_gauss_T50's model with its parameters.</summary>
    public static Model<Real> HmmT50Model()
    {
        var p = Data.Value.GetProperty("params");
        return Hmm(Y, p.GetProperty("s0").GetDouble(), p.GetProperty("q").GetDouble(), p.GetProperty("r").GetDouble());
    }

    /// <inheritdoc />
    public void Register(ModelCatalog catalog)
    {
        catalog.Add(HmmT50, HmmT50Model());
        catalog.Add(Text, from x in Sample("x", Normal(0, 1)) from _ in Observe(Normal(x, 1), 0.5) select x.Value > 0 ? "up" : "down");
        catalog.Add(Impossible, from x in Sample("x", Normal(0, 1)) from a in Observe(Normal(x, 1), 0.5) from b in Factor(double.NegativeInfinity) select x);
    }
}
