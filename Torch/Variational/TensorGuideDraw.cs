using Probabilistic.Inference.Variational;
using static TorchSharp.torch;

namespace Probabilistic.Torch;

/// <summary>
/// A draw from a tensor guide: tensor values by address, log q as a <see cref="TensorScalar"/>, and the log q of each
/// choice drawn without a reparameterized sampler (its gradient is estimated by the score function).
/// </summary>
public sealed class TensorGuideDraw : GuideDraw<TensorScalar>
{
    internal TensorGuideDraw(Dictionary<Address, Tensor> values, TensorScalar logQ, List<(Address Address, Tensor LogQ)> scoreTerms)
    {
        Values = values;
        LogQ = logQ;
        ScoreTerms = scoreTerms;
    }

    internal Dictionary<Address, Tensor> Values { get; }

    internal List<(Address Address, Tensor LogQ)> ScoreTerms { get; }

    /// <summary>The tensor drawn at <paramref name="address"/>.</summary>
    /// <exception cref="KeyNotFoundException">The guide made no choice there.</exception>
    public override object this[Address address] => Values.TryGetValue(address, out var v) ? v : throw new KeyNotFoundException($"TensorGuideDraw: no choice at '{address}'.");

    /// <inheritdoc />
    public override IEnumerable<Address> Addresses => Values.Keys;

    /// <inheritdoc />
    public override TensorGuideDraw Detached() =>
        new(Values.ToDictionary(kv => kv.Key, kv => kv.Value.detach()), LogQ.Detach(), []);
}
