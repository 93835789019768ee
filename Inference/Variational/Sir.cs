namespace Probabilistic.Inference.Variational;

/// <summary>
/// The sampling-importance-resampling estimator of a marginal guide density q(z) = ∫ q(z, u) du (Sobolev &amp; Vetrov 2019,
/// "Importance weighted hierarchical variational inference", NeurIPS, Thm. 1; Becker et al., PLDI 2024, §7):
/// log q̂(z) = log (1/K) Σₖ q(z, uₖ)/r(uₖ | z) with u₀ the auxiliary draw that produced z (from q(u | z)) and u₁ … u_{K−1}
/// drawn from r, here the guide's own conditional of the auxiliary choices given the choices before them (so each ratio
/// is the product of the non-auxiliary choices' conditional densities). Its expectation is an upper bound on log q(z)
/// that decreases to it as K grows, so an objective using −log q̂ stays a lower bound on log p(x). K = 1 gives
/// hierarchical VI's bound (Ranganath, Tran, Blei 2016).
/// </summary>
/// <param name="K">Importance samples of the auxiliary choices, the one drawn with z included (at least 1).</param>
public sealed record Sir(int K);
