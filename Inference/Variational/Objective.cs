using Probabilistic.Distributions;
using Probabilistic.Numerics;

namespace Probabilistic.Inference.Variational;

/// <summary>
/// A variational objective to maximize, as a value: it draws from the guide, scores under the model, and builds a
/// surrogate whose gradient is an unbiased estimate of the objective's gradient, each guide choice contributing by
/// its own estimator (reparameterized values carry their gradient; score-function choices add (f − b)·log q)
/// (genjax.vi: Becker et al., PLDI 2024; Schulman et al. 2015, "Gradient estimation using stochastic computation graphs").
/// </summary>
public abstract record Objective
{
    /// <summary>A short name for messages and reports.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// One estimate: a surrogate on the tape whose gradient is an unbiased estimate of the objective's gradient, and
    /// the objective's value. Write a new objective from <see cref="ObjectiveContext.Draw"/>,
    /// <see cref="ObjectiveContext.LogJoint"/>, <see cref="GuideDraw.LogQ"/> and <see cref="ObjectiveContext.ScoreTerms(GuideDraw, double)"/>
    /// (the score-function part for guide choices that are not reparameterized, given the reward they multiply).
    /// </summary>
    public abstract (Real Surrogate, double Value) Estimate(ObjectiveContext context);
}

/// <summary>What an objective evaluates with: draws from the guide, their log joint under the model, and the score-function terms.</summary>
public sealed class ObjectiveContext
{
    private readonly Func<GuideDraw, Real> _logJoint;
    private readonly Guide _guide;
    private readonly ParameterStore _store;
    private readonly Rng _rng;

    internal ObjectiveContext(Func<GuideDraw, Real> logJoint, Guide guide, ParameterStore store, Rng rng, Dictionary<Address, double> baselines)
    {
        _logJoint = logJoint;
        _guide = guide;
        _store = store;
        _rng = rng;
        Baselines = baselines;
    }

    /// <summary>log p(x, z) of a guide draw z under the model with its observations (on the tape).</summary>
    public Real LogJoint(GuideDraw draw) => _logJoint(draw);

    /// <summary>
    /// A fresh draw from the guide with the current parameters. A choice whose estimator branches (enumeration,
    /// measure-valued) cannot be drawn whole: it is a <see cref="ModelException"/> naming its address.
    /// </summary>
    public GuideDraw Draw() => _guide.Draw(_store, _rng);

    internal Dictionary<Address, double> Baselines { get; }

    /// <summary>
    /// log q(z; φ) of the guide at the values of <paramref name="draw"/> held fixed: on the tape through the guide's
    /// parameters only, not through the values (use it with <see cref="GuideDraw.Detached"/> draws).
    /// </summary>
    /// <exception cref="ModelException">The guide cannot evaluate its density at given values (the autoguides other than AutoNormal, for now).</exception>
    public Real LogQAt(GuideDraw draw)
    {
        ArgumentNullException.ThrowIfNull(draw);
        return _guide.LogDensity(_store, draw.Values);
    }

    /// <summary>
    /// The score-function surrogate Σᵢ (f − bᵢ)·log qᵢ over the choices of <paramref name="draw"/> that use REINFORCE, for a
    /// reward f (the objective's value computed from this draw); bᵢ is a running average of f per address (decay 0.9),
    /// which keeps the estimate unbiased (E[∇ log q] = 0) and lowers its variance.
    /// </summary>
    public Real ScoreTerms(GuideDraw draw, double f) => ScoreTerms(draw, f, useBaseline: true);

    /// <summary>
    /// The score-function surrogate Σᵢ (f − bᵢ)·log qᵢ over the REINFORCE choices of <paramref name="draw"/>; with
    /// <paramref name="useBaseline"/> false, bᵢ = 0 and no running baseline is read or updated — for objectives that
    /// supply their own control variate in the reward, such as <see cref="Vimco"/>'s leave-one-out rewards
    /// (unbiased when the subtracted part of the reward does not depend on this draw).
    /// </summary>
    public Real ScoreTerms(GuideDraw draw, double f, bool useBaseline)
    {
        ArgumentNullException.ThrowIfNull(draw);
        if (!useBaseline)
        {
            Real sum = 0;
            foreach (var (_, logq) in draw.ScoreTerms) sum += f * logq;
            return sum;
        }
        Real total = 0;
        foreach (var (address, logq) in draw.ScoreTerms)
        {
            double b = Baselines.TryGetValue(address, out var old) ? old : 0;
            total += (f - b) * logq;
            Baselines[address] = Baselines.ContainsKey(address) ? 0.9 * old + 0.1 * f : f;
        }
        return total;
    }

