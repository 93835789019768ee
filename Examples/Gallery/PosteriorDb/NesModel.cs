using Probabilistic.Compilation;
using Probabilistic.Distributions;
using Probabilistic.Numerics;
using static Probabilistic.Model;

namespace Probabilistic.Examples.Gallery.PosteriorDb;

/// <summary>
/// posteriordb's <c>nes2000-nes</c> (Gelman &amp; Hill 2007, National Election Study 2000): party identification on
/// ideology, race, age group (30–44, 45–64, 65+ as indicators of <c>age_discrete</c> = 2, 3, 4), education, gender and
/// income, β flat on ℝ⁹, σ flat on (0, ∞). The likelihood is <c>normal_id_glm</c>, one node.
/// </summary>
public static class NesModel
{
    /// <summary>The model; returns β.</summary>
    [Compiled]
    public static Model<Real[]> Model(double[] partyid7, double[] realIdeo, double[] raceAdj, int[] ageDiscrete,
        double[] educ1, double[] gender, double[] income)
    {
        var x = EarningsModel.Columns(realIdeo, raceAdj, Age(ageDiscrete, 2), Age(ageDiscrete, 3), Age(ageDiscrete, 4), educ1, gender, income);
        return from beta in Sample("beta", new FlatVector(Support.RealVector(9)))
               from sigma in Sample("sigma", Flat.Positive)
               from _ in Factor(Likelihoods.NormalIdGlm(partyid7, x, beta[0], beta.AsSpan(1), sigma))
               select beta;
    }

    /// <summary>Transformed data: the indicator of <paramref name="level"/> in <paramref name="ageDiscrete"/> (1.0 where equal, else 0.0).</summary>
    internal static double[] Age(int[] ageDiscrete, int level) => Array.ConvertAll(ageDiscrete, a => a == level ? 1.0 : 0.0);

    /// <summary>The model on posteriordb's data.</summary>
    public static Model<Real[]> FromData(PosteriorDbData data) =>
        Model(data.Vector("partyid7"), data.Vector("real_ideo"), data.Vector("race_adj"), data.Ints("age_discrete"),
            data.Vector("educ1"), data.Vector("gender"), data.Vector("income"));
}
