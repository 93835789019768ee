using Probabilistic.Inference;
using System.Diagnostics;
using System.Globalization;
using Probabilistic.Examples.Gallery.Vae;
using Probabilistic.Inference.Variational;
using Probabilistic.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Probabilistic.Benchmarks.Torch;

/// <summary>
/// <c>dotnet run -c Release --project Benchmarks -- vae-step [--steps N] [--device cpu|cuda]</c>: time per ELBO gradient
/// step of the digits VAE through the framework (tensor model + amortized guide, <see cref="TensorObjectiveContext{TModel, TGuide}"/>,
/// the library's <see cref="Elbo"/>) against the same VAE written by hand in TorchSharp (same networks, batch, estimator
/// and optimizer), at batch sizes 64, 512 and 1024. The two alternate in blocks, and the median block is reported, so
/// drift in the machine's load hits both alike.
/// </summary>
public static class VaeStepComparison
{
    private const int Latent = 4, Hidden = 128;

    public static int Run(string[] args)
    {
        TorchRuntime.EnsureLoaded();
        int steps = 100;
        Objective objective = new Elbo();
        var device = Probabilistic.Torch.Device.Cpu;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--steps" && i + 1 < args.Length) steps = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--iwelbo" && i + 1 < args.Length) objective = new Iwelbo(int.Parse(args[++i], CultureInfo.InvariantCulture));
            else if (args[i] == "--device" && i + 1 < args.Length) device = args[++i] == "cuda" ? Probabilistic.Torch.Device.Cuda(0) : Probabilistic.Torch.Device.Cpu;
        }
        torch.set_num_threads(1);
        var images = Digits.Load();
        using var data = tensor(images.SelectMany(r => r).ToArray(), [images.Length, Digits.Pixels], dtype: ScalarType.Float32).to(device.ToTorch());
        Console.WriteLine($"device {device}, torch threads {torch.get_num_threads()}, {steps} steps per block, 5 blocks each, median block");
        Console.WriteLine("batch | checks every step | framework ms/step | hand-written ms/step | ratio");
        foreach (bool validate in new[] { true, false })
        foreach (int batch in new[] { 64, 512, 1024 })
        {
            var framework = Framework(data, batch, device, objective, validate);
            var hand = HandWritten(data, batch, device);
            framework(10);
            hand(10);
            var f = new List<double>();
            var h = new List<double>();
            for (int block = 0; block < 5; block++)
            {
                f.Add(framework(steps));
                h.Add(hand(steps));
            }
            double fm = Median(f), hm = Median(h);
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,5} | {1,15} | {2,17:F3} | {3,20:F3} | {4:F2}", batch, validate ? "on" : "off", fm, hm, fm / hm));
        }
        return 0;
    }

    private static double Median(List<double> xs)
    {
        var s = xs.OrderBy(x => x).ToArray();
        return s[s.Length / 2];
    }

    /// <summary>
    /// A function running n steps of <see cref="TensorInfer.TensorSvi{TModel, TGuide}"/> — what a user runs — and returning
    /// milliseconds per step; the parameters carry over between calls (each call also pays one gradient-free draw and a
    /// fresh optimizer, under 2% of a 50-step block).
    /// </summary>
    private static Func<int, double> Framework(Tensor data, int batch, Probabilistic.Torch.Device device, Objective objective, bool checkArguments)
    {
        random.manual_seed(1);
        var encoder = new Encoder(Digits.Pixels, Hidden, Latent);
        var decoder = new Decoder(Latent, Hidden, Digits.Pixels);
        encoder.to(device.ToTorch());
        decoder.to(device.ToTorch());
        var store = new TensorParameterStore();
        var model = VaeModel.Model(data, decoder, Latent, batch);
        var guide = VaeModel.Guide(data, encoder, Latent, batch);
        ulong seed = 1;
        return n =>
        {
            var clock = Stopwatch.StartNew();
            Infer.TensorSvi(model, guide, new TensorViOptions
            {
                Steps = n, Seed = seed++, Objective = objective, PerDatum = true, MaxPlateNesting = 1, Device = device,
                DType = ScalarType.Float32, Parameters = store, CheckArgumentsEveryStep = checkArguments,
                Optimizer = p => optim.Adam(p, lr: 1e-3),
            });
            if (device.Type == DeviceType.CUDA) cuda.synchronize();
            return clock.Elapsed.TotalMilliseconds / n;
        };
    }

    /// <summary>The same step by hand: minibatch, reparameterized z, ELBO scaled by N/B, Adam.</summary>
    private static Func<int, double> HandWritten(Tensor data, int batch, Probabilistic.Torch.Device device)
    {
        random.manual_seed(1);
        var encoder = new Encoder(Digits.Pixels, Hidden, Latent);
        var decoder = new Decoder(Latent, Hidden, Digits.Pixels);
        encoder.to(device.ToTorch());
        decoder.to(device.ToTorch());
        var optimizer = optim.Adam(encoder.parameters().Concat(decoder.parameters()), lr: 1e-3);
        long n = data.shape[0];
        var generator = new Generator(1, device.ToTorch());
        double halfLog2Pi = 0.5 * Math.Log(2 * Math.PI);
        return steps =>
        {
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < steps; i++)
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                var indices = randperm(n, generator: generator, dtype: ScalarType.Int64, device: data.device)[..batch];
                var x = data.index_select(0, indices);
                var h = encoder.forward(x);
                var mu = h[.., ..Latent];
                var logSigma = h[.., Latent..];
                var eps = randn(mu.shape, generator: generator, dtype: mu.dtype, device: mu.device);
                var z = mu + logSigma.exp() * eps;
                var logits = decoder.forward(z);
                var logPrior = (-0.5 * z.square() - halfLog2Pi).sum(-1);
                var logLik = (x * logits - nn.functional.softplus(logits)).sum(-1);
                var logQ = (-0.5 * eps.square() - logSigma - halfLog2Pi).sum(-1);
                var elbo = (logPrior + logLik - logQ).sum() * ((double)n / batch);
                (-elbo).backward();
                optimizer.step();
            }
            if (device.Type == DeviceType.CUDA) cuda.synchronize();
            return clock.Elapsed.TotalMilliseconds / steps;
        };
    }
}