    /// <summary>
    /// One estimate of the ELBO integrand f = log p(x, z) − log q(z) for z ~ q, and a surrogate whose value is that estimate
    /// and whose gradient is an unbiased estimate of ∇E_q[f], each guide choice contributing by its estimator.
    /// </summary>
    /// <remarks>
    /// <para>The guide runs until a choice i whose estimator branches (enumeration or measure-valued), with the choices z₍&lt;i₎
    /// before it drawn. Write G(v) = E[f | z₍&lt;i₎, zᵢ = v] (the choices after i drawn fresh) and E_q[f | z₍&lt;i₎] =
    /// Σᵥ qᵢ(v) G(v) (a sum or an integral over v). Each branch v is evaluated by this same procedure, recursively, into
    /// (Sᵥ, Fᵥ): Fᵥ an unbiased estimate of G(v) and Sᵥ a tape value with Sᵥ.Value = Fᵥ and E[∇Sᵥ] = ∇G(v), the total
    /// derivative in the parameters φ, including through the tape values of z₍&lt;i₎ (reparameterized choices) and through
    /// −log qᵢ(v), which is part of f (note ∇G(v) contains −∇log qᵢ(v); summed with weights qᵢ(v) it is −Σᵥ∇qᵢ(v) = 0, so
    /// keeping it in f or leaving it out of the gradient changes nothing in expectation, and keeping it makes the value right).</para>
    /// <para><b>Enumeration</b>: S = Σᵥ qᵢ(v)·Sᵥ with qᵢ(v) = exp(log qᵢ(v)) on the tape. Its value is Σᵥ qᵢ(v)Fᵥ, unbiased for
    /// Σᵥ qᵢ(v)G(v); its gradient Σᵥ ∇qᵢ(v)·Fᵥ + qᵢ(v)·∇Sᵥ (product rule, Sᵥ.Value = Fᵥ) has expectation
    /// Σᵥ ∇qᵢ(v)G(v) + qᵢ(v)∇G(v) = ∇Σᵥ qᵢ(v)G(v). Values of mass 0 are skipped (they add nothing to the sum).</para>
    /// <para><b>Measure-valued</b>: with θ the tape parameters of qᵢ, ∇E_{qᵢ}[G] = Σ_θ ∇θ·∂/∂θ E_{q_θ}[G] + E_{qᵢ}[∇G] (the
    /// first with G held fixed). A nominal branch z ~ qᵢ, drawn with no tape node, gives (S₀, F₀): the second term and the
    /// value. For each θ, ∂/∂θ E_{q_θ}[G] = c_θ(E_{q⁺}[G] − E_{q⁻}[G]) is estimated by c_θ(F⁺ − F⁻) from branches at values
    /// drawn from q⁺ and q⁻ (only their values are used), and enters as (θ − θ.Value)·c_θ(F⁺ − F⁻): value 0, gradient
    /// ∇θ·c_θ(F⁺ − F⁻). So S = S₀ + Σ_θ (θ − θ.Value)·c_θ(F⁺ − F⁻), with value F₀. Where q⁻ = qᵢ itself (Normal's σ, Poisson)
    /// F₀ serves as F⁻: given z, its expectation is G(z), so c_θ(F⁺ − F₀) is still unbiased.</para>
    /// <para><b>Score-function</b> choices made in a segment (between branch points) add (F − b)·log q − its value, a term of
    /// value 0 whose gradient (F − b)∇log q is the REINFORCE estimate; F is the estimate of E[f] from that segment on, an
    /// unbiased estimate of E[f | the choices so far], which is all REINFORCE needs (Schulman et al. 2015, §3). Making the term
    /// value-free keeps S.Value = F, which the product rule above relies on. The running baseline b may have been updated by a
    /// sibling branch of the same estimate; that branch's draws are independent of this choice's given the choices before the
    /// branch point, so E[(F − b)∇log q] is unchanged. In branches used only for their value (F⁺, F⁻ above) a measure-valued
    /// choice uses its nominal branch alone and no score terms are formed.</para>
    /// </remarks>
    internal (Real Surrogate, double Value) ElboIntegrand() => Evaluate(_guide.DrawBranching(_store, _rng), valueOnly: false);

