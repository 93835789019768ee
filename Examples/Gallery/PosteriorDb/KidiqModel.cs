using Probabilistic.Compilation;
using Probabilistic.Distributions;
using Probabilistic.Numerics;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Examples.Gallery.PosteriorDb;

/// <summary>
/// posteriordb's <c>kidiq-kidscore_momhsiq</c> (Gelman &amp; Hill 2007, §3.1): a child's test score on the mother's
/// high-school completion and IQ, kid_scoreᵢ ~ Normal(β₁ + β₂ mom_hsᵢ + β₃ mom_iqᵢ, σ), β flat on ℝ³,
/// σ ~ Cauchy(0, 2.5) on σ &gt; 0 (a half-Cauchy up to a constant). The likelihood is <c>normal_id_glm</c>, one node.
/// </summary>
public static class KidiqModel
{
    /// <summary>The model; returns β.</summary>
    [Compiled]
    public static Model<Real[]> Model(double[] kidScore, double[] momHs, double[] momIq)
    {
        var x = EarningsModel.Columns(momHs, momIq);
        return from beta in Sample("beta", new FlatVector(Support.RealVector(3)))
               from sigma in Sample("sigma", HalfCauchy(2.5))
               from _ in Factor(Likelihoods.NormalIdGlm(kidScore, x, beta[0], beta.AsSpan(1), sigma))
               select beta;
    }

    /// <summary>The model on posteriordb's data (<c>kid_score</c>, <c>mom_hs</c>, <c>mom_iq</c>).</summary>
    public static Model<Real[]> FromData(PosteriorDbData data) => Model(data.Vector("kid_score"), data.Vector("mom_hs"), data.Vector("mom_iq"));
}
