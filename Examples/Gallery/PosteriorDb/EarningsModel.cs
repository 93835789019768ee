using Probabilistic.Compilation;
using Probabilistic.Distributions;
using Probabilistic.Numerics;
using static Probabilistic.Model;

namespace Probabilistic.Examples.Gallery.PosteriorDb;

/// <summary>
/// posteriordb's <c>earnings-logearn_interaction</c> (Gelman &amp; Hill 2007, §4.2): log earnings on height, sex and
/// their interaction, log(earnᵢ) ~ Normal(β₁ + β₂ heightᵢ + β₃ maleᵢ + β₄ heightᵢ·maleᵢ, σ), with Stan's implicit flat
/// priors on β (ℝ⁴) and σ (&gt; 0). The likelihood is Stan's <c>normal_id_glm</c>, one node.
/// </summary>
public static class EarningsModel
{
    /// <summary>The model; returns β.</summary>
    /// <param name="earn">Annual earnings (positive).</param>
    /// <param name="height">Height in inches.</param>
    /// <param name="male">1 for men, 0 for women.</param>
    [Compiled]
    public static Model<Real[]> Model(double[] earn, double[] height, double[] male)
    {
        var logEarn = Array.ConvertAll(earn, Math.Log);                                 // transformed data
        var x = Columns(height, male, height.Zip(male, (h, m) => h * m).ToArray());   // inter = height .* male
        return from beta in Sample("beta", new FlatVector(Support.RealVector(4)))
               from sigma in Sample("sigma", Flat.Positive)
               from _ in Factor(Likelihoods.NormalIdGlm(logEarn, x, beta[0], beta.AsSpan(1), sigma))
               select beta;
    }

    /// <summary>The model on posteriordb's data (<c>earn</c>, <c>height</c>, <c>male</c>).</summary>
    public static Model<Real[]> FromData(PosteriorDbData data) => Model(data.Vector("earn"), data.Vector("height"), data.Vector("male"));

    /// <summary>The N × K matrix whose columns are <paramref name="columns"/> (all of length N).</summary>
    /// <exception cref="ArgumentException">The columns differ in length, or there are none.</exception>
    public static double[,] Columns(params double[][] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Length == 0) throw new ArgumentException("Columns: no columns given.", nameof(columns));
        var x = new double[columns[0].Length, columns.Length];
        for (int k = 0; k < columns.Length; k++)
        {
            if (columns[k].Length != columns[0].Length)
                throw new ArgumentException($"Columns: column {k + 1} has {columns[k].Length} values but column 1 has {columns[0].Length}.", nameof(columns));
            for (int i = 0; i < columns[k].Length; i++) x[i, k] = columns[k][i];
        }
        return x;
    }
}
