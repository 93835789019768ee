using Probabilistic.Distributions;
using Probabilistic.Numerics;

namespace Probabilistic.Inference.Variational;

/// <summary>
/// The scalar backend's <see cref="ObjectiveContext{TScalar}"/>: guide draws and model scores on the <see cref="Real"/> tape,
/// and the branching estimators (enumeration and measure-valued derivatives) in <see cref="ElboIntegrand"/>.
/// </summary>
internal sealed class TapeObjectiveContext : ObjectiveContext<Real>
{
    private readonly Func<GuideDraw, Real> _logJoint;
    private readonly Guide _guide;
    private readonly ParameterStore _store;
    private readonly Rng _rng;

    internal TapeObjectiveContext(Func<GuideDraw, Real> logJoint, Guide guide, ParameterStore store, Rng rng, Dictionary<Address, double> baselines)
    {
        _logJoint = logJoint;
        _guide = guide;
        _store = store;
        _rng = rng;
        Baselines = baselines;
    }

    /// <inheritdoc />
    public override Real LogJoint(GuideDraw<Real> draw) => _logJoint(Own(draw));

    /// <inheritdoc />
    public override GuideDraw<Real> Draw() => _guide.Draw(_store, _rng);

    internal Dictionary<Address, double> Baselines { get; }

    /// <inheritdoc />
    public override Real LogQAt(GuideDraw<Real> draw) => _guide.LogDensity(_store, Own(draw).Values);

    /// <inheritdoc />
    public override Real ScoreTerms(GuideDraw<Real> draw, Real reward, bool useBaseline = true) => ScoreTerms(Own(draw), reward.Value, useBaseline);

    private Real ScoreTerms(GuideDraw draw, double f, bool useBaseline)
    {
        if (!useBaseline)
        {
            Real sum = 0;
            foreach (var (_, logq) in draw.ScoreTerms) sum += f * logq;
            return sum;
        }
        Real total = 0;
        foreach (var (address, logq) in draw.ScoreTerms)
        {
            // The baseline is read as it was before this estimate: one updated here with f and read by another draw
            // sharing f (Iwelbo's K draws) would make (f − b) shrink with f, biasing the gradient by 0.9, 0.81, ….
            double b = Baselines.TryGetValue(address, out var old) ? old : 0;
            total += (f - b) * logq;
            _rewards[address] = _rewards.TryGetValue(address, out var r) ? (r.Sum + f, r.Count + 1) : (f, 1);
        }
        return total;
    }

    private readonly Dictionary<Address, (double Sum, int Count)> _rewards = [];

    /// <summary>Commits the rewards of this estimate to the running baselines: b ← 0.9 b + 0.1 f̄ per address (f̄ their mean).</summary>
    public override void EndEstimate()
    {
        foreach (var (address, (sum, count)) in _rewards)
        {
            double mean = sum / count;
            Baselines[address] = Baselines.TryGetValue(address, out var old) ? 0.9 * old + 0.1 * mean : mean;
        }
        _rewards.Clear();
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
    /// value-free keeps S.Value = F, which the product rule above relies on. The running baseline b is the one from before
    /// this estimate (updates wait for <see cref="EndEstimate"/>), so it is independent of every draw of the estimate and
    /// E[(F − b)∇log q] = E[F ∇log q]. In branches used only for their value (F⁺, F⁻ above) a measure-valued
    /// choice uses its nominal branch alone and no score terms are formed.</para>
    /// </remarks>
    public override (Real Surrogate, double Value) ElboIntegrand() => Evaluate(_guide.DrawBranching(_store, _rng), valueOnly: false);

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
        var t = ScoreTerms(draw, v, useBaseline: true);
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

    private static GuideDraw Own(GuideDraw<Real> draw)
    {
        ArgumentNullException.ThrowIfNull(draw);
        return draw as GuideDraw ?? throw new ArgumentException($"A {draw.GetType().Name} is not a draw of this context's guide.", nameof(draw));
    }
}
