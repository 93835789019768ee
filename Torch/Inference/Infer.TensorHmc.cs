using Probabilistic.Inference;
using TorchSharp;
using static TorchSharp.torch;

namespace Probabilistic.Torch;

public static partial class TensorInfer
{
    extension(Infer)
    {
        /// <summary>
        /// Vectorized Hamiltonian Monte Carlo (Neal 2011, "MCMC using Hamiltonian dynamics", §5.2; static integration time)
        /// over the continuous choices of <paramref name="model"/> (static structure): C chains advance together as the rows
        /// of θ ∈ ℝ^{C×D}, each with its own leapfrog trajectory, Metropolis acceptance and step size. Warmup uses the
        /// library's shared building blocks, as the scalar NUTS does: each chain's step size is tuned by
        /// <see cref="DualAveraging"/> (Hoffman and Gelman 2014, §3.2), restarted at the ends of Stan's slow windows
        /// (<see cref="WindowedAdaptation"/>). Unit metric. Every iteration runs in a dispose scope. Returns the same
        /// <see cref="Posterior"/> as the scalar NUTS, with per-draw sampler statistics and its summary (ESS, R-hat).
        /// </summary>
        /// <param name="model">A tensor model written for a leading chain dimension.</param>
        /// <param name="options">Chains, warmup, draws, leapfrog steps, target acceptance, the run's seed, plates, device.</param>
        /// <param name="progress">Receives each chain's iteration, phase and step size.</param>
        /// <param name="cancellationToken">Cancelling stops after the current iteration: with draws kept, an
        /// <see cref="InferenceCanceledException{TResult}"/> carries the posterior of the draws so far; during warmup a plain
        /// <see cref="OperationCanceledException"/> (the rule on <see cref="Infer"/>).</param>
        public static Posterior TensorHmc<T>(Model<T> model, TensorHmcOptions? options = null,
            IProgress<McmcProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(model);
            var o = options ?? new TensorHmcOptions();
            if (o.Chains < 1 || o.Draws < 1 || o.Warmup < 0 || o.LeapfrogSteps < 1)
                throw new ArgumentOutOfRangeException(nameof(options), "TensorHmc: Chains, Draws and LeapfrogSteps must be positive and Warmup non-negative.");
            if (!(o.TargetAcceptance is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(options), o.TargetAcceptance, "TensorHmc: TargetAcceptance must lie in (0, 1).");
            if (!(o.InitialStepSize > 0 && double.IsFinite(o.InitialStepSize))) throw new ArgumentOutOfRangeException(nameof(options), o.InitialStepSize, "TensorHmc: InitialStepSize must be positive and finite.");
            TorchRuntime.EnsureLoaded();
            int c = o.Chains;
            var run = o.Run with { Particles = c, ValidateParameters = false };
            var density = new UnconstrainedTensorDensity<T>(model, run);
            long d = density.Dimension;
            var device = run.Device.ToTorch();
            using var generator = new torch.Generator(run.Seed ^ 0x2545F4914F6CDD1DUL, device);
            using var noGrad = no_grad();

            var theta = ((rand(c, d, dtype: run.DType, device: device, generator: generator) * 2 - 1) * o.InitRadius).DetachFromDisposeScope();
            var (lp0, g0) = density.Evaluate(theta);
            var logp = lp0.DetachFromDisposeScope();
            var grad = g0.DetachFromDisposeScope();

            var stepSize = Enumerable.Repeat(o.InitialStepSize, c).ToArray();
            var jitter = new Rng(run.Seed, 0x4A49);
            var adapt = new DualAveraging[c];
            for (int k = 0; k < c; k++) adapt[k] = new DualAveraging(o.TargetAcceptance, o.InitialStepSize);
            var windows = new WindowedAdaptation(o.Warmup);
            var draws = new double[c][][];
            var statistics = new DrawStatistics[c][];
            for (int k = 0; k < c; k++)
            {
                draws[k] = new double[o.Draws][];
                statistics[k] = new DrawStatistics[o.Draws];
            }
            int kept = 0;
            var divergences = new int[c];

            for (int it = 0; it < o.Warmup + o.Draws && !cancellationToken.IsCancellationRequested; it++)
            {
                using var scope = NewDisposeScope();
                // Jittered step size (±10% per chain) and number of steps (uniform on [L/2, 3L/2], shared by the chains):
                // a fixed trajectory length makes HMC nearly periodic on Gaussian-like targets, and its draws alternate
                // sides of the mean (Neal 2011, §5.4.2.2; Mackenzie 1989).
                var eps = (tensor(stepSize, dtype: run.DType, device: device) * (0.9 + 0.2 * rand(c, dtype: run.DType, device: device, generator: generator))).unsqueeze(1);
                int steps = Math.Max(1, o.LeapfrogSteps / 2 + jitter.NextInt(o.LeapfrogSteps + 1));
                var p = randn(c, d, dtype: run.DType, device: device, generator: generator);
                var h0 = -logp + 0.5 * p.square().sum(1);
                var (q1, p1, lp1, g1) = (theta, p, logp, grad);
                for (int l = 0; l < steps; l++)
                {
                    p1 = p1 + 0.5 * eps * g1;
                    q1 = q1 + eps * p1;
                    (lp1, g1) = density.Evaluate(q1);
                    p1 = p1 + 0.5 * eps * g1;
                }
                var h1 = -lp1 + 0.5 * p1.square().sum(1);
                var logAccept = (h0 - h1).clamp_max(0).nan_to_num(double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity);
                var accept = rand(c, dtype: run.DType, device: device, generator: generator).log() < logAccept;
                var acceptRow = accept.unsqueeze(1);
                Replace(ref theta, where(acceptRow, q1, theta));
                Replace(ref logp, where(accept, lp1, logp));
                Replace(ref grad, where(acceptRow, g1.nan_to_num(0, 0, 0), grad));
                var alpha = logAccept.exp().to_type(ScalarType.Float64).cpu().data<double>().ToArray();

                if (it < o.Warmup)
                {
                    for (int k = 0; k < c; k++) stepSize[k] = adapt[k].Learn(alpha[k]);
                    // At the end of each of Stan's slow windows (where Stan re-estimates the metric) dual averaging restarts
                    // from the step size it reached, forgetting the earlier, farther-from-the-typical-set iterations.
                    if (windows.EndOfWindow)
                    {
                        windows.ComputeNextWindow();
                        for (int k = 0; k < c; k++)
                        {
                            stepSize[k] = adapt[k].Final;
                            adapt[k].Restart(stepSize[k]);
                        }
                    }
                    windows.Advance();
                    // The last warmup iteration: sample with the averaged step size (kept as it is when a window ended just now).
                    if (it == o.Warmup - 1)
                        for (int k = 0; k < c; k++)
                            if (adapt[k].Count > 0) stepSize[k] = adapt[k].Final;
                    if (progress is not null)
                        for (int k = 0; k < c; k++) progress.Report(new McmcProgress(k, it + 1, o.Warmup + o.Draws, SamplerPhase.Warmup, stepSize[k], 0));
                }
                else
                {
                    // A divergence as Stan counts one: the energy error of the trajectory above 1000, or not finite.
                    var energy = where(accept, h1, h0).to_type(ScalarType.Float64).cpu().data<double>().ToArray();
                    var error = (h1 - h0).to_type(ScalarType.Float64).cpu().data<double>().ToArray();
                    var lp = logp.to_type(ScalarType.Float64).cpu().data<double>().ToArray();
                    var values = density.Constrained(theta).to_type(ScalarType.Float64).cpu().data<double>().ToArray();
                    for (int k = 0; k < c; k++)
                    {
                        draws[k][kept] = values[(int)(k * d)..(int)((k + 1) * d)];
                        bool divergent = !(error[k] <= 1000);
                        if (divergent) divergences[k]++;
                        statistics[k][kept] = new DrawStatistics(lp[k], alpha[k], stepSize[k], 0, steps, divergent, energy[k]);
                        progress?.Report(new McmcProgress(k, it + 1, o.Warmup + o.Draws, SamplerPhase.Sampling, stepSize[k], divergences[k]));
                    }
                    kept++;
                }
            }
            theta.Dispose();
            logp.Dispose();
            grad.Dispose();

            if (kept == 0) cancellationToken.ThrowIfCancellationRequested();
            var columns = new List<PosteriorColumn>();
            foreach (var (address, size) in density.Blocks)
                if (size == 1) columns.Add(PosteriorColumn.Scalar(address));
                else for (int i = 0; i < size; i++) columns.Add(PosteriorColumn.Element(address, i));
            if (kept < o.Draws)
                for (int k = 0; k < c; k++)
                {
                    draws[k] = draws[k][..kept];
                    statistics[k] = statistics[k][..kept];
                }
            var posterior = new Posterior(columns, draws, statistics, maxTreeDepth: 1, sampler: "HMC (tensor, vectorized chains)");
            if (cancellationToken.IsCancellationRequested)
                throw new InferenceCanceledException<Posterior>(
                    $"TensorHmc: cancelled; the exception's PartialResult holds the {kept} draws every chain reached.", posterior, cancellationToken);
            return posterior;
        }
    }
}
