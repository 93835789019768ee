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

    /// <summary>One estimate: the surrogate (on the tape) and the objective's value.</summary>
    internal abstract (Real Surrogate, double Value) Estimate(ObjectiveContext context);
}

/// <summary>What an objective evaluates with: the model, the guide, the parameters, a generator, and the running baselines.</summary>
internal sealed class ObjectiveContext(Func<GuideDraw, Real> logJoint, Guide guide, ParameterStore store, Rng rng, Dictionary<Address, double> baselines)
{
    public Real LogJoint(GuideDraw draw) => logJoint(draw);
    public GuideDraw Draw() => guide.Draw(store, rng);
    public Dictionary<Address, double> Baselines { get; } = baselines;

    /// <summary>Σᵢ (f − bᵢ)·log qᵢ over the score-function choices of <paramref name="draw"/>, then bᵢ ← 0.9 bᵢ + 0.1 f.</summary>
    public Real ScoreTerms(GuideDraw draw, double f)
    {
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

    internal override (Real Surrogate, double Value) Estimate(ObjectiveContext context)
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

    internal override (Real Surrogate, double Value) Estimate(ObjectiveContext context)
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
