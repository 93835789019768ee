using Probabilistic.Numerics;
using TorchSharp;
using static TorchSharp.torch;

namespace Probabilistic.Torch;

/// <summary>
/// The tensor backend's <see cref="IDifferentiableScalar{TSelf}"/>: a tensor on the autograd graph holding one value (0-d)
/// or a batch of independent values (for instance one objective per data point), or a plain constant. Every objective
/// and estimator of <c>Probabilistic.Inference.Variational</c> runs on it unchanged; <see cref="Value"/> is the sum of
/// the elements. Constants stay doubles until they meet a tensor (then they take its dtype and device), so generic code's
/// <c>FromDouble</c> needs no device.
/// </summary>
public readonly struct TensorScalar : IDifferentiableScalar<TensorScalar>
{
    private readonly Tensor? _tensor;
    private readonly double _constant;

    /// <summary>Wraps a tensor (0-d, or a batch of independent values).</summary>
    public TensorScalar(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        _tensor = tensor;
        _constant = 0;
    }

    private TensorScalar(double constant)
    {
        _tensor = null;
        _constant = constant;
    }

    /// <summary>The tensor, or null for a constant.</summary>
    public Tensor? Tensor => _tensor;

    /// <inheritdoc />
    public double Value => _tensor is null ? _constant : _tensor.detach().sum().to_type(ScalarType.Float64).item<double>();

    /// <summary>The mean of the elements (the value itself for one value or a constant).</summary>
    public double MeanValue => _tensor is null ? _constant : _tensor.detach().mean().to_type(ScalarType.Float64).item<double>();

    /// <inheritdoc />
    public TensorScalar Detach() => _tensor is null ? this : new TensorScalar(_tensor.detach());

    /// <inheritdoc />
    public static TensorScalar FromDouble(double value) => new(value);

    /// <summary>Sum.</summary>
    public static TensorScalar operator +(TensorScalar a, TensorScalar b) =>
        a._tensor is null ? b + a._constant : b._tensor is null ? a + b._constant : new(a._tensor + b._tensor);

    /// <summary>Difference.</summary>
    public static TensorScalar operator -(TensorScalar a, TensorScalar b) =>
        a._tensor is null ? (b._tensor is null ? new(a._constant - b._constant) : new(a._constant - b._tensor)) : b._tensor is null ? a - b._constant : new(a._tensor - b._tensor);

    /// <summary>Product.</summary>
    public static TensorScalar operator *(TensorScalar a, TensorScalar b) =>
        a._tensor is null ? a._constant * b : b._tensor is null ? b._constant * a : new(a._tensor * b._tensor);

    /// <summary>Quotient.</summary>
    public static TensorScalar operator /(TensorScalar a, TensorScalar b) =>
        a._tensor is null ? (b._tensor is null ? new(a._constant / b._constant) : new(a._constant / b._tensor)) : b._tensor is null ? a / b._constant : new(a._tensor / b._tensor);

    /// <summary>Negation.</summary>
    public static TensorScalar operator -(TensorScalar a) => a._tensor is null ? new(-a._constant) : new(-a._tensor);

    /// <inheritdoc />
    public static TensorScalar operator +(TensorScalar x, double c) => x._tensor is null ? new(x._constant + c) : new(x._tensor + c);

    /// <inheritdoc />
    public static TensorScalar operator -(TensorScalar x, double c) => x._tensor is null ? new(x._constant - c) : new(x._tensor - c);

    /// <inheritdoc />
    public static TensorScalar operator *(double c, TensorScalar x) => x._tensor is null ? new(c * x._constant) : new(x._tensor * c);

    /// <inheritdoc />
    public static TensorScalar operator /(TensorScalar x, double c) => x._tensor is null ? new(x._constant / c) : new(x._tensor / c);

    /// <inheritdoc />
    public static TensorScalar Exp(TensorScalar x) => x._tensor is null ? new(Math.Exp(x._constant)) : new(x._tensor.exp());

    /// <inheritdoc />
    public static TensorScalar Log(TensorScalar x) => x._tensor is null ? new(Math.Log(x._constant)) : new(x._tensor.log());

    /// <inheritdoc />
    public static TensorScalar LogSumExp(ReadOnlySpan<TensorScalar> xs)
    {
        if (xs.Length == 0) return new(double.NegativeInfinity);
        Tensor? like = null;
        foreach (var x in xs)
            if (x._tensor is not null) { like = x._tensor; break; }
        if (like is null)
        {
            double max = double.NegativeInfinity;
            foreach (var x in xs) max = Math.Max(max, x._constant);
            if (double.IsInfinity(max)) return new(max);
            double s = 0;
            foreach (var x in xs) s += Math.Exp(x._constant - max);
            return new(max + Math.Log(s));
        }
        var items = new Tensor[xs.Length];
        for (int i = 0; i < xs.Length; i++) items[i] = xs[i]._tensor ?? full_like(like, xs[i]._constant);
        var shape = items[0].shape;
        for (int i = 1; i < items.Length; i++)
            if (!items[i].shape.SequenceEqual(shape))
                throw new ArgumentException($"TensorScalar.LogSumExp: the items have shapes {Shapes.Show(shape)} and {Shapes.Show(items[i].shape)}; they must be alike (one value or one batch of values each).", nameof(xs));
        return new(stack(items).logsumexp(0));
    }

    /// <inheritdoc />
    public override string ToString() => _tensor is null ? _constant.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"tensor{Shapes.Show(_tensor.shape)} (sum {Value})";
}
