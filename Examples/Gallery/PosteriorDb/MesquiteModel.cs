using Probabilistic.Compilation;
using Probabilistic.Distributions;
using Probabilistic.Numerics;
using static Probabilistic.Model;

namespace Probabilistic.Examples.Gallery.PosteriorDb;

/// <summary>
/// posteriordb's <c>mesquite-logmesquite_logvash</c> (Gelman &amp; Hill 2007, §4.7): the log weight of mesquite bushes on
/// the logs of canopy volume, area, shape and total height and the group indicator, β flat on ℝ⁶, σ flat on (0, ∞).
/// The likelihood is <c>normal_id_glm</c>, one node.
/// </summary>
public static class MesquiteModel
{
    /// <summary>The model; returns β.</summary>
    [Compiled]
    public static Model<Real[]> Model(double[] weight, double[] diam1, double[] diam2, double[] canopyHeight, double[] totalHeight, double[] group)
    {
        int n = weight.Length;
        var logWeight = Array.ConvertAll(weight, Math.Log);                                          // transformed data
        var logCanopyVolume = Enumerable.Range(0, n).Select(i => Math.Log(diam1[i] * diam2[i] * canopyHeight[i])).ToArray();
        var logCanopyArea = Enumerable.Range(0, n).Select(i => Math.Log(diam1[i] * diam2[i])).ToArray();
        var logCanopyShape = Enumerable.Range(0, n).Select(i => Math.Log(diam1[i] / diam2[i])).ToArray();
        var logTotalHeight = Array.ConvertAll(totalHeight, Math.Log);
        var x = EarningsModel.Columns(logCanopyVolume, logCanopyArea, logCanopyShape, logTotalHeight, group);
        return from beta in Sample("beta", new FlatVector(Support.RealVector(6)))
               from sigma in Sample("sigma", Flat.Positive)
               from _ in Factor(Likelihoods.NormalIdGlm(logWeight, x, beta[0], beta.AsSpan(1), sigma))
               select beta;
    }

    /// <summary>The model on posteriordb's data.</summary>
    public static Model<Real[]> FromData(PosteriorDbData data) =>
        Model(data.Vector("weight"), data.Vector("diam1"), data.Vector("diam2"), data.Vector("canopy_height"), data.Vector("total_height"), data.Vector("group"));
}
