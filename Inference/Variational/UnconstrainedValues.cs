namespace Probabilistic.Inference.Variational;

/// <summary>
/// Given values of an autoguide's blocks mapped back to the unconstrained space, for evaluating its density at them:
/// u = T⁻¹(x) per block, concatenated, and log |det J_T(u)| (a constant: the values are fixed).
/// </summary>
internal static class UnconstrainedValues
{
    /// <exception cref="ModelException">A block's value is missing or not real, or a value names a choice the guide does not make.</exception>
    public static (double[] U, double LogJacobian) Of(IReadOnlyList<ParameterBlock> blocks, IReadOnlyDictionary<Address, object> values, string guide)
    {
        int d = blocks.Sum(b => b.UnconstrainedLength);
        var u = new double[d];
        double logJ = 0;
        foreach (var b in blocks)
        {
            if (!values.TryGetValue(b.Address, out var value))
                throw new ModelException($"{guide}: no value given for the choice '{b.Address}'.", b.Address);
            double[] x = value switch
            {
                Real r => [r.Value],
                Real[] a => Array.ConvertAll(a, e => e.Value),
                _ => throw new ModelException($"{guide}: the value at '{b.Address}' is a {value.GetType().Name}, not a real value.", b.Address),
            };
            var ub = u.AsSpan(b.Offset, b.UnconstrainedLength);
            b.Support.Bijector.Inverse(x, ub);
            logJ += b.Support.Bijector.Forward(Array.ConvertAll(ub.ToArray(), e => new Real(e)), new Real[b.ConstrainedLength]).Value;
        }
        if (values.Count != blocks.Count)
        {
            var extra = values.Keys.First(a => !blocks.Any(b => b.Address == a));
            throw new ModelException($"{guide}: the values name a choice '{extra}' that the guide does not make.", extra);
        }
        return (u, logJ);
    }
}