    private (Real Surrogate, double Value) Evaluate(GuideDraw draw, bool valueOnly)
    {
        Real s;
        double v;
        if (draw.Pending is null)
        {
            var f = LogJoint(draw) - draw.LogQ;
            (s, v) = (f, f.Value);
        }
        else if (draw.Pending.Estimator == GradientEstimator.Enumeration) (s, v) = Enumerate(draw.Pending, valueOnly);
        else (s, v) = MeasureValued(draw.Pending, valueOnly);
        if (valueOnly || draw.ScoreTerms.Count == 0) return (s, v);
        var t = ScoreTerms(draw, v);
        return (s + (t - t.Value), v);
    }

    private (Real Surrogate, double Value) Branch(BranchPoint b, object value, bool valueOnly)
    {
        b.Node.Score(b.Address, value, out var logq);
        return Evaluate(b.Continue(value, logq), valueOnly);
    }

    private double BranchValue(BranchPoint b, object value) => Branch(b, value, valueOnly: true).Value;

    private (Real Surrogate, double Value) Enumerate(BranchPoint b, bool valueOnly)
    {
        Real s = 0;
        double v = 0;
        foreach (var x in b.Node.FiniteSupport()!)
        {
            b.Node.Score(b.Address, x, out var logq);
            if (double.IsNegativeInfinity(logq.Value)) continue;
            var w = RealMath.Exp(logq);
            var (sx, vx) = Evaluate(b.Continue(x, logq), valueOnly);
            if (!valueOnly) s += w * sx;
            v += w.Value * vx;
        }
        return (s, v);
    }

    private (Real Surrogate, double Value) MeasureValued(BranchPoint b, bool valueOnly)
    {
        var nominal = b.Node.Draw(b.Address, _rng).BoxedValue;
        var (s, v) = Branch(b, nominal, valueOnly);
        if (valueOnly) return (s, v);
        switch (b.Node.Distribution)
        {
            case Bernoulli d:
                // E[g] = p g(1) + (1 − p) g(0): ∂/∂p = g(1) − g(0) (c = 1, q⁺ = δ₁, q⁻ = δ₀). Skipped at p ∈ {0, 1}, where
                // the other value has no mass and −log q there is infinite.
                if (d.P.Value is > 0 and < 1)
                    s += (d.P - d.P.Value) * (BranchValue(b, true) - BranchValue(b, false));
                break;
            case Categorical d:
                // E[g] = Σₖ πₖ g(k): ∂/∂πₖ = g(k), routed through the probabilities on the tape (in the logit form, softmax
                // of the logits), whose chain rule gives the gradient in φ. Classes of mass 0 are skipped (as for Bernoulli).
                for (int k = 0; k < d.Count; k++)
                {
                    var pk = d.Probs[k];
                    if (pk.Value > 0) s += (pk - pk.Value) * BranchValue(b, k);
                }
                break;
            case Poisson d:
                // ∂/∂λ E[g(N)] = E[g(N + 1) − g(N)] (Σₙ p(n)(n/λ − 1)g(n), shifting the first sum); N the nominal draw.
                s += (d.Lambda - d.Lambda.Value) * (BranchValue(b, (int)nominal + 1) - v);
                break;
            case Normal d:
            {
                double mu = d.Mu.Value, sigma = d.Sigma.Value;
                // μ: ∂/∂μ N(x; μ, σ) = ((x − μ)/σ²)N(x), split at μ into two Rayleigh (Weibull(√2, 2)) densities of mass
                // 1/(σ√2π) each: ∂/∂μ E[g] = (E[g(μ + σR)] − E[g(μ − σR)])/(σ√2π), R = √(−2 log U); one R for both (coupled).
                double r = Math.Sqrt(-2 * Math.Log(1 - _rng.NextDouble()));
                double cMu = 1 / (sigma * Math.Sqrt(2 * Math.PI));
                s += (d.Mu - mu) * (cMu * (BranchValue(b, new Real(mu + sigma * r)) - BranchValue(b, new Real(mu - sigma * r))));
                // σ: ∂/∂σ N(x; μ, σ) = (1/σ)(t²N(x) − N(x)), t = (x − μ)/σ; t²φ(t) is the double-sided Maxwell density
                // (M = ±√χ²₃): ∂/∂σ E[g] = (E[g(μ + σM)] − E_q[g])/σ, the second estimated by the nominal branch.
                double g1 = _rng.NextGaussian(), g2 = _rng.NextGaussian(), g3 = _rng.NextGaussian();
                double m = Math.Sqrt(g1 * g1 + g2 * g2 + g3 * g3) * (_rng.NextDouble() < 0.5 ? -1 : 1);
                s += (d.Sigma - sigma) * ((BranchValue(b, new Real(mu + sigma * m)) - v) / sigma);
                break;
            }
            default:
                throw new InvalidOperationException($"Measure-valued: no decomposition for {b.Node.Distribution.GetType().Name} (checked when the estimator was chosen).");
        }
        return (s, v);
    }

}

