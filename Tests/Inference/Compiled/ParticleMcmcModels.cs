using Probabilistic.Compilation;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Compiled;

/// <summary>[Compiled] models for PMMH, SMC² and particle Gibbs on the compiled particle program.</summary>
public static class ParticleMcmcModels
{
    /// <summary>A random walk with an unknown noise scale q: x_t ~ N(x_{t−1}, q), y_t ~ N(x_t, 1).</summary>
    [Compiled]
    public static Model<Real> NoisyWalk(double[] y) =>
        from q in Sample("q", Gamma(2, 2))
        from last in Fold("x", y.Length, (Real)0.0, (prev, t) =>
            from x in Sample("x", Normal(prev, q))
            from _ in Observe(Normal(x, 1.0), y[t])
            select x)
        select last;

    /// <summary>A walk of real states switched by a Bernoulli step choice, with a plate of offsets before it.</summary>
    [Compiled]
    public static Model<Real> SwitchingWalk(double[] y) =>
        from mu in Sample("mu", Normal(0, 1))
        from o in Plate("o", 2, Normal(0, 0.5))
        from last in Fold("x", y.Length, (Real)0.0, (prev, t) =>
            from s in Sample("s", Bernoulli(0.3))
            from x in Sample("x", Normal(prev + (s ? o[1] : o[0]), 1.0))
            from _ in Observe(Normal(x + mu, 1.0), y[t])
            select x)
        select last;

    /// <summary>Observations of a random walk: x_t = x_{t−1} + 0.7·ε, y_t = x_t + ε (fixed seed).</summary>
    public static double[] Data(int steps, ulong seed)
    {
        var rng = new Rng(seed);
        var y = new double[steps];
        double x = 0;
        for (int t = 0; t < steps; t++)
        {
            x += 0.7 * rng.NextGaussian();
            y[t] = x + rng.NextGaussian();
        }
        return y;
    }
}
