using static TorchSharp.torch;
using static Probabilistic.Torch.ParameterChecks;
using D = TorchSharp.torch.distributions;

namespace Probabilistic.Torch;

public static partial class TensorDist
{
    /// <summary>
    /// Multivariate normal with mean <paramref name="loc"/> (last dimension d) and lower-triangular Cholesky factor
    /// <paramref name="scaleTril"/> (… × d × d, positive diagonal) of the covariance.
    /// </summary>
    public static TensorDistribution MultivariateNormal(Tensor loc, Tensor scaleTril)
    {
        Floating("MultivariateNormal", "loc", NotNull("MultivariateNormal", "loc", loc));
        Floating("MultivariateNormal", "scaleTril", NotNull("MultivariateNormal", "scaleTril", scaleTril));
        AtLeastVector("MultivariateNormal", "loc", loc);
        long d = loc.shape[^1];
        if (scaleTril.dim() < 2 || scaleTril.shape[^1] != d || scaleTril.shape[^2] != d)
            throw new ArgumentException($"MultivariateNormal: 'scaleTril' must end in [{d}, {d}] to match 'loc' of shape {Shapes.Show(loc.shape)}, but has shape {Shapes.Show(scaleTril.shape)}.", nameof(scaleTril));
        var batch = Shapes.Broadcast("MultivariateNormal", ("loc batch", loc.shape[..^1]), ("scaleTril batch", scaleTril.shape[..^2]));
        return new("MultivariateNormal", g => D.MultivariateNormal(loc.alias(), null, null, scaleTril.alias(), g), hasRsample: true, batch, [d],
            shape => MultivariateNormal(loc.expand(Shapes.Concat(shape, [d])), scaleTril.expand(Shapes.Concat(shape, [d, d]))),
            validate: () =>
            {
                Finite("MultivariateNormal", "loc", loc);
                using (no_grad())
                using (var diag = scaleTril.diagonal(0, -2, -1))
                    Positive("MultivariateNormal", "scaleTril diagonal", diag);
            }) { Support = TensorConstraint.Real };
    }

    /// <summary>Multivariate normal from a covariance matrix (symmetric positive definite; its Cholesky factor is taken here).</summary>
    public static TensorDistribution MultivariateNormalCovariance(Tensor loc, Tensor covariance)
    {
        NotNull("MultivariateNormal", "covariance", covariance);
        var (l, info) = linalg.cholesky_ex(covariance);
        using (info)
            if (info.ne(0).any().item<bool>()) throw new ArgumentException("MultivariateNormal: 'covariance' is not positive definite (its Cholesky factorization failed).", nameof(covariance));
        return MultivariateNormal(loc, l);
    }

    /// <summary>
    /// Reinterprets the rightmost <paramref name="reinterpretedBatchDims"/> batch dimensions of <paramref name="baseDistribution"/>
    /// as event dimensions: its log density sums over them (PyTorch's <c>Independent</c>).
    /// </summary>
    public static TensorDistribution Independent(TensorDistribution baseDistribution, int reinterpretedBatchDims)
    {
        ArgumentNullException.ThrowIfNull(baseDistribution);
        int batchRank = baseDistribution.BatchShape.Length;
        if (reinterpretedBatchDims < 0 || reinterpretedBatchDims > batchRank)
            throw new ArgumentOutOfRangeException(nameof(reinterpretedBatchDims), reinterpretedBatchDims,
                $"Independent: {baseDistribution.Name} has batch shape {Shapes.Show(baseDistribution.BatchShape)}, so between 0 and {batchRank} dimensions can be reinterpreted.");
        var batch = baseDistribution.BatchShape;
        var moved = batch[(batchRank - reinterpretedBatchDims)..];
        // The log density sums the base's over the reinterpreted dimensions (done here: TorchSharp's Independent
        // reports shapes of its own that 0.107 gets wrong for some bases).
        return new($"Independent({baseDistribution.Name}, {reinterpretedBatchDims})",
            g => D.Independent(baseDistribution.Make(g), reinterpretedBatchDims, g), baseDistribution.HasRsample,
            batch[..(batchRank - reinterpretedBatchDims)], Shapes.Concat(moved, baseDistribution.EventShape),
            shape => Independent(baseDistribution.Expand(Shapes.Concat(shape, moved)), reinterpretedBatchDims),
            logProb: v =>
            {
                var lp = baseDistribution.LogProb(v);
                return reinterpretedBatchDims == 0 ? lp : lp.sum(Enumerable.Range(1, reinterpretedBatchDims).Select(i => (long)-i).ToArray());
            }) { Support = baseDistribution.Support };
    }

