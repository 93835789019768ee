using Probabilistic.Compilation;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Compiled;

/// <summary>Small [Compiled] models for the generated interface over typed slots: each construct the slots store.</summary>
public static class TraceModels
{
    /// <summary>Scalar choices of three families (continuous, categorical, Bernoulli), a Plate, a named ObserveEach and a named observation.</summary>
    [Compiled]
    public static Model<Real> PlateModel(Real[] y) =>
        from mu in Sample("mu", Normal(0, 1))
        from k in Sample("k", Categorical(0.2, 0.3, 0.5))
        from b in Sample("b", Bernoulli(0.3))
        from z in Plate("z", y.Length, i => Normal(mu, 1.0 + i))
        from _ in ObserveEach("y", y, (yi, i) => Normal(z[i] + k, 0.5))
        from __ in Observe("flag", Bernoulli(b ? 0.9 : 0.2), true)
        select mu;

    /// <summary>A Fold whose step draws a scalar and a plate and makes a named observation, after a choice of another family (Gamma, drawn through its object).</summary>
    [Compiled]
    public static Model<Real> FoldModel(double[] y) =>
        from s in Sample("s", Gamma(2, 2))
        from last in Fold("x", y.Length, (Real)0.0, (prev, t) =>
            from x in Sample("x", Normal(prev, 1.0))
            from w in Plate("w", 2, Normal(0, 1))
            from _ in Observe("y", Normal(x + w[0], s), y[t])
            select x)
        select last;

    /// <summary>A Gaussian random walk of <paramref name="steps"/> steps and one factor (the benchmark's model: a score after the draws).</summary>
    [Compiled]
    public static Model<Real> RandomWalk(int steps) =>
        from last in Fold("x", steps, (Real)0.0, (prev, t) =>
            from x in Sample("x", Normal(prev, 1.0))
            select x)
        from _ in Factor(0.0)
        select last;
}
