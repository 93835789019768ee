using Probabilistic.Compilation;
using Probabilistic.Distributions;
using Probabilistic.Numerics;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Examples.Gallery.PosteriorDb;

/// <summary>
/// posteriordb's <c>kilpisjarvi_mod-kilpisjarvi</c> (BDA course, Kilpisjärvi summer temperatures): yᵢ ~ Normal(α + β xᵢ, σ)
/// with α ~ Normal(pmualpha, psalpha), β ~ Normal(pmubeta, psbeta) and σ flat on (0, ∞). The covariate (the year) is not
/// centred, so α and β are almost perfectly correlated: posteriordb's reference ran with <c>max_treedepth = 15</c>.
/// The likelihood is <c>normal_id_glm</c>, one node.
/// </summary>
public static class KilpisjarviModel
{
    /// <summary>The model; returns (α, β, σ).</summary>
    [Compiled]
    public static Model<Real[]> Model(double[] x, double[] y, double pmualpha, double psalpha, double pmubeta, double psbeta)
    {
        var design = EarningsModel.Columns(x);
        return from alpha in Sample("alpha", Normal(pmualpha, psalpha))
               from beta in Sample("beta", Normal(pmubeta, psbeta))
               from sigma in Sample("sigma", Flat.Positive)
               from _ in Factor(Likelihoods.NormalIdGlm(y, design, alpha, [beta], sigma))
               select new[] { alpha, beta, sigma };
    }

    /// <summary>The model on posteriordb's data (<c>x</c>, <c>y</c>, <c>pmualpha</c>, <c>psalpha</c>, <c>pmubeta</c>, <c>psbeta</c>).</summary>
    public static Model<Real[]> FromData(PosteriorDbData data) =>
        Model(data.Vector("x"), data.Vector("y"), data.Real("pmualpha"), data.Real("psalpha"), data.Real("pmubeta"), data.Real("psbeta"));
}