    /// <summary>
    /// Relaxed Bernoulli (binary Concrete; Maddison et al. 2017, Jang et al. 2017) at <paramref name="temperature"/> with
    /// success probability <paramref name="probs"/>: values in (0, 1), reparameterized.
    /// </summary>
    public static TensorDistribution RelaxedBernoulli(Tensor temperature, Tensor probs)
    {
        Floating("RelaxedBernoulli", "temperature", NotNull("RelaxedBernoulli", "temperature", temperature));
        Floating("RelaxedBernoulli", "probs", NotNull("RelaxedBernoulli", "probs", probs));
        // Built from logits: with probs, TorchSharp 0.107's log density is off (by 0.0045 at p = 0.2, y = 0.1, λ = 0.7).
        var batch = Shapes.Broadcast("RelaxedBernoulli", ("temperature", temperature.shape), ("probs", probs.shape));
        return new("RelaxedBernoulli", g => D.RelaxedBernoulli(temperature.alias(), null, probs.log() - (-probs).log1p(), g), hasRsample: true, batch, [],
            shape => RelaxedBernoulli(temperature, probs.expand(shape)),
            validate: () =>
            {
                Positive("RelaxedBernoulli", "temperature", temperature);
                UnitInterval("RelaxedBernoulli", "probs", probs);
            },
            // TorchSharp 0.107's rsample here carries no gradient: the binary Concrete draw (Maddison et al. 2017, eq. 12)
            // σ((logit p + log u − log(1 − u))/λ), u ~ Uniform(0, 1), differentiable in p and λ.
            rsample: (g, shape) =>
            {
                var full = Shapes.Concat(shape, batch);
                var u = rand(full, dtype: probs.dtype, device: probs.device, generator: g).clamp(1e-12, 1 - 1e-12);
                return ((probs.log() - (-probs).log1p() + u.log() - (-u).log1p()) / temperature).sigmoid();
            });
    }

    /// <summary>
    /// Relaxed one-hot categorical (Concrete / Gumbel-softmax; Maddison et al. 2017, Jang et al. 2017) at
    /// <paramref name="temperature"/>: values on the simplex (last dimension of <paramref name="probs"/>), reparameterized.
    /// </summary>
    public static TensorDistribution RelaxedOneHotCategorical(Tensor temperature, Tensor probs)
    {
        Floating("RelaxedOneHotCategorical", "temperature", NotNull("RelaxedOneHotCategorical", "temperature", temperature));
        Floating("RelaxedOneHotCategorical", "probs", NotNull("RelaxedOneHotCategorical", "probs", probs));
        AtLeastVector("RelaxedOneHotCategorical", "probs", probs);
        var logits = probs.log();
        long k = probs.shape[^1];
        var batch = Shapes.Broadcast("RelaxedOneHotCategorical", ("temperature", temperature.shape), ("probs batch", probs.shape[..^1]));
        // TorchSharp 0.107's RelaxedOneHotCategorical.log_prob fails to broadcast its Jacobian (a [batch, k] term added
        // to [batch]); the density is its base's (ExpRelaxedCategorical, on log x) less log|dx/d log x| = Σ_k log x_k.
        return new("RelaxedOneHotCategorical", g => D.RelaxedOneHotCategorical(temperature.alias(), null, logits.alias(), g), hasRsample: true, batch, [k],
            shape => RelaxedOneHotCategorical(temperature, probs.expand(Shapes.Concat(shape, [k]))),
            logProb: x =>
            {
                var logX = x.log();
                using var exp = D.ExpRelaxedCategorical(temperature.alias(), null, logits.alias());
                return exp.log_prob(logX) - logX.sum(-1);
            },
            // TorchSharp 0.107's rsample here carries no gradient: the Concrete draw softmax((log p + G)/λ), G Gumbel.
            rsample: (g, shape) =>
            {
                var full = Shapes.Concat(Shapes.Concat(shape, batch), [k]);
                var u = rand(full, dtype: probs.dtype, device: probs.device, generator: g).clamp(1e-12, 1 - 1e-12);
                return ((logits - (-u.log()).log()) / temperature.unsqueeze(-1)).softmax(-1);
            },
            validate: () =>
            {
                Positive("RelaxedOneHotCategorical", "temperature", temperature);
                NonNegativeWithMass("RelaxedOneHotCategorical", probs);
            });
    }
}
