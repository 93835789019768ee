using Probabilistic.Inference;
using TorchSharp;
using static TorchSharp.torch;

namespace Probabilistic.Torch;

/// <summary>
/// The particles of a vectorized run (<c>Infer.TensorSmc</c>, <c>Infer.TensorImportance</c>): each choice's values by
/// address, with the particle dimension N leading. The <see cref="WeightedSample{T}"/> those algorithms return holds N
/// <see cref="TensorParticle"/> views into one of these (read it back with the extension property
/// <c>sample.Particles</c>). The caller owns the tensors: <see cref="Dispose"/> releases them.
/// </summary>
public sealed class TensorParticles : IDisposable
{
    private readonly Dictionary<Address, Tensor> _values;

    internal TensorParticles(Dictionary<Address, Tensor> values, int count)
    {
        _values = values;
        Count = count;
    }

    /// <summary>Each choice's particle values, shape <c>[N] ++ …</c>.</summary>
    public IReadOnlyDictionary<Address, Tensor> Values => _values;

    /// <summary>The number of particles N.</summary>
    public int Count { get; }

    /// <summary>The values of the choice at <paramref name="address"/>, shape <c>[N] ++ …</c>.</summary>
    /// <exception cref="KeyNotFoundException">The run made no tensor choice at <paramref name="address"/> (named).</exception>
    public Tensor this[Address address] => _values.TryGetValue(address, out var t) ? t
        : throw new KeyNotFoundException($"TensorParticles: the run made no tensor choice at '{address}'.");

    /// <summary>Disposes every value tensor.</summary>
    public void Dispose()
    {
        foreach (var t in _values.Values) t.Dispose();
    }
}

/// <summary>One particle of a vectorized run: the index <paramref name="Index"/> into the shared <paramref name="Particles"/>.</summary>
/// <param name="Particles">The batched values all the particles share.</param>
/// <param name="Index">This particle's position along the particle dimension.</param>
public readonly record struct TensorParticle(TensorParticles Particles, int Index)
{
    /// <summary>This particle's value of the choice at <paramref name="address"/> (a view of row <see cref="Index"/>; the caller disposes it).</summary>
    public Tensor this[Address address] => Particles[address][Index];
}

/// <summary>Members of a vectorized run's <see cref="WeightedSample{T}"/> that work on the batched tensors.</summary>
public static class TensorWeightedSample
{
    extension(WeightedSample<TensorParticle> sample)
    {
        /// <summary>The batched values behind the sample's particles (one tensor per address, particles leading).</summary>
        public TensorParticles Particles => sample.Values[0].Particles;

        /// <summary>
        /// The self-normalized estimate Σ ŵᵢ f(xᵢ) of E[f] for a vectorized statistic <paramref name="f"/> that maps the
        /// batched values to one number per particle (shape <c>[N]</c>), in one tensor operation.
        /// </summary>
        public double TensorExpectation(Func<TensorParticles, Tensor> f)
        {
            ArgumentNullException.ThrowIfNull(f);
            using var _ = NewDisposeScope();
            var values = f(sample.Particles);
            if (values.shape is not [var n] || n != sample.Count)
                throw new ArgumentException($"TensorExpectation: the statistic has shape [{string.Join(", ", values.shape)}]; it must have one value per particle, [{sample.Count}].", nameof(f));
            var w = tensor(sample.Weights.ToArray(), dtype: ScalarType.Float64, device: values.device);
            return (w * values.to_type(ScalarType.Float64)).sum().ToDouble();
        }
    }

    /// <summary>N particle views into <paramref name="particles"/>.</summary>
    internal static TensorParticle[] Views(TensorParticles particles)
    {
        var views = new TensorParticle[particles.Count];
        for (int i = 0; i < views.Length; i++) views[i] = new TensorParticle(particles, i);
        return views;
    }
}
