namespace Probabilistic.Inference.Variational;

/// <summary>
/// Running per-address baselines for score-function (REINFORCE) gradient terms, shared by both backends'
/// <see cref="ObjectiveContext{TScalar}"/>s: a term (f − bₐ)∇log qₐ uses the baseline bₐ of its address as it was before
/// the current estimate (<see cref="Before"/>), the estimate's rewards are collected (<see cref="Record"/>), and
/// <see cref="Commit"/> then moves each baseline towards their mean, bₐ ← 0.9 bₐ + 0.1 f̄ₐ (the first f̄ₐ itself).
/// Williams 1992 §7 (reinforcement comparison); Ranganath, Gerrish, Blei 2014 §3.
/// </summary>
/// <remarks>
/// Reading the baseline from before the estimate keeps the terms unbiased: bₐ is then independent of every draw of the
/// estimate, so E[(f − bₐ)∇log qₐ] = E[f ∇log qₐ] (E[∇log q] = 0). Updating it as rewards arrive would bias draws that
/// share a reward (an importance-weighted objective's K draws): (f − b) would shrink with f by 0.9, 0.81, …
/// </remarks>
public sealed class ScoreFunctionBaselines
{
    /// <summary>The weight of the old baseline in <see cref="Commit"/>.</summary>
    public const double Decay = 0.9;

    private readonly Dictionary<Address, double> _baselines;
    private readonly Dictionary<Address, (double Sum, int Count)> _rewards = [];

    /// <summary>No baselines yet (each address starts at 0 until its first commit).</summary>
    public ScoreFunctionBaselines() : this([]) { }

    /// <summary>Baselines kept in <paramref name="baselines"/> (shared with the caller, e.g. across a fit's contexts).</summary>
    internal ScoreFunctionBaselines(Dictionary<Address, double> baselines) => _baselines = baselines;

    /// <summary>The baseline of <paramref name="address"/> as committed before the current estimate; 0 when it has none.</summary>
    public double Before(Address address) => _baselines.TryGetValue(address, out var b) ? b : 0;

    /// <summary>Collects a reward observed at <paramref name="address"/> in the current estimate (for a batch reward: its mean).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="address"/> is null.</exception>
    public void Record(Address address, double reward)
    {
        ArgumentNullException.ThrowIfNull(address);
        _rewards[address] = _rewards.TryGetValue(address, out var r) ? (r.Sum + reward, r.Count + 1) : (reward, 1);
    }

    /// <summary>Ends the estimate: bₐ ← <see cref="Decay"/>·bₐ + (1 − <see cref="Decay"/>)·f̄ₐ for each address with rewards (f̄ₐ their mean; bₐ = f̄ₐ the first time).</summary>
    public void Commit()
    {
        foreach (var (address, (sum, count)) in _rewards)
        {
            double mean = sum / count;
            _baselines[address] = _baselines.TryGetValue(address, out var old) ? Decay * old + (1 - Decay) * mean : mean;
        }
        _rewards.Clear();
    }
}
