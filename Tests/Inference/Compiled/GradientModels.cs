using Probabilistic.Compilation;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Compiled;

/// <summary>
/// <c>[Compiled]</c> models inside the generated gradient's fragment (<see cref="ICompiledGradient"/>), each exercising
/// derivative rules: every arithmetic operator, <c>RealMath.Exp/Log/Sqrt/Pow</c>, a conditional on data, every
/// positive-support family as a latent (exp bijector) with latent parameters and as an observation, a Plate whose
/// distribution reads its index, a map over a Plate, a Fold with a real carried state, ObserveEach and Factor.
/// </summary>
public static class GradientModels
{
    /// <summary>Arithmetic and elementary functions between latents, scored by Normal observations and a Factor.</summary>
    [Compiled]
    public static Model<Real> Arithmetic(double[] y) =>
        from a in Sample("a", Normal(0.5, 2))
        from b in Sample("b", LogNormal(0.1, 0.7))
        from c in Sample("c", Gamma(2.5, 1.5))
        let d = (a * b - c / b) / (1 + c) + -a
        let e = RealMath.Exp(0.3 * a) + RealMath.Log(b + c) * RealMath.Sqrt(c) - RealMath.Pow(b, 1.5)
        from _ in ObserveEach(y, (yi, i) => Normal(i % 2 == 0 ? d : e, 0.5 + c))
        from f in Factor(-0.5 * (a - e) * (a - e) / (b * b))
        select d;

    /// <summary>Positive latents whose parameters are latents, observed under every positive family.</summary>
    [Compiled]
    public static Model<Real> Scales(double[] y) =>
        from s in Sample("s", HalfNormal(2))
        from r in Sample("r", Exponential(1.5))
        from h in Sample("h", HalfCauchy(s))
        from g in Sample("g", Gamma(3, r))
        from l in Sample("l", LogNormal(h - 1, s))
        from x in Plate("x", 3, i => Exponential(r * (1 + i)))
        from _1 in Observe(HalfNormal(h + x[0]), y[0])
        from _2 in Observe(HalfCauchy(g), y[1])
        from _3 in Observe(Exponential(l), y[2])
        from _4 in Observe(Gamma(2, x[1] + x[2]), y[3])
        from _5 in Observe(LogNormal(RealMath.Log(g), h), y[4])
        select s;

    /// <summary>A Fold whose carried state is an AR(1) mean with a latent coefficient and scale, and a map over a Plate.</summary>
    [Compiled]
    public static Model<Real> Autoregression(double[] y) =>
        from phi in Sample("phi", Normal(0, 0.5))
        from sd in Sample("sd", HalfNormal(1))
        from z in Plate("z", 2, Normal(0, 1))
        let w = z.Select(v => 2 * v - phi).ToArray()
        from last in Fold("x", y.Length, (Real)0.25, (prev, t) =>
            from x in Sample("x", Normal(phi * prev + w[t % 2], sd))
            from _ in Observe(Normal(x, 0.3), y[t])
            select x * 0.9)
        from f in Factor(-last * last)
        select last;
}
