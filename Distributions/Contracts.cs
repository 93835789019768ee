namespace Probabilistic.Distributions;

/// <summary>
/// A distribution with a known mean and variance (NaN where undefined, e.g. the Cauchy's mean;
/// +∞ where infinite, e.g. Student-t's variance for 1 &lt; ν ≤ 2).
/// </summary>
public interface IMoments
{
    /// <summary>E[X] (per coordinate for vector distributions: see <see cref="IVectorMoments"/>).</summary>
    double Mean { get; }

    /// <summary>Var[X].</summary>
    double Variance { get; }
}

/// <summary>Per-coordinate mean and variance of a distribution over vectors.</summary>
public interface IVectorMoments
{
    /// <summary>E[X_i] for each coordinate.</summary>
    double[] Mean { get; }

    /// <summary>Var[X_i] for each coordinate.</summary>
    double[] Variance { get; }
}

/// <summary>A distribution whose values lie in a <see cref="Distributions.Support"/>; continuous supports map to ℝᵈ by their bijector.</summary>
public interface IHasSupport
{
    /// <summary>The set of values of positive density or mass.</summary>
    Support Support { get; }
}

/// <summary>A continuous distribution over the reals (or an interval of them).</summary>
public interface IContinuousDistribution : IDistribution<Real>, IMoments, IHasSupport
{
}

/// <summary>A continuous distribution that can also give its cumulative distribution function, so it can be truncated.</summary>
public interface IUnivariateCdf : IContinuousDistribution
{
    /// <summary>log P(X ≤ x), on <see cref="Real"/> so that gradients flow to tape parameters.</summary>
    Real LogCdf(Real x);

    /// <summary>log P(X &gt; x).</summary>
    Real LogSurvival(Real x);

    /// <summary>The quantile function F⁻¹(p) for p ∈ (0, 1), on values.</summary>
    double InverseCdf(double p);
}

/// <summary>A distribution over the integers (or a subset): Poisson, Binomial, ….</summary>
public interface IDiscreteDistribution : IDistribution<int>, IMoments, IHasSupport
{
}

/// <summary>A distribution over real vectors (Dirichlet, MultivariateNormal, …).</summary>
public interface IVectorDistribution : IDistribution<Real[]>, IVectorMoments, IHasSupport
{
    /// <summary>The length of a value.</summary>
    int Dimension { get; }
}

/// <summary>
/// A distribution with a reparameterized sampler: <see cref="Rsample"/> draws x = g(ε; θ) with ε from a
/// fixed base distribution, computed on <see cref="Real"/> so that the gradient of x flows to the tape
/// parameters θ (Kingma &amp; Welling 2014; implicit reparameterization for Gamma, Beta and Dirichlet:
/// Figurnov, Mohamed &amp; Mnih, NeurIPS 2018).
/// </summary>
public interface IReparameterized<T> : IDistribution<T>
{
    /// <summary>A draw whose value carries the gradient with respect to the distribution's parameters.</summary>
    T Rsample(Rng rng);
}