/// <summary>
/// The evidence lower bound E_q[log p(x, z) − log q(z)] ≤ log p(x), estimated with <see cref="Particles"/> draws
/// (Jordan et al. 1999; Ranganath, Gerrish, Blei 2014 for the score-function part). The only built-in objective that supports
/// the branching estimators <see cref="GradientEstimator.Enumeration"/> and <see cref="GradientEstimator.MeasureValued"/>:
/// each particle evaluates the rest of the guide and the model once per branch of such a choice (see
/// <c>ObjectiveContext.ElboIntegrand</c> for the surrogate and its derivation).
/// </summary>
/// <param name="Particles">Draws per estimate (averaged).</param>
public sealed record Elbo(int Particles = 1) : Objective
{
    /// <inheritdoc />
    public override string Name => Particles == 1 ? "ELBO" : $"ELBO({Particles})";

    /// <inheritdoc />
    public override (Real Surrogate, double Value) Estimate(ObjectiveContext context)
    {
        if (Particles < 1) throw new ArgumentOutOfRangeException(nameof(Particles), Particles, "Elbo: Particles must be at least 1.");
        Real surrogate = 0;
        double value = 0;
        for (int n = 0; n < Particles; n++)
        {
            var (s, f) = context.ElboIntegrand();
            surrogate += s;
            value += f;
        }
        return (surrogate / Particles, value / Particles);
    }
}

/// <summary>
/// The importance-weighted bound E[log (1/K) Σₖ p(x, zₖ)/q(zₖ)], tighter than the ELBO and increasing in K
/// (Burda, Grosse, Salakhutdinov 2016). Score-function choices use the whole estimate as their reward. It draws whole
/// traces, so a guide choice with a branching estimator (<see cref="GradientEstimator.Enumeration"/>,
/// <see cref="GradientEstimator.MeasureValued"/>) is a <see cref="ModelException"/> naming its address.
/// </summary>
/// <param name="K">Importance samples per estimate.</param>
public sealed record Iwelbo(int K) : Objective
{
    /// <inheritdoc />
    public override string Name => $"IWELBO({K})";

    /// <inheritdoc />
    public override (Real Surrogate, double Value) Estimate(ObjectiveContext context)
    {
        if (K < 1) throw new ArgumentOutOfRangeException(nameof(K), K, "Iwelbo: K must be at least 1.");
        var draws = new GuideDraw[K];
        var logW = new Real[K];
        for (int k = 0; k < K; k++)
        {
            draws[k] = context.Draw();
            logW[k] = context.LogJoint(draws[k]) - draws[k].LogQ;
        }
        var f = RealMath.LogSumExp(logW) - Math.Log(K);
        Real surrogate = f;
        foreach (var d in draws) surrogate += context.ScoreTerms(d, f.Value);
        return (surrogate, f.Value);
    }
}
