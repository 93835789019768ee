using Probabilistic.Inference;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Distributed.Tests.Cluster;

/// <summary>The models the chain tests run on the cluster, and the options they share.</summary>
public sealed class ChainTestModels : IClusterTestModels
{
    /// <summary>Eight schools' name in the catalog.</summary>
    public const string EightSchoolsName = "chains/eight-schools";

    /// <summary>A model that throws once its parameter passes 1.5 (inside NUTS, after a few iterations).</summary>
    public const string ThrowingName = "chains/throws-above-1.5";

    /// <summary>The effects of eight schools (Rubin 1981).</summary>
    public static readonly double[] Y = [28, 8, -3, 7, -1, 1, 18, 12];

    /// <summary>Their standard errors.</summary>
    public static readonly double[] Sigma = [15, 10, 16, 11, 9, 11, 10, 18];

    /// <summary>Eight schools, non-centred (posteriordb's eight_schools_noncentered); returns θ, a generated quantity.</summary>
    public static Model<Real[]> EightSchools =>
        from thetaTrans in Plate("theta_trans", Y.Length, Normal(0, 1))
        from mu in Sample("mu", Normal(0, 5))
        from tau in Sample("tau", HalfCauchy(5))
        let theta = thetaTrans.Select(t => mu + tau * t).ToArray()
        from _ in ObserveEach(Y, (yj, j) => Normal(theta[j], Sigma[j]))
        select theta;

    /// <summary>x ~ Normal(0, 1), but the model throws when x &gt; 1.5.</summary>
    public static Model<Real> Throwing =>
        from x in Sample("x", Normal(0, 1))
        select x.Value > 1.5 ? throw new InvalidOperationException($"x = {x.Value} is above 1.5") : x;

    /// <summary>Short runs (warmup 150 crosses the initial buffer, two windows and the terminal buffer): CI stays fast.</summary>
    public static NutsOptions Short => new() { Chains = 4, Warmup = 150, Draws = 100, Seed = 20261207 };

    /// <inheritdoc />
    public void Register(ModelCatalog catalog) =>
        catalog.Add(EightSchoolsName, EightSchools).Add(ThrowingName, Throwing);
}
