using Probabilistic.Distributions;
using Probabilistic.Numerics;

namespace Probabilistic.Inference.Variational;

/// <summary>
/// The scalar backend's <see cref="ObjectiveContext{TScalar}"/>: guide draws and model scores on the <see cref="Real"/> tape,
/// and the branching estimators (enumeration and measure-valued derivatives): nested per branch in <see cref="ElboIntegrand"/>,
/// per draw for any objective in <see cref="BranchTerms"/>.
/// </summary>
internal sealed class TapeObjectiveContext : ObjectiveContext<Real>
{
    private readonly Func<GuideDraw, Real> _logJoint;
    private readonly Guide _guide;
    private readonly ParameterStore _store;
    private readonly Rng _rng;

    private readonly ScoreFunctionBaselines _baselines;

    // The draws of this estimate that made a branching choice, with the choice's suspended guide and nominal value, until
    // the objective forms their branch terms.
    private readonly Dictionary<GuideDraw, List<BranchSite>> _pending = new(ReferenceEqualityComparer.Instance);

    private sealed record BranchSite(BranchPoint Point, object Nominal);

    internal TapeObjectiveContext(Func<GuideDraw, Real> logJoint, Guide guide, ParameterStore store, Rng rng, Dictionary<Address, double> baselines)
    {
        _logJoint = logJoint;
        _guide = guide;
        _store = store;
        _rng = rng;
        _baselines = new ScoreFunctionBaselines(baselines);
    }

    /// <inheritdoc />
    public override Real LogJoint(GuideDraw<Real> draw) => _logJoint(Own(draw));

    /// <inheritdoc />
    public override GuideDraw<Real> Draw()
    {
        var draw = _guide.DrawBranching(_store, _rng);
        if (draw.Pending is null) return draw;
        // A branching choice is drawn at a nominal value (no tape node: its gradient comes from BranchTerms), and the
        // guide continues from it; the segments' score terms and supports are gathered into the last segment's draw.
        var sites = new List<BranchSite>();
        var scoreTerms = new List<(Address Address, Real LogQ)>(draw.ScoreTerms);
        var supports = new Dictionary<Address, Support>(draw.Supports);
        while (draw.Pending is { } b)
        {
            var nominal = b.Node.Draw(b.Address, _rng).BoxedValue;
            b.Node.Score(b.Address, nominal, out var logq);
            sites.Add(new BranchSite(b, nominal));
            draw = b.Continue(nominal, logq);
            scoreTerms.AddRange(draw.ScoreTerms);
            foreach (var (a, support) in draw.Supports) supports[a] = support;
        }
        draw.ScoreTerms.Clear();
        draw.ScoreTerms.AddRange(scoreTerms);
        foreach (var (a, support) in supports) draw.Supports[a] = support;
        _pending[draw] = sites;
        return draw;
    }

    /// <inheritdoc />
    public override IReadOnlyList<(Address Address, GradientEstimator Estimator)> BranchingChoices(GuideDraw<Real> draw) =>
        _pending.TryGetValue(Own(draw), out var sites) ? sites.ConvertAll(s => (s.Point.Address, s.Point.Estimator)) : [];

