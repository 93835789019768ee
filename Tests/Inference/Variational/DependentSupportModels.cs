using Probabilistic.Compilation;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Variational;

/// <summary><c>[Compiled]</c> models for <see cref="GeneratedDensitySviTests"/>.</summary>
public static class DependentSupportModels
{
    /// <summary>A latent whose support depends on another latent: x ~ Uniform(0, a), a ~ Exponential(1), x observed with noise.</summary>
    [Compiled]
    public static Model<Real> UniformBelow(double y) =>
        from a in Sample("a", Exponential(1))
        from x in Sample("x", Uniform(0, a))
        from _ in Observe(Normal(x, 1), y)
        select x;
}
