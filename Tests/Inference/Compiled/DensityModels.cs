using Probabilistic.Compilation;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Compiled;

/// <summary>
/// Small <c>[Compiled]</c> models whose generated log densities the tests compare with the interpreter's: every scalar
/// support kind (ℝ, positive, unit interval, a bounded interval), Plate, Fold (with a Plate in its step), ObserveEach,
/// Factor, and observations whose parameters are latent (Bernoulli) or constant (Categorical).
/// </summary>
public static class DensityModels
{
    /// <summary>Beta, Gamma, Uniform and a Plate of Exponentials; Normal, Bernoulli and Categorical observations.</summary>
    [Compiled]
    public static Model<Real> Supports(double[] y, bool coin, int category) =>
        from p in Sample("p", Beta(2, 3))
        from s in Sample("s", Gamma(2, 1))
        from u in Sample("u", Uniform(-1, 2))
        from e in Plate("e", 3, i => Exponential(1 + i))
        from _ in ObserveEach(y, (yi, i) => Normal(u + e[i % 3], s))
        from c in Observe("coin", Bernoulli(p), coin)
        from k in Observe(Categorical(0.2, 0.3, 0.5), category)
        select p;

    /// <summary>A random walk with a latent positive step scale: a Fold of Normal draws, each observed.</summary>
    [Compiled]
    public static Model<Real> Walk(double[] y) =>
        from q in Sample("q", HalfNormal(1))
        from last in Fold("x", y.Length, (Real)0.0, (prev, t) =>
            from x in Sample("x", Normal(prev, q))
            from _ in Observe(Normal(x, 0.5), y[t])
            select x)
        select last;

    /// <summary>A Fold whose step draws a Plate of LogNormals and a Normal scaled by the carried state, scored by a Factor.</summary>
    [Compiled]
    public static Model<Real> FoldOfPlates(double[] y) =>
        Fold("s", y.Length, (Real)1.0, (prev, t) =>
            from z in Plate("z", 2, LogNormal(0, 1))
            from w in Sample("w", Normal(0, prev))
            let d = w - y[t]
            from _ in Factor(-0.5 * d * d)
            select z[0] + z[1]);

    /// <summary>A scale that is a latent Normal: negative values are rejected by the observation's Normal (−∞).</summary>
    [Compiled]
    public static Model<Real> Rejecting(double y) =>
        from s in Sample("s", Normal(1, 1))
        from _ in Observe(Normal(0, s), y)
        select s;

    /// <summary>A Uniform(−0.1, 0.2) latent: far out in θ the bijector's lo + (hi − lo)·σ(θ) rounds past hi (0.20000000000000004).</summary>
    [Compiled]
    public static Model<Real> IntervalEdge(double y) =>
        from u in Sample("u", Uniform(-0.1, 0.2))
        from _ in Observe(Normal(u, 1), y)
        select u;

    /// <summary>Uniform(0, r) observes y: density zero where r ≤ y.</summary>
    [Compiled]
    public static Model<Real> ZeroDensity(double y) =>
        from r in Sample("r", Exponential(1))
        from _ in Observe("y", Uniform(0, r), y)
        select r;
}
