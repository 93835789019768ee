using TorchSharp;
using static TorchSharp.torch;

namespace Probabilistic.Torch;

/// <summary>Validation of tensor distribution parameters: each failure names the distribution, the parameter and the offending value.</summary>
internal static class ParameterChecks
{
    public static Tensor NotNull(string dist, string parameter, Tensor? t) =>
        t ?? throw new ArgumentNullException(parameter, $"{dist}: the parameter '{parameter}' is null.");

    public static void Finite(string dist, string parameter, Tensor t)
    {
        using var _ = NewDisposeScope();
        using var __ = no_grad();
        if (t.isfinite().all().item<bool>()) return;
        throw new ArgumentException($"{dist}: the parameter '{parameter}' has a non-finite element ({First(t, t.isfinite().logical_not())}).", parameter);
    }

    public static void Positive(string dist, string parameter, Tensor t)
    {
        using var _ = NewDisposeScope();
        using var __ = no_grad();
        // One reduction and one device sync when the values are fine (the common case).
        if (t.gt(0).logical_and(t.isfinite()).all().item<bool>()) return;
        Finite(dist, parameter, t);
        throw new ArgumentException($"{dist}: the parameter '{parameter}' must be positive, but has the element {First(t, t <= 0)}.", parameter);
    }

    public static void UnitInterval(string dist, string parameter, Tensor t)
    {
        using var __ = NewDisposeScope();
        using var _ = no_grad();
        using var mask = (t < 0).logical_or(t > 1).logical_or(t.isnan());
        if (mask.any().item<bool>()) throw new ArgumentException($"{dist}: the parameter '{parameter}' must lie in [0, 1], but has the element {First(t, mask)}.", parameter);
    }

    public static void AtLeastVector(string dist, string parameter, Tensor t)
    {
        if (t.dim() < 1) throw new ArgumentException($"{dist}: the parameter '{parameter}' must have at least one dimension (the last indexes categories/components), but is a scalar.", parameter);
    }

    public static void Floating(string dist, string parameter, Tensor t)
    {
        if (!t.is_floating_point()) throw new ArgumentException($"{dist}: the parameter '{parameter}' must be a floating-point tensor, but is {t.dtype}.", parameter);
    }

    private static string First(Tensor t, Tensor mask)
    {
        var flat = mask.flatten().nonzero();
        long index = flat.shape[0] > 0 ? flat[0, 0].item<long>() : 0;
        return $"{t.flatten()[index].ToDouble():R} at flat index {index} of shape {Shapes.Show(t.shape)}";
    }
}
