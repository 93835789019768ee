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
    /// the objective's value. Write a new objective from <see cref="ObjectiveContext{TScalar}.Draw"/>,
    /// <see cref="ObjectiveContext{TScalar}.LogJoint"/>, <see cref="GuideDraw{TScalar}.LogQ"/> and <see cref="ObjectiveContext{TScalar}.ScoreTerms"/>
    /// (the score-function part for guide choices that are not reparameterized, given the reward they multiply).
    /// </summary>
    /// <typeparam name="TScalar">The backend's differentiable scalar (<see cref="Real"/> on the scalar tape, a tensor in the
    /// tensor backend): an objective written against <see cref="IDifferentiableScalar{TSelf}"/> runs on both.</typeparam>
    public abstract (TScalar Surrogate, double Value) Estimate<TScalar>(ObjectiveContext<TScalar> context)
        where TScalar : IDifferentiableScalar<TScalar>;
}
