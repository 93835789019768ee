using Probabilistic.Compilation;
using Probabilistic.Numerics;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Examples.Gallery;

/// <summary>
/// The 2-state HMM of <c>data/hmm_discrete_T50.json</c> (initial [.5, .5], transitions [[.9, .1], [.2, .8]],
/// yₜ ~ N(mu[zₜ], 1)) with its emission means as continuous choices: as a user writes it (a named <c>Fold</c> over the
/// discrete states, summed out by enumeration under NUTS) and marginalized by hand with the forward algorithm.
/// </summary>
public static partial class DiscreteHmmModel
{
    private static readonly double[] Init = [0.5, 0.5];
    private static readonly double[][] Trans = [[0.9, 0.1], [0.2, 0.8]];

    /// <summary>P(z₀ = <paramref name="state"/>).</summary>
    public static double Initial(int state) => Init[state];

    /// <summary>P(zₜ = <paramref name="to"/> | zₜ₋₁ = <paramref name="from"/>).</summary>
    public static double Transition(int from, int to) => Trans[from][to];

    /// <summary>mu0, mu1 ~ N(0, 2); the states at <c>z/t/state</c>; returns the last state.</summary>
    [Compiled]
    public static Model<int> Model(double[] y) =>
        from mu0 in Sample("mu0", Normal(0, 2))
        from mu1 in Sample("mu1", Normal(0, 2))
        from last in Fold("z", y.Length, -1, (prev, t) =>
            from z in Sample("state", Categorical(t == 0 ? Init : Trans[prev]))
            from _ in Observe(Normal(z == 0 ? mu0 : mu1, 1.0), y[t])
            select z)
        select last;

    /// <summary>The same posterior over (mu0, mu1) with the states summed out by <see cref="Forward"/>.</summary>
    public static Model<Unit> HandMarginalized(double[] y) =>
        from mu0 in Sample("mu0", Normal(0, 2))
        from mu1 in Sample("mu1", Normal(0, 2))
        from _ in Factor(Forward(y, mu0, mu1))
        select Unit.Value;

    /// <summary>The forward algorithm on <see cref="Real"/> (Rabiner 1989): log p(y | mu0, mu1).</summary>
    public static Real Forward(double[] y, Real mu0, Real mu1)
    {
        ArgumentNullException.ThrowIfNull(y);
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

    /// <summary>Observations simulated from the chain with means ∓1 (seeded).</summary>
    public static double[] Simulate(int steps, ulong seed)
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
