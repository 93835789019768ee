namespace Probabilistic.Inference.Variational;

/// <summary>
/// How the gradient of an expectation over one random choice of a guide is estimated (genjax.vi / ADEV's
/// per-choice strategies; Mohamed, Rosca, Figurnov, Mnih 2020, "Monte Carlo gradient estimation in machine learning").
/// </summary>
public enum GradientEstimator
{
    /// <summary>Chosen from the distribution: reparameterization when it has a reparameterized sampler, else the score function.</summary>
    Default,

    /// <summary>Pathwise: the value is a differentiable function of the parameters and independent noise (Kingma &amp; Welling 2014).</summary>
    Reparameterization,

    /// <summary>The score function, ∇E[f] = E[f ∇log q], with a running-average baseline (Williams 1992; Ranganath et al. 2014).</summary>
    Reinforce,
}
