using static TorchSharp.torch;

namespace Probabilistic.Torch;

/// <summary>
/// One site of a tensor run: a random choice (<see cref="IsObserved"/> false) or an observation/factor. <see cref="LogProb"/>
/// is already reduced (a scalar, or one value per particle) and multiplied by <see cref="Scale"/> (a subsampled plate's N/B).
/// </summary>
/// <param name="Address">The address (null for an unnamed observation or a factor).</param>
/// <param name="Distribution">The tensor distribution (null for a factor or a scalar distribution).</param>
/// <param name="Value">The value drawn, given or observed.</param>
/// <param name="LogProb">The scaled, reduced log density (a tensor on the autograd graph).</param>
/// <param name="IsObserved">True for observations and factors.</param>
/// <param name="Scale">The plate scale the log density was multiplied by.</param>
public sealed record TensorSite(Address? Address, TensorDistribution? Distribution, Tensor? Value, Tensor LogProb, bool IsObserved, double Scale);

/// <summary>
/// The record of one run of a tensor model: its sites, the values of its random choices by address, and the log
/// densities as tensors on the autograd graph (so <c>LogJoint.backward()</c> gives gradients for parameters and
/// reparameterized values). With particles, each log density has shape <c>[N]</c>.
/// </summary>
/// <typeparam name="T">The model's return type.</typeparam>
public sealed class TensorTrace<T>
{
    internal TensorTrace(T returnValue, List<TensorSite> sites, Dictionary<Address, Tensor> values, Tensor logPrior, Tensor logLikelihood)
    {
        ReturnValue = returnValue;
        Sites = sites;
        Values = values;
        LogPrior = logPrior;
        LogLikelihood = logLikelihood;
    }

    /// <summary>What the model returned.</summary>
    public T ReturnValue { get; }

    /// <summary>Every site, in execution order.</summary>
    public IReadOnlyList<TensorSite> Sites { get; }

    /// <summary>The value of each random choice (tensor distributions only), by address.</summary>
    public IReadOnlyDictionary<Address, Tensor> Values { get; }

    /// <summary>Σ log p(choice) over random choices (scaled by plates).</summary>
    public Tensor LogPrior { get; }

    /// <summary>Σ log p(observation) plus factors (scaled by plates).</summary>
    public Tensor LogLikelihood { get; }

    /// <summary><see cref="LogPrior"/> + <see cref="LogLikelihood"/>.</summary>
    public Tensor LogJoint => LogPrior + LogLikelihood;
}
