using Probabilistic.Examples.Gallery;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Benchmarks.Enumeration;

/// <summary>
/// Models with discrete latents as users write them (summed out by enumeration), each beside the same model
/// marginalized by hand as a Stan program would be: the pairs whose gradient costs <see cref="EnumerationComparison"/> times.
/// </summary>
internal static class EnumerationModels
{
    /// <summary>The gallery's mixture (assignments inside the plate) and its hand-summed likelihood.</summary>
    public static (Model<Unit> Enumerated, Model<Unit> Hand) Mixture(double[] y) => (
        GaussianMixtureModel.PointwiseModel(y).Select(_ => Unit.Value),
        from w in Sample("w", Beta(2, 2))
        from mu1 in Sample("mu1", Normal(0, 10))
        from delta in Sample("delta", HalfNormal(10))
        from sigma in Sample("sigma", HalfNormal(5))
        from _ in Factor(MixtureLogLikelihood(y, w, mu1, mu1 + delta, sigma))
        select Unit.Value);

    private static Real MixtureLogLikelihood(double[] y, Real w, Real mu1, Real mu2, Real sigma)
    {
        Real total = 0, logW = RealMath.Log(w), log1mW = RealMath.Log(1 - w);
        foreach (var yi in y) total += RealMath.LogSumExp(log1mW + Normal(mu1, sigma).LogProb(yi), logW + Normal(mu2, sigma).LogProb(yi));
        return total;
    }

    /// <summary>The gallery's change point (τ uniform on 0..N−1) and the Stan program's log-sum-exp over τ.</summary>
    public static (Model<int> Enumerated, Model<Unit> Hand) ChangePoint(int[] counts) => (
        Examples.Gallery.ChangePoint.Model(counts),
        from early in Sample("early_rate", Exponential(0.5))
        from late in Sample("late_rate", Exponential(0.5))
        from _ in Factor(ChangePointLogLikelihood(counts, early, late))
        select Unit.Value);

    private static Real ChangePointLogLikelihood(int[] counts, Real early, Real late)
    {
        var lp = new Real[counts.Length];
        for (int tau = 0; tau < counts.Length; tau++)
        {
            Real sum = -Math.Log(counts.Length);
            for (int i = 0; i < counts.Length; i++) sum += Poisson(i < tau ? early : late).LogProb(counts[i]);
            lp[tau] = sum;
        }
        return RealMath.LogSumExp(lp);
    }

    /// <summary>The gallery's 2-state HMM: a named Fold, and the forward algorithm by hand.</summary>
    public static (Model<int> Enumerated, Model<Unit> Hand) Hmm(double[] y) => (DiscreteHmmModel.Model(y), DiscreteHmmModel.HandMarginalized(y));
}
