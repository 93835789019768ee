using TorchSharp;
using static TorchSharp.torch;

using Xunit;

namespace Probabilistic.Torch.Tests.Runtime;

public class TorchRuntimeTests
{
    [Fact]
    public void TorchSharpComputesAfterLoading()
    {
        TorchRuntime.EnsureLoaded();
        using var x = tensor(new[] { 1.0, 2.0, 3.0 }, dtype: ScalarType.Float64);
        Assert.Equal(14.0, (x * x).sum().item<double>());
        Assert.False(string.IsNullOrEmpty(TorchRuntime.LoadedFrom));
    }

    [Fact]
    public void EnsureLoadedIsIdempotent()
    {
        TorchRuntime.EnsureLoaded();
        string first = TorchRuntime.LoadedFrom;
        TorchRuntime.EnsureLoaded();
        Assert.Equal(first, TorchRuntime.LoadedFrom);
    }

    [Fact]
    public void BestDeviceRunsTheCudaCodePathOrFallsBackToCpu()
    {
        var best = Device.Best;
        Assert.Equal(cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU, best.Type);
        using var x = ones(3, device: best.ToTorch());
        Assert.Equal(3.0, x.sum().item<float>());
    }

    [Fact]
    public void CudaRejectsANegativeIndex() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Device.Cuda(-1));
}