    /// <inheritdoc />
    /// <remarks>
    /// <para>For draw k and its branching choice i (drawn at a nominal value, the choices z₍&lt;i₎ before it kept), write
    /// F(v) for the objective's estimate with draw k continued from i at v (the choices after i drawn fresh) and the other
    /// draws unchanged: E[F(v)] = E[F | z₍&lt;i₎, zᵢ = v], so the part of ∇E[F] that flows through qᵢ's dependence on the
    /// parameters (with F's own dependence on them left to the tape, at the nominal draws) is estimated without bias by:</para>
    /// <para><b>Enumeration</b>: Σᵥ ∇qᵢ(v)·F(v), as the term Σᵥ (qᵢ(v) − qᵢ(v).Value)·F(v) (value 0), qᵢ(v) = exp(log qᵢ(v)) on
    /// the tape; values of mass 0 are skipped.</para>
    /// <para><b>Measure-valued</b>: Σ_θ ∇θ·c_θ(F(v⁺) − F(v⁻)) for the distribution's <see cref="IMeasureValued.WeakDerivatives"/>
    /// (v⁻ the nominal value where p⁻ is the distribution itself: given z₍&lt;i₎ its F is then an unbiased estimate of
    /// E_{p⁻}[F]), as (θ − θ.Value)·c_θ(F(v⁺) − F(v⁻)).</para>
    /// </remarks>
    public override Real BranchTerms(IReadOnlyList<GuideDraw<Real>> draws, Func<int, GuideDraw<Real>, double> valueWith)
    {
        ArgumentNullException.ThrowIfNull(draws);
        ArgumentNullException.ThrowIfNull(valueWith);
        Real total = 0;
        for (int k = 0; k < draws.Count; k++)
        {
            var draw = Own(draws[k]);
            if (!_pending.Remove(draw, out var sites)) continue;
            int index = k;
            double? nominalValue = null;
            foreach (var (b, nominal) in sites)
            {
                double ValueAt(object value)
                {
                    b.Node.Score(b.Address, value, out var logq);
                    return valueWith(index, Complete(b.Continue(value, logq)));
                }
                if (b.Estimator == GradientEstimator.Enumeration)
                {
                    foreach (var x in b.Node.FiniteSupport()!)
                    {
                        b.Node.Score(b.Address, x, out var logq);
                        if (double.IsNegativeInfinity(logq.Value)) continue;
                        var w = RealMath.Exp(logq);
                        total += (w - w.Value) * valueWith(index, Complete(b.Continue(x, logq)));
                    }
                }
                else total = WeakDerivativeTerms(total, b, nominal, () => nominalValue ??= valueWith(index, draw), ValueAt);
            }
        }
        return total;
    }

    // The rest of a suspended guide with each later branching choice at a nominal value (for a branch's value only).
    private GuideDraw Complete(GuideDraw draw)
    {
        while (draw.Pending is { } b)
        {
            var nominal = b.Node.Draw(b.Address, _rng).BoxedValue;
            b.Node.Score(b.Address, nominal, out var logq);
            draw = b.Continue(nominal, logq);
        }
        return draw;
    }

    /// <summary>Adds to <paramref name="s"/> the measure-valued terms (θ − θ.Value)·c_θ(F⁺ − F⁻) of the choice at <paramref name="b"/>.</summary>
    private Real WeakDerivativeTerms(Real s, BranchPoint b, object nominal, Func<double> nominalValue, Func<object, double> valueAt)
    {
        var d = b.Node.Distribution as IMeasureValued
            ?? throw new InvalidOperationException($"Measure-valued: {b.Node.Distribution.GetType().Name} at '{b.Address}' supplies no decomposition (checked when the estimator was chosen).");
        foreach (var t in d.WeakDerivatives(nominal, _rng))
        {
            double plus = valueAt(t.Positive);
            double minus = t.NegativeKind switch
            {
                NegativePart.None => 0,
                NegativePart.Nominal => nominalValue(),
                _ => valueAt(t.Negative!),
            };
            s += (t.Parameter - t.Parameter.Value) * (t.Constant * (plus - minus));
        }
        return s;
    }

    /// <inheritdoc />
    internal override void CheckBranchTermsFormed(string objective)
    {
        if (_pending.Count == 0) return;
        var (address, estimator) = _pending.First().Value.Select(s => (s.Point.Address, s.Point.Estimator)).First();
        _pending.Clear();
        throw new ModelException($"{objective}: the guide's choice '{address}' uses the {estimator} estimator, but the objective formed no branch terms (ObjectiveContext.BranchTerms) for the draw that made it, so the gradient through that choice's distribution would be missing. Use an objective that forms them (Elbo, Iwelbo, Renyi, Vimco, or a custom objective calling BranchTerms), or Reinforce for this choice.", address);
    }

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
            // The baseline is read as it was before this estimate (see ScoreFunctionBaselines).
            double b = _baselines.Before(address);
            total += (f - b) * logq;
            _baselines.Record(address, f);
        }
        return total;
    }

    /// <summary>Commits the rewards of this estimate to the running baselines (<see cref="ScoreFunctionBaselines.Commit"/>)
    /// and forgets the estimate's draws.</summary>
    public override void EndEstimate()
    {
        _baselines.Commit();
        _pending.Clear();
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
        return (WeakDerivativeTerms(s, b, nominal, () => v, x => BranchValue(b, x)), v);
    }

    private static GuideDraw Own(GuideDraw<Real> draw)
    {
        ArgumentNullException.ThrowIfNull(draw);
        return draw as GuideDraw ?? throw new ArgumentException($"A {draw.GetType().Name} is not a draw of this context's guide.", nameof(draw));
    }
}
