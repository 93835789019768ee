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

    private static readonly double[] Init = [0.5, 0.5];
    private static readonly double[][] Trans = [[0.9, 0.1], [0.2, 0.8]];

    /// <summary>A 2-state HMM with its emission means as parameters: a named Fold, and the forward algorithm by hand.</summary>
    public static (Model<int> Enumerated, Model<Unit> Hand) Hmm(double[] y) => (
        from mu0 in Sample("mu0", Normal(0, 2))
        from mu1 in Sample("mu1", Normal(0, 2))
        from last in Fold("z", y.Length, -1, (prev, t) =>
            from z in Sample("state", Categorical(t == 0 ? Init : Trans[prev]))
            from _ in Observe(Normal(z == 0 ? mu0 : mu1, 1.0), y[t])
            select z)
        select last,
        from mu0 in Sample("mu0", Normal(0, 2))
        from mu1 in Sample("mu1", Normal(0, 2))
        from _ in Factor(Forward(y, mu0, mu1))
        select Unit.Value);

    private static Real Forward(double[] y, Real mu0, Real mu1)
    {
        var alpha = new Real[2];
        for (int k = 0; k < 2; k++) alpha[k] = Math.Log(Init[k]) + Normal(k == 0 ? mu0 : mu1, 1.0).LogProb(y[0]);
        for (int t = 1; t < y.Length; t++)
        {
            var next = new Real[2];
            for (int k = 0; k < 2; k++)
                next[k] = RealMath.LogSumExp(alpha[0] + Math.Log(Trans[0][k]), alpha[1] + Math.Log(Trans[1][k])) + Normal(k == 0 ? mu0 : mu1, 1.0).LogProb(y[t]);
            alpha = next;
        }
        return RealMath.LogSumExp(alpha[0], alpha[1]);
    }

    /// <summary>Observations of a 2-state HMM with means ∓1 (seeded).</summary>
    public static double[] SimulateHmm(int steps, ulong seed)
    {
        var rng = new Rng(seed);
        var y = new double[steps];
        int z = rng.NextDouble() < Init[1] ? 1 : 0;
        for (int t = 0; t < steps; t++)
        {
            if (t > 0) z = rng.NextDouble() < Trans[z][1] ? 1 : 0;
            y[t] = (z == 0 ? -1 : 1) + rng.NextGaussian();
        }
        return y;
    }
}
