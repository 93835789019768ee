using static Probabilistic.RealMath;

namespace Probabilistic.Distributions;

/// <summary>
/// A finite mixture Σₖ wₖ pₖ of distributions over the same type: draw k ~ Categorical(w), then x ~ pₖ;
/// log p(x) = log Σₖ exp(log wₖ + log pₖ(x)) (pairwise log-sum-exp).
/// </summary>
public class Mixture<T> : IDistribution<T>
{
    private readonly IDistribution<T>[] _components;
    private readonly Categorical _choice;
    private readonly Real[] _logWeights;

    /// <summary>Creates the mixture; weights are probabilities summing to 1, one per component.</summary>
    public Mixture(IReadOnlyList<Real> weights, IReadOnlyList<IDistribution<T>> components)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(components);
        if (components.Count == 0) throw new ArgumentException("Mixture: give at least one component.", nameof(components));
        if (weights.Count != components.Count)
            throw new ArgumentException($"Mixture: {weights.Count} weights for {components.Count} components.", nameof(weights));
        for (int k = 0; k < components.Count; k++)
            if (components[k] is null) throw new ArgumentNullException(nameof(components), $"Mixture: component {k} is null.");
        _choice = new Categorical(weights.ToArray());
        _components = components.ToArray();
        _logWeights = new Real[_components.Length];
        for (int k = 0; k < _logWeights.Length; k++) _logWeights[k] = _choice.LogProb(k);
    }

    /// <summary>The mixture weights.</summary>
    public IReadOnlyList<Real> Weights => _choice.Probs;

    /// <summary>The components.</summary>
    public IReadOnlyList<IDistribution<T>> Components => _components;

    /// <inheritdoc />
    public string Name => $"Mixture({string.Join(", ", _components.Select((c, k) => $"{_choice.Probs[k]}·{c.Name}"))})";

    /// <inheritdoc />
    public T Sample(Rng rng) => _components[_choice.Sample(rng)].Sample(rng);

    /// <inheritdoc />
    public Real LogProb(T value)
    {
        // Pairwise log-sum-exp: K − 1 tape nodes and no allocation per call.
        Real acc = _logWeights[0] + _components[0].LogProb(value);
        for (int k = 1; k < _components.Length; k++) acc = LogSumExp(acc, _logWeights[k] + _components[k].LogProb(value));
        return acc;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>
/// A finite mixture of continuous distributions on the reals, with moments
/// (E[X] = Σ wₖ μₖ, Var[X] = Σ wₖ (σₖ² + μₖ²) − E[X]²) and a support: the smallest interval holding
/// every component's support (their common support when they share one). Where the components leave a gap
/// the density there is 0, as it should be.
/// </summary>
public sealed class ContinuousMixture : Mixture<Real>, IContinuousDistribution
{
    private readonly IContinuousDistribution[] _continuous;

    /// <summary>Creates the mixture; weights are probabilities summing to 1, one per component.</summary>
    public ContinuousMixture(IReadOnlyList<Real> weights, IReadOnlyList<IContinuousDistribution> components)
        : base(weights, components)
    {
        _continuous = components.ToArray();
        var names = _continuous.Select(c => c.Support.Name).Distinct().ToList();
        double lower = _continuous.Min(c => c.Support.Lower), upper = _continuous.Max(c => c.Support.Upper);
        // Closed when a component holds one of the ends (Exponential's 0), so that no point of positive density is left out.
        bool closed = _continuous.Any(c => c.Support.Contains(lower) || c.Support.Contains(upper));
        Support = names.Count == 1 ? _continuous[0].Support
            : closed ? Support.ClosedInterval(lower, upper) : Support.Interval(lower, upper);
    }

    /// <inheritdoc />
    public Support Support { get; }

    /// <inheritdoc />
    public double Mean
    {
        get
        {
            double m = 0;
            for (int k = 0; k < _continuous.Length; k++) m += Weights[k].Value * _continuous[k].Mean;
            return m;
        }
    }

    /// <inheritdoc />
    public double Variance
    {
        get
        {
            double m = Mean, second = 0;
            for (int k = 0; k < _continuous.Length; k++)
                second += Weights[k].Value * (_continuous[k].Variance + _continuous[k].Mean * _continuous[k].Mean);
            return second - m * m;
        }
    }
}
