namespace Probabilistic.Inference.Variational;

/// <summary>
/// SVI's minibatches: for each subsampled plate, a uniformly random subset of its indices without replacement (a partial
/// Fisher–Yates shuffle, Knuth TAOCP vol. 2, Alg. 3.4.2P), the same for every run within one step (model and guide,
/// every draw of the estimate) and fresh at the next <see cref="NextStep"/>.
/// </summary>
internal sealed class MinibatchSubsampler(Rng rng) : ISubsampler
{
    private readonly Dictionary<Address, int[]> _current = [];
    private readonly Dictionary<Address, int[]> _permutations = [];

    /// <summary>The generator of the minibatches (its state is part of a checkpoint).</summary>
    public Rng Rng => rng;

    /// <summary>The partially shuffled index permutation of each plate (carried from step to step), copies.</summary>
    public IReadOnlyList<(Address Plate, int[] Permutation)> Permutations => _permutations.Select(p => (p.Key, (int[])p.Value.Clone())).ToList();

    /// <summary>Sets the permutations of a checkpoint (before the first step of a resumed run).</summary>
    public void Restore(IEnumerable<(Address Plate, int[] Permutation)> permutations)
    {
        _permutations.Clear();
        _current.Clear();
        foreach (var (plate, permutation) in permutations) _permutations[plate] = (int[])permutation.Clone();
    }

    /// <summary>Forgets the current minibatches: the next step draws new ones.</summary>
    public void NextStep() => _current.Clear();

    public IReadOnlyList<int> Indices(Address plate, int size, int subsampleSize)
    {
        if (_current.TryGetValue(plate, out var batch))
        {
            if (batch.Length != subsampleSize)
                throw new ModelException($"Plate '{plate}': run with subsample size {subsampleSize} and {batch.Length} in the same step.", plate);
            return batch;
        }
        if (!_permutations.TryGetValue(plate, out var perm) || perm.Length != size)
        {
            perm = new int[size];
            for (int i = 0; i < size; i++) perm[i] = i;
            _permutations[plate] = perm;
        }
        for (int i = 0; i < subsampleSize; i++)
        {
            int j = i + rng.NextInt(size - i);
            (perm[i], perm[j]) = (perm[j], perm[i]);
        }
        batch = perm[..subsampleSize];
        _current[plate] = batch;
        return batch;
    }
}
