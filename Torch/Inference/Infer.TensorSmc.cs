using Probabilistic.Compilation;
using Probabilistic.Inference;
using Probabilistic.Inference.Particles;
using TorchSharp;
using static TorchSharp.torch;

namespace Probabilistic.Torch;

public static partial class TensorInfer
{
    extension(Infer)
    {
        /// <summary>
        /// Vectorized sequential Monte Carlo (a bootstrap particle filter; Gordon, Salmond and Smith 1993) over every
        /// observation of <paramref name="model"/>, whose structure must be static: particles are a leading batch
        /// dimension. When the model was compiled (a <c>[Compiled]</c> tensor model, whose twin is an
        /// <see cref="Compilation.ITensorCompiledModel"/>) and <see cref="TensorSmcOptions.Interpreted"/> is not set, the
        /// generated tensor particle program advances the population from its saved state, one observation per step (cost
        /// linear in the number of observations T). Otherwise step t re-runs the program with the choices made so far
        /// replayed (unscored) from the resampled particle values, draws the choices up to observation t from the prior and
        /// weighs by it (re-execution, as in Wood, van de Meent and Mansinghka 2014, so no model state needs re-indexing:
        /// every state is a function of the choices), at a cost per step that grows with t (O(T²) program steps). Both
        /// draw step t's choices, in program order, from a torch generator seeded with Seed + t·0x9E3779B97F4A7C15, so
        /// for a seed they give the same particles, weights and evidence. The weight statistics are the scalar filters'
        /// building blocks on the host copy of the N log weights (<see cref="LogWeightStatistics"/>): log Ẑ = Σ over
        /// resampling epochs of log-mean-exp of the weights, resampling when Kish's ESS falls below the threshold, and the
        /// standard error of log Ẑ from the genealogy (<see cref="LogEvidenceError.LeeWhiteleyRelativeVariance"/>,
        /// marked approximate after a systematic resampling). Each step runs in a dispose scope.
        /// </summary>
        /// <param name="model">A tensor model written for a leading particle dimension.</param>
        /// <param name="options">Particles, resampling threshold, whether to interpret, and the run's seed, plates, device and dtype.</param>
        /// <param name="progress">Receives each observation's ESS, log-evidence estimate so far and whether it resampled.</param>
        /// <param name="cancellationToken">Cancelling stops before the next observation with a plain
        /// <see cref="OperationCanceledException"/>: a filter stopped part-way is no posterior (the rule on <see cref="Infer"/>).</param>
        /// <returns>The weighted particles (<see cref="TensorParticle"/> views; <c>sample.Particles</c> holds the tensors, which the caller owns).</returns>
        /// <exception cref="ModelException">Every particle has weight 0 after an observation (named by its index).</exception>
        public static WeightedSample<TensorParticle> TensorSmc<T>(Model<T> model, TensorSmcOptions? options = null,
            IProgress<SmcProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(model);
            var o = options ?? new TensorSmcOptions();
            int n = o.Particles;
            if (n < 2) throw new ArgumentOutOfRangeException(nameof(options), n, "TensorSmc: at least 2 particles are needed.");
            if (!(o.EssThreshold is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(options), o.EssThreshold, "TensorSmc: EssThreshold must lie in [0, 1].");
            TorchRuntime.EnsureLoaded();
            var run = o.Run with { Particles = n };
            using var population = !o.Interpreted && CompiledModels.TryGetTwin(model, out var twin) && twin is Compilation.ITensorCompiledModel compiled
                ? (ITensorPopulation)new CompiledTensorPopulation(compiled.TensorProgram())
                : new InterpretedTensorPopulation<T>(model);
            return Filter(population, o, run, progress, cancellationToken);
        }
    }

    /// <summary>The filter's loop over <paramref name="population"/>'s steps (see <c>Infer.TensorSmc</c>).</summary>
    private static WeightedSample<TensorParticle> Filter(ITensorPopulation population, TensorSmcOptions o, TensorRunOptions run,
        IProgress<SmcProgress>? progress, CancellationToken cancellationToken)
    {
        int n = o.Particles;
        var device = run.Device.ToTorch();
        using var generator = new torch.Generator(run.Seed ^ 0x5DEECE66DUL, device);
        var logW = zeros(n, dtype: run.DType, device: device).DetachFromDisposeScope();
        var eves = arange(n, dtype: ScalarType.Int64, device: device).DetachFromDisposeScope();
        var host = new double[n]; // the log weights on the host, once per step, for the shared statistics
        double logZ = 0, essBeforeResampling = double.NaN;
        int resamplings = 0;
        using var noGrad = no_grad();
        try
        {
            for (int t = 0; ; t++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var increment = population.Step(t, run with { Seed = run.Seed + (ulong)t * 0x9E3779B97F4A7C15UL }, scope);
                if (increment is null) break;
                Replace(ref logW, logW + increment);
                CopyToHost(logW, host);
                if (double.IsNegativeInfinity(LogWeightStatistics.Max(host)))
                    throw new ModelException($"TensorSmc: every particle has weight 0 after observation {t}.");
                double ess = LogWeightStatistics.EffectiveSampleSize(host);
                bool resample = o.EssThreshold >= 1 || ess < o.EssThreshold * n;
                double logMean = LogWeightStatistics.LogMeanExp(host);
                progress?.Report(new SmcProgress(t + 1, ess, logZ + logMean, resample));
                if (!resample) continue;
                logZ += logMean;
                essBeforeResampling = ess;
                var ancestors = Systematic(logW, generator);
                population.Resample(ancestors, scope);
                Replace(ref eves, eves.index_select(0, ancestors));
                Replace(ref logW, zeros_like(logW));
                resamplings++;
            }
            int[] hostEves;
            using (NewDisposeScope())
            {
                CopyToHost(logW, host);
                hostEves = eves.to_type(ScalarType.Int32).cpu().data<int>().ToArray();
            }
            logZ += LogWeightStatistics.LogMeanExp(host);
            // Lee–Whiteley's genealogy estimate is derived for multinomial resampling; systematic resampling is outside it.
            double se = LogEvidenceError.LogStandardError(LogEvidenceError.LeeWhiteleyRelativeVariance(host, hostEves, resamplings));
            var particles = new TensorParticles(population.TakeParticles(), n);
            return new WeightedSample<TensorParticle>(TensorWeightedSample.Views(particles), host, logZ, se)
            {
                LogEvidenceStandardErrorKind = resamplings == 0 ? LogEvidenceErrorKind.Genealogy : LogEvidenceErrorKind.GenealogyApproximate,
                EffectiveSampleSizeBeforeResampling = essBeforeResampling,
            };
        }
        finally
        {
            logW.Dispose();
            eves.Dispose();
        }
    }

    /// <summary>Systematic resampling (Kitagawa 1996): one uniform u, points (i + u)/N located in the weights' CDF.</summary>
    internal static Tensor Systematic(Tensor logW, torch.Generator generator)
    {
        long n = logW.shape[0];
        var cdf = logW.softmax(0).cumsum(0);
        var u = (arange(n, dtype: cdf.dtype, device: cdf.device) + rand(1, dtype: cdf.dtype, device: cdf.device, generator: generator)) / n;
        return searchsorted(cdf, u).clamp_max(n - 1);
    }

    /// <summary>Copies a [N] tensor of log weights into <paramref name="host"/> as float64.</summary>
    private static void CopyToHost(Tensor logWeights, double[] host)
    {
        using var _ = NewDisposeScope();
        logWeights.to_type(ScalarType.Float64).cpu().data<double>().CopyTo(host);
    }
}
