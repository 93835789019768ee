using Probabilistic.Inference;
using System.Diagnostics;
using System.Globalization;
using Probabilistic.Inference.Variational;
using Probabilistic.Reports;
using Probabilistic.Torch;
using ScottPlot;
using TorchSharp;
using static TorchSharp.torch;

namespace Probabilistic.Examples.Gallery.Vae;

/// <summary>
/// A variational autoencoder on the 8 × 8 digits (Kingma &amp; Welling 2014), written as a tensor model and an amortized
/// guide, trained by <see cref="TensorSvi"/> with the ELBO and with IWELBO(5) (Burda et al. 2016), reparameterized, on
/// minibatches of 64 with a time budget; reports the held-out ELBO and IWELBO(50) per image and writes reconstructions
/// and samples.
/// </summary>
public sealed class VaeExample : IExample
{
    private const int Latent = 4, Hidden = 128, Batch = 64, TestImages = 297;

    /// <inheritdoc />
    public string Name => "vae";

    /// <inheritdoc />
    public string Description => "Variational autoencoder on the 8x8 digits (tensor backend; ELBO and IWELBO(5), held-out bounds, reconstructions)";

    /// <inheritdoc />
    public void Run(ExampleOptions options, TextWriter output)
    {
        try
        {
            TorchRuntime.EnsureLoaded();
        }
        catch (InvalidOperationException e)
        {
            throw new ExampleInputException($"the tensor backend cannot start: {e.Message}", e);
        }
        var device = Probabilistic.Torch.Device.Best;
        var images = Digits.Load();
        using var all = tensor(images.SelectMany(r => r).ToArray(), [images.Length, Digits.Pixels], dtype: ScalarType.Float32).to(device.ToTorch());
        using var train = all[..(images.Length - TestImages)];
        using var test = all[(images.Length - TestImages)..];
        var budget = TimeSpan.FromSeconds(60);
        int? quickSteps = options.Quick ? 150 : null; // smoke mode: a fixed number of steps, whatever the machine's load
        var inv = CultureInfo.InvariantCulture;
        var report = new GalleryReport(options, new Report("Variational autoencoder on the 8×8 digits"));
        var lines = new List<string>
        {
            string.Format(inv, "{0} training and {1} held-out images, binarized; latent dimension {2}, {3} hidden units, minibatches of {4}, Adam (learning rate 3e-3), {5} per objective on {6}.",
                train.shape[0], test.shape[0], Latent, Hidden, Batch, quickSteps is int s ? $"{s} steps (ELBO) or {s / 5} (IWELBO(5))" : $"{budget.TotalSeconds:F0} s", device),
        };
        (Encoder, Decoder, double HeldOut)? best = null;
        foreach (var objective in new Objective[] { new Elbo(), new Iwelbo(5) })
        {
            random.manual_seed((long)options.Seed);
            var encoder = new Encoder(Digits.Pixels, Hidden, Latent);
            var decoder = new Decoder(Latent, Hidden, Digits.Pixels);
            encoder.to(device.ToTorch());
            decoder.to(device.ToTorch());
            using var stop = new CancellationTokenSource(quickSteps is null ? budget : Timeout.InfiniteTimeSpan);
            var clock = Stopwatch.StartNew();
            var fit = Infer.TensorSvi(VaeModel.Model(train, decoder, Latent, Batch), VaeModel.Guide(train, encoder, Latent, Batch), new TensorViOptions
            {
                Steps = quickSteps is int q ? (objective is Elbo ? q : q / 5) : int.MaxValue, Seed = options.Seed, Objective = objective, PerDatum = true, MaxPlateNesting = 1,
                Device = device, DType = ScalarType.Float32, Optimizer = p => optim.Adam(p, lr: 3e-3),
            }, cancellationToken: stop.Token);
            double seconds = clock.Elapsed.TotalSeconds;
            var (elbo, iwelbo) = HeldOut(test, encoder, decoder, device, options.Seed);
            lines.Add(string.Format(inv, "{0}: {1} steps ({2:F2} ms each); held-out ELBO {3:F2} and IWELBO(50) {4:F2} nats per image (log-likelihood ≥ IWELBO ≥ ELBO).",
                objective.Name, fit.History.Count, 1000 * seconds / fit.History.Count, elbo, iwelbo));
            report.AddPlot($"objective_{objective.Name.ToLowerInvariant().Replace('(', '_').Replace(")", "")}", $"{objective.Name} estimate per step (scaled to the training set)",
                Plots.Objective(fit.History, $"{objective.Name} (nats, training set)"));
            if (best is null || iwelbo > best.Value.HeldOut) best = (encoder, decoder, iwelbo);
        }
        var (enc, dec, _) = best!.Value;
        report.AddPlot("reconstructions_and_samples", "Top: held-out digits; middle: their reconstructions (decoder at the encoder's mean); bottom: samples from the prior (the networks with the better held-out IWELBO(50))",
            Pictures(test, enc, dec, options.Seed));
        foreach (var l in lines) report.Report.AddParagraph(l);
        var path = report.Write();
        foreach (var l in lines) output.WriteLine(l);
        if (!options.Quiet) output.WriteLine($"report: {path}");
    }

    /// <summary>The held-out ELBO and IWELBO(50) per image: exact data, one estimate each over all test images.</summary>
    private static (double Elbo, double Iwelbo) HeldOut(Tensor test, Encoder encoder, Decoder decoder, Probabilistic.Torch.Device device, ulong seed)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        int latent = Latent;
        var context = new TensorObjectiveContext<Tensor, Tensor>(VaeModel.Model(test, decoder, latent, null), VaeModel.Guide(test, encoder, latent, null),
            new TensorParameterStore(), new TensorViOptions { Seed = seed, PerDatum = true, MaxPlateNesting = 1, Device = device, DType = ScalarType.Float32 });
        double n = test.shape[0];
        return (new Elbo().Estimate(context).Value / n, new Iwelbo(50).Estimate(context).Value / n);
    }

    /// <summary>Ten held-out digits, their reconstructions and ten prior samples as one grey-scale picture (pixel probabilities).</summary>
    private static Plot Pictures(Tensor test, Encoder encoder, Decoder decoder, ulong seed)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        const int n = 10;
        var x = test[..n];
        var mu = encoder.forward(x)[.., ..Latent];
        var recon = decoder.forward(mu).sigmoid();
        using var g = new Generator(seed, x.device);
        var samples = decoder.forward(randn(n, Latent, generator: g, dtype: x.dtype, device: x.device)).sigmoid();
        var grid = new double[3 * 9, n * 9];
        for (int r = 0; r < grid.GetLength(0); r++) for (int c = 0; c < grid.GetLength(1); c++) grid[r, c] = double.NaN;
        var rows = new[] { x, recon, samples };
        for (int row = 0; row < 3; row++)
        {
            var values = rows[row].to_type(ScalarType.Float64).cpu().data<double>().ToArray();
            for (int i = 0; i < n; i++)
                for (int p = 0; p < Digits.Pixels; p++)
                    grid[row * 9 + p / 8, i * 9 + p % 8] = values[i * Digits.Pixels + p];
        }
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(grid);
        heatmap.Colormap = new ScottPlot.Colormaps.Grayscale();
        plot.HideGrid();
        plot.Axes.Frameless();
        plot.Axes.SquareUnits(); // square pixels
        return plot;
    }
}
