using Probabilistic.Inference;
using TorchSharp;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Torch.TensorModel;
using static TorchSharp.torch;

namespace Probabilistic.Torch.Tests.Runtime;

/// <summary>The device-agnostic code path (what runs on CUDA where a GPU is present) exercised with Device.Best, on the CPU here.</summary>
public class BestDeviceTests
{
    [Fact]
    public void ModelsAndVectorizedSmcRunOnTheBestDevice()
    {
        var device = Device.Best;
        var dev = device.ToTorch();
        var one = tensor(1.0, dtype: ScalarType.Float32, device: dev);
        var zero = tensor(0.0, dtype: ScalarType.Float32, device: dev);
        var ys = new[] { 0.4, -0.3, 1.1 }.Select(v => tensor(v, dtype: ScalarType.Float32, device: dev)).ToArray();
        var model = Fold("x", ys.Length, zero, (prev, t) =>
            from x in Sample("x", TensorDist.Normal(prev, one))
            from _ in Observe(TensorDist.Normal(x, one), ys[t])
            select x);
        var options = new TensorRunOptions { Device = device, DType = ScalarType.Float32, Particles = 256 };
        var trace = TensorRun.Simulate(model, options);
        Assert.Equal(device.Type, trace.LogJoint.device_type);
        Assert.Equal(ScalarType.Float32, trace.LogJoint.dtype);
        var s = Infer.TensorSmc(model, new TensorSmcOptions { Particles = 256, Run = options with { Particles = null } });
        Assert.All(s.Particles.Values.Values, v => Assert.Equal(device.Type, v.device_type));
        Assert.True(double.IsFinite(s.LogEvidence));
    }
}
