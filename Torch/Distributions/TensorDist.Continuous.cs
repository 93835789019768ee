using static TorchSharp.torch;
using static Probabilistic.Torch.ParameterChecks;
using D = TorchSharp.torch.distributions;

namespace Probabilistic.Torch;

/// <summary>
/// Tensor distributions (adapters over <c>torch.distributions</c>): parameters are tensors that broadcast together
/// (PyTorch's rules); their broadcast shape is the batch shape. Parameters are validated when the distribution is built.
/// Bring them into scope with <c>using static Probabilistic.Torch.TensorDist;</c>.
/// </summary>
public static partial class TensorDist
{
    /// <summary>Normal with mean <paramref name="loc"/> and standard deviation <paramref name="scale"/> (positive).</summary>
    public static TensorDistribution Normal(Tensor loc, Tensor scale)
    {
        Two("Normal", "loc", loc, "scale", scale);
        return new("Normal", g => D.Normal(loc.alias(), scale.alias(), g), hasRsample: true, Shapes.Broadcast("Normal", ("loc", loc.shape), ("scale", scale.shape)), [],
            shape => Normal(loc.expand(shape), scale.expand(shape)),
            validate: () =>
            {
                Finite("Normal", "loc", loc);
                Positive("Normal", "scale", scale);
            }) { Support = TensorConstraint.Real };
    }

    /// <summary>Log-normal: exp of a Normal(<paramref name="loc"/>, <paramref name="scale"/>).</summary>
    public static TensorDistribution LogNormal(Tensor loc, Tensor scale)
    {
        Two("LogNormal", "loc", loc, "scale", scale);
        return new("LogNormal", g => D.LogNormal(loc.alias(), scale.alias(), g), hasRsample: true, Shapes.Broadcast("LogNormal", ("loc", loc.shape), ("scale", scale.shape)), [],
            shape => LogNormal(loc.expand(shape), scale.expand(shape)),
            validate: () =>
            {
                Finite("LogNormal", "loc", loc);
                Positive("LogNormal", "scale", scale);
            },
            // TorchSharp 0.107's LogNormal.rsample returns a value without gradient: exp of a reparameterized normal draw.
            rsample: (g, shape) =>
            {
                using var normal = D.Normal(loc.alias(), scale.alias(), g);
                return normal.rsample(shape).exp();
            }) { Support = TensorConstraint.Positive };
    }

    /// <summary>Beta with concentrations <paramref name="alpha"/> and <paramref name="beta"/> (positive) on (0, 1).</summary>
    public static TensorDistribution Beta(Tensor alpha, Tensor beta)
    {
        Two("Beta", "alpha", alpha, "beta", beta);
        // No rsample: TorchSharp 0.107's Beta/Gamma/Dirichlet draws carry no gradient (libtorch implements implicit
        // reparameterization only in Python), so VI uses the score function for them.
        return new("Beta", g => D.Beta(alpha.alias(), beta.alias(), g), hasRsample: false, Shapes.Broadcast("Beta", ("alpha", alpha.shape), ("beta", beta.shape)), [],
            shape => Beta(alpha.expand(shape), beta.expand(shape)),
            validate: () =>
            {
                Positive("Beta", "alpha", alpha);
                Positive("Beta", "beta", beta);
            }) { Support = TensorConstraint.UnitInterval };
    }

    /// <summary>Gamma with shape <paramref name="concentration"/> and <paramref name="rate"/> (both positive).</summary>
    public static TensorDistribution Gamma(Tensor concentration, Tensor rate)
    {
        Two("Gamma", "concentration", concentration, "rate", rate);
        return new("Gamma", g => D.Gamma(concentration.alias(), rate.alias(), g), hasRsample: false /* see Beta */, Shapes.Broadcast("Gamma", ("concentration", concentration.shape), ("rate", rate.shape)), [],
            shape => Gamma(concentration.expand(shape), rate.expand(shape)),
            validate: () =>
            {
                Positive("Gamma", "concentration", concentration);
                Positive("Gamma", "rate", rate);
            }) { Support = TensorConstraint.Positive };
    }

    /// <summary>Exponential with <paramref name="rate"/> (positive).</summary>
    public static TensorDistribution Exponential(Tensor rate)
    {
        Floating("Exponential", "rate", NotNull("Exponential", "rate", rate));
        return new("Exponential", g => D.Exponential(rate.alias(), g), hasRsample: true, rate.shape, [], shape => Exponential(rate.expand(shape)),
            validate: () =>
            {
                Positive("Exponential", "rate", rate);
            }) { Support = TensorConstraint.Positive };
    }

    /// <summary>Laplace with location <paramref name="loc"/> and <paramref name="scale"/> (positive).</summary>
    public static TensorDistribution Laplace(Tensor loc, Tensor scale)
    {
        Two("Laplace", "loc", loc, "scale", scale);
        return new("Laplace", g => D.Laplace(loc.alias(), scale.alias(), g), hasRsample: true, Shapes.Broadcast("Laplace", ("loc", loc.shape), ("scale", scale.shape)), [],
            shape => Laplace(loc.expand(shape), scale.expand(shape)),
            validate: () =>
            {
                Finite("Laplace", "loc", loc);
                Positive("Laplace", "scale", scale);
            }) { Support = TensorConstraint.Real };
    }

    /// <summary>Uniform on [<paramref name="low"/>, <paramref name="high"/>), elementwise low &lt; high.</summary>
    public static TensorDistribution Uniform(Tensor low, Tensor high)
    {
        Two("Uniform", "low", low, "high", high);
        return new("Uniform", g => D.Uniform(low.alias(), high.alias(), g), hasRsample: true, Shapes.Broadcast("Uniform", ("low", low.shape), ("high", high.shape)), [],
            shape => Uniform(low.expand(shape), high.expand(shape)),
            validate: () =>
            {
                Finite("Uniform", "low", low);
                Finite("Uniform", "high", high);
                using (no_grad())
                using (var width = high - low)
                    Positive("Uniform", "high - low", width);
            });
    }

    /// <summary>Dirichlet with <paramref name="concentration"/> (positive; the last dimension indexes components, the event).</summary>
    public static TensorDistribution Dirichlet(Tensor concentration)
    {
        Floating("Dirichlet", "concentration", NotNull("Dirichlet", "concentration", concentration));
        AtLeastVector("Dirichlet", "concentration", concentration);
        long k = concentration.shape[^1];
        return new("Dirichlet", g => D.Dirichlet(concentration.alias(), g), hasRsample: false /* see Beta */, concentration.shape[..^1], [k],
            shape => Dirichlet(concentration.expand(Shapes.Concat(shape, [k]))),
            validate: () =>
            {
                Positive("Dirichlet", "concentration", concentration);
            });
    }

    /// <summary>Checks two parameters: present, floating-point, and broadcastable (a mismatch names both shapes).</summary>
    private static void Two(string dist, string a, Tensor x, string b, Tensor y)
    {
        Floating(dist, a, NotNull(dist, a, x));
        Floating(dist, b, NotNull(dist, b, y));
        Shapes.Broadcast(dist, (a, x.shape), (b, y.shape));
        if (x.device_type != y.device_type || x.device_index != y.device_index) throw new ArgumentException($"{dist}: '{a}' is on {x.device} but '{b}' is on {y.device}.");
    }
}
