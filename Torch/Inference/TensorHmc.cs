using Probabilistic.Inference;
using TorchSharp;
using static TorchSharp.torch;

namespace Probabilistic.Torch;

/// <summary>
/// Vectorized Hamiltonian Monte Carlo (Neal 2011, "MCMC using Hamiltonian dynamics", §5.2; static integration time):
/// C chains advance together as the rows of θ ∈ ℝ^{C×D}, each with its own leapfrog trajectory, Metropolis
/// acceptance and step size, tuned in warmup by dual averaging (Hoffman and Gelman 2014, §3.2, Algorithm 5, with
/// γ = 0.05, t₀ = 10, κ = 0.75, μ = log 10ε₀). Unit metric. Every iteration runs in a dispose scope. Returns the same
/// <see cref="Posterior"/> as the scalar NUTS, with its summary (ESS, R-hat).
/// </summary>
public static class TensorHmc
{
    /// <summary>Samples the posterior of the continuous choices of <paramref name="model"/> (static structure).</summary>
    public static Posterior Run<T>(Model<T> model, TensorHmcOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var o = options ?? new TensorHmcOptions();
        if (o.Chains < 1 || o.Draws < 1 || o.Warmup < 0 || o.LeapfrogSteps < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "TensorHmc: Chains, Draws and LeapfrogSteps must be positive and Warmup non-negative.");
        if (!(o.TargetAcceptance is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(options), o.TargetAcceptance, "TensorHmc: TargetAcceptance must lie in (0, 1).");
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
        for (int k = 0; k < c; k++) adapt[k] = new DualAveraging(o.InitialStepSize, o.TargetAcceptance);
        var draws = new double[c][][];
        for (int k = 0; k < c; k++) draws[k] = new double[o.Draws][];

        for (int it = 0; it < o.Warmup + o.Draws; it++)
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

            if (it < o.Warmup)
            {
                var alpha = logAccept.exp().cpu().data<double>().ToArray();
                for (int k = 0; k < c; k++) stepSize[k] = adapt[k].Update(alpha[k]);
                // Halfway, the chains are near the typical set: dual averaging restarts from the step size it reached,
                // forgetting the early, far-from-mode iterations (as Stan restarts it at each metric window).
                if (it == o.Warmup / 2)
                    for (int k = 0; k < c; k++)
                    {
                        adapt[k] = new DualAveraging(adapt[k].Final, o.TargetAcceptance);
                        stepSize[k] = adapt[k].Initial;
                    }
                if (it == o.Warmup - 1)
                    for (int k = 0; k < c; k++) stepSize[k] = adapt[k].Final;
            }
            else
            {
                var values = density.Constrained(theta).cpu().data<double>().ToArray();
                for (int k = 0; k < c; k++) draws[k][it - o.Warmup] = values[(int)(k * d)..(int)((k + 1) * d)];
            }
        }
        theta.Dispose();
        logp.Dispose();
        grad.Dispose();

        var columns = new List<PosteriorColumn>();
        foreach (var (address, size) in density.Blocks)
            if (size == 1) columns.Add(PosteriorColumn.Scalar(address));
            else for (int i = 0; i < size; i++) columns.Add(PosteriorColumn.Element(address, i));
        return new Posterior(columns, draws, sampler: "HMC (tensor, vectorized chains)");
    }

    private static void Replace(ref Tensor owned, Tensor next)
    {
        var old = owned;
        owned = next.DetachFromDisposeScope();
        old.Dispose();
    }

    /// <summary>Nesterov dual averaging of log ε (Hoffman and Gelman 2014, Algorithm 5).</summary>
    private sealed class DualAveraging(double initial, double target)
    {
        public double Initial => initial;

        private const double Gamma = 0.05, T0 = 10, Kappa = 0.75;
        private readonly double _mu = Math.Log(10 * initial);
        private double _hBar, _logEpsBar = Math.Log(initial);
        private int _m;

        public double Final => Math.Exp(_logEpsBar);

        public double Update(double acceptance)
        {
            _m++;
            double eta = 1.0 / (_m + T0);
            _hBar = (1 - eta) * _hBar + eta * (target - (double.IsNaN(acceptance) ? 0 : acceptance));
            double logEps = _mu - Math.Sqrt(_m) / Gamma * _hBar;
            double w = Math.Pow(_m, -Kappa);
            _logEpsBar = w * logEps + (1 - w) * _logEpsBar;
            return Math.Exp(logEps);
        }
    }
}
