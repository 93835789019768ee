using Probabilistic.Inference;
using Probabilistic.Inference.Particles;
using static TorchSharp.torch;

namespace Probabilistic.Torch;

public static partial class TensorInfer
{
    extension(Infer)
    {
        /// <summary>
        /// Vectorized likelihood weighting: one run of <paramref name="model"/> (static structure) with N particles as a
        /// leading batch dimension, each particle's choices drawn from the prior and weighted by its likelihood. log Ẑ is the
        /// log-mean-exp of the weights and its standard error the delta method on their relative variance
        /// (<see cref="LogEvidenceError.IndependentSamplesRelativeVariance(ReadOnlySpan{double})"/>), the scalar building blocks on the host copy
        /// of the N log weights.
        /// </summary>
        /// <param name="model">A tensor model written for a leading particle dimension.</param>
        /// <param name="particles">The number of particles N (at least 2).</param>
        /// <param name="options">The run's seed, plates, device and dtype (<see cref="TensorRunOptions.Particles"/> is set to N).</param>
        /// <param name="progress">Receives one report when the run is weighed (step 1, the ESS and log Ẑ).</param>
        /// <param name="cancellationToken">Checked before the run (one batched run has no smaller valid result to keep):
        /// cancelled, a plain <see cref="OperationCanceledException"/>.</param>
        /// <returns>The weighted particles (<see cref="TensorParticle"/> views; <c>sample.Particles</c> holds the tensors, which the caller owns).</returns>
        /// <exception cref="ModelException">Every particle has weight 0.</exception>
        public static WeightedSample<TensorParticle> TensorImportance<T>(Model<T> model, int particles, TensorRunOptions? options = null,
            IProgress<SmcProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(model);
            if (particles < 2) throw new ArgumentOutOfRangeException(nameof(particles), particles, "TensorImportance: at least 2 particles are needed.");
            cancellationToken.ThrowIfCancellationRequested();
            TorchRuntime.EnsureLoaded();
            var o = (options ?? new TensorRunOptions()) with { Particles = particles };
            var logW = new double[particles];
            Dictionary<Address, Tensor> values;
            using (NewDisposeScope())
            using (no_grad())
            {
                var trace = TensorRun.Simulate(model, o);
                using (NewDisposeScope()) trace.LogLikelihood.to_type(ScalarType.Float64).cpu().data<double>().CopyTo(logW);
                values = trace.Values.ToDictionary(kv => kv.Key, kv => kv.Value.DetachFromDisposeScope());
            }
            if (double.IsNegativeInfinity(LogWeightStatistics.Max(logW)))
            {
                foreach (var t in values.Values) t.Dispose();
                throw new ModelException("TensorImportance: every particle has weight 0 (log weight −∞).");
            }
            double logZ = LogWeightStatistics.LogMeanExp(logW);
            double se = LogEvidenceError.LogStandardError(LogEvidenceError.IndependentSamplesRelativeVariance(logW));
            var sample = new WeightedSample<TensorParticle>(TensorWeightedSample.Views(new TensorParticles(values, particles)), logW, logZ, se)
            {
                LogEvidenceStandardErrorKind = LogEvidenceErrorKind.IndependentSamples,
            };
            progress?.Report(new SmcProgress(1, sample.EffectiveSampleSize, logZ, false));
            return sample;
        }
    }
}
