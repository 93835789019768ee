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
    /// <see cref="ObjectiveContext.LogJoint"/>, <see cref="GuideDraw.LogQ"/> and <see cref="ObjectiveContext.ScoreTerms"/>
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

    /// <summary>A fresh draw from the guide with the current parameters.</summary>
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
}

/// <summary>
/// The evidence lower bound E_q[log p(x, z) − log q(z)] ≤ log p(x), estimated with <see cref="Particles"/> draws
/// (Jordan et al. 1999; Ranganath, Gerrish, Blei 2014 for the score-function part).
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
            var draw = context.Draw();
            var f = context.LogJoint(draw) - draw.LogQ;
            surrogate += f + context.ScoreTerms(draw, f.Value);
            value += f.Value;
        }
        return (surrogate / Particles, value / Particles);
    }
}

/// <summary>
/// The importance-weighted bound E[log (1/K) Σₖ p(x, zₖ)/q(zₖ)], tighter than the ELBO and increasing in K
/// (Burda, Grosse, Salakhutdinov 2016). Score-function choices use the whole estimate as their reward.
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
