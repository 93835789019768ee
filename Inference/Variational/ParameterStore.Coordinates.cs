using Probabilistic.Numerics;

namespace Probabilistic.Inference.Variational;

public sealed partial class ParameterStore
{
    /// <summary>
    /// For each unconstrained coordinate: a Stan-style name (<c>s</c>, <c>loc[2]</c>) and whether its constrained value is
    /// its own (a scalar parameter, or a vector whose transform is elementwise in length); otherwise the name says
    /// "(unconstrained)".
    /// </summary>
    internal (string Name, bool Constrained)[] CoordinateNames()
    {
        var names = new (string, bool)[Dimension];
        foreach (var e in _entries)
        {
            string name = ParameterBlock.StanName(e.Address);
            if (!e.IsVector) names[e.Offset] = (name, true);
            else
                for (int i = 0; i < e.Length; i++)
                    names[e.Offset + i] = e.Bijector.ConstrainedDimension == e.Length && e.Support.Name.StartsWith("real_vector", StringComparison.Ordinal)
                        ? ($"{name}[{i + 1}]", true)
                        : ($"{name}[{i + 1}] (unconstrained)", false);
        }
        return names;
    }

    /// <summary>The constrained value of coordinate <paramref name="coordinate"/> of a scalar (or unconstrained vector)
    /// parameter, with the unconstrained values <paramref name="unconstrained"/>.</summary>
    internal double ConstrainedCoordinate(int coordinate, double[] unconstrained)
    {
        var e = Owner(coordinate);
        if (e.IsVector) return unconstrained[coordinate];
        var x = new Real[1];
        e.Bijector.Forward([new Real(unconstrained[e.Offset])], x);
        return x[0].Value;
    }
}
