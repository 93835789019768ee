using TorchSharp;

namespace Probabilistic.Torch;

/// <summary>
/// Where tensors live: <see cref="Cpu"/>, <see cref="Cuda(int)"/>, or <see cref="Best"/> (the first CUDA device when one
/// is available, else the CPU). Code is written device-agnostic; every tensor the backend creates goes to the chosen device.
/// </summary>
public sealed record Device
{
    private Device(DeviceType type, int index)
    {
        Type = type;
        Index = index;
    }

    /// <summary>The device kind.</summary>
    public DeviceType Type { get; }

    /// <summary>The device ordinal (−1 for the CPU).</summary>
    public int Index { get; }

    /// <summary>The CPU.</summary>
    public static Device Cpu { get; } = new(DeviceType.CPU, -1);

    /// <summary>The CUDA device number <paramref name="index"/> (not checked for presence until a tensor is made there).</summary>
    public static Device Cuda(int index = 0)
    {
        if (index < 0) throw new ArgumentOutOfRangeException(nameof(index), index, "Device.Cuda: the device index must be non-negative.");
        return new(DeviceType.CUDA, index);
    }

    /// <summary>CUDA device 0 when CUDA is available in this process, else the CPU.</summary>
    public static Device Best
    {
        get
        {
            TorchRuntime.EnsureLoaded();
            return torch.cuda.is_available() ? Cuda(0) : Cpu;
        }
    }

    /// <summary>The TorchSharp device.</summary>
    public torch.Device ToTorch()
    {
        TorchRuntime.EnsureLoaded();
        return Type == DeviceType.CPU ? torch.CPU : new torch.Device(Type, Index);
    }

    /// <inheritdoc />
    public override string ToString() => Type == DeviceType.CPU ? "cpu" : $"cuda:{Index}";
}
