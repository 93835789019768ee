using static TorchSharp.torch;
using static Probabilistic.Torch.ParameterChecks;
using D = TorchSharp.torch.distributions;

namespace Probabilistic.Torch;

public static partial class TensorDist
{
    /// <summary>Bernoulli with success probability <paramref name="probs"/> in [0, 1]; values 0.0 and 1.0 (enumerable).</summary>
    public static TensorDistribution Bernoulli(Tensor probs)
    {
        Floating("Bernoulli", "probs", NotNull("Bernoulli", "probs", probs));
        return new("Bernoulli", g => D.Bernoulli(probs.alias(), null, g), hasRsample: false, probs.shape, [], shape => Bernoulli(probs.expand(shape)),
            _ => tensor(new[] { 0.0, 1.0 }, dtype: probs.dtype, device: probs.device),
            validate: () =>
            {
                UnitInterval("Bernoulli", "probs", probs);
            });
    }

    /// <summary>Bernoulli with log-odds <paramref name="logits"/>.</summary>
    public static TensorDistribution BernoulliLogits(Tensor logits)
    {
        Floating("Bernoulli", "logits", NotNull("Bernoulli", "logits", logits));
        return new("Bernoulli", g => D.Bernoulli(null, logits.alias(), g), hasRsample: false, logits.shape, [], shape => BernoulliLogits(logits.expand(shape)),
            _ => tensor(new[] { 0.0, 1.0 }, dtype: logits.dtype, device: logits.device),
            validate: () =>
            {
                Finite("Bernoulli", "logits", logits);
            });
    }

    /// <summary>Categorical over 0 … k−1 with (unnormalized, non-negative) <paramref name="probs"/> along the last dimension; integer (int64) values.</summary>
    public static TensorDistribution Categorical(Tensor probs)
    {
        Floating("Categorical", "probs", NotNull("Categorical", "probs", probs));
        AtLeastVector("Categorical", "probs", probs);
        long k = probs.shape[^1];
        return new("Categorical", g => D.Categorical(probs.alias(), null, g), hasRsample: false, probs.shape[..^1], [],
            shape => Categorical(probs.expand(Shapes.Concat(shape, [k]))), _ => arange(k, dtype: ScalarType.Int64, device: probs.device),
            v => CategoricalLogProb(probs.log(), v),
            validate: () =>
            {
                NonNegativeWithMass("Categorical", probs);
            });
    }

    /// <summary>Categorical with unnormalized log-probabilities <paramref name="logits"/> along the last dimension.</summary>
    public static TensorDistribution CategoricalLogits(Tensor logits)
    {
        Floating("Categorical", "logits", NotNull("Categorical", "logits", logits));
        AtLeastVector("Categorical", "logits", logits);
        long k = logits.shape[^1];
        return new("Categorical", g => D.Categorical(null, logits.alias(), g), hasRsample: false, logits.shape[..^1], [],
            shape => CategoricalLogits(logits.expand(Shapes.Concat(shape, [k]))), _ => arange(k, dtype: ScalarType.Int64, device: logits.device),
            v => CategoricalLogProb(logits, v));
    }

    /// <summary>One-hot categorical: the event is a one-hot vector of length k (the last dimension of <paramref name="probs"/>).</summary>
    public static TensorDistribution OneHotCategorical(Tensor probs)
    {
        Floating("OneHotCategorical", "probs", NotNull("OneHotCategorical", "probs", probs));
        AtLeastVector("OneHotCategorical", "probs", probs);
        long k = probs.shape[^1];
        return new("OneHotCategorical", g => D.OneHotCategorical(probs.alias(), null, g), hasRsample: false, probs.shape[..^1], [k],
            shape => OneHotCategorical(probs.expand(Shapes.Concat(shape, [k]))), _ => eye(k, dtype: probs.dtype, device: probs.device),
            validate: () =>
            {
                NonNegativeWithMass("OneHotCategorical", probs);
            });
    }

    /// <summary>Poisson with <paramref name="rate"/> (positive); values are counts stored as floating-point.</summary>
    public static TensorDistribution Poisson(Tensor rate)
    {
        Floating("Poisson", "rate", NotNull("Poisson", "rate", rate));
        return new("Poisson", g => D.Poisson(rate.alias(), g), hasRsample: false, rate.shape, [], shape => Poisson(rate.expand(shape)),
            validate: () =>
            {
                Positive("Poisson", "rate", rate);
            });
    }

    /// <summary>Binomial: successes in <paramref name="totalCount"/> trials with probability <paramref name="probs"/>; enumerable (0 … n).</summary>
    public static TensorDistribution Binomial(int totalCount, Tensor probs)
    {
        Floating("Binomial", "probs", NotNull("Binomial", "probs", probs));
        if (totalCount < 0) throw new ArgumentOutOfRangeException(nameof(totalCount), totalCount, "Binomial: the number of trials must be non-negative.");
        return new("Binomial", g => D.Binomial(full_like(probs, (double)totalCount), probs.alias(), null, g), hasRsample: false, probs.shape, [],
            shape => Binomial(totalCount, probs.expand(shape)), _ => arange(totalCount + 1, dtype: probs.dtype, device: probs.device),
            validate: () =>
            {
                UnitInterval("Binomial", "probs", probs);
            });
    }

    /// <summary>
    /// log p(value) for a categorical with unnormalized <paramref name="logits"/>: the normalized log-probabilities gathered at
    /// the values, after broadcasting (as PyTorch's <c>Categorical.log_prob</c>; TorchSharp 0.107's fails on batched values).
    /// </summary>
    private static Tensor CategoricalLogProb(Tensor logits, Tensor value)
    {
        var normalized = logits.log_softmax(-1);
        var index = value.to_type(ScalarType.Int64).unsqueeze(-1);
        var shape = Shapes.Broadcast("Categorical", ("value", index.shape[..^1]), ("batch", normalized.shape[..^1]));
        return normalized.expand(Shapes.Concat(shape, [normalized.shape[^1]])).gather(-1, index.expand(Shapes.Concat(shape, [1]))).squeeze(-1);
    }

    private static void NonNegativeWithMass(string dist, Tensor probs)
    {
        UnitIntervalOrMore(dist, probs);
        using var _ = no_grad();
        using var total = probs.sum(-1);
        Positive(dist, "probs (sum over the last dimension)", total);
    }

    private static void UnitIntervalOrMore(string dist, Tensor probs)
    {
        Finite(dist, "probs", probs);
        using var _ = no_grad();
        using var negative = (probs < 0).any();
        if (negative.item<bool>()) throw new ArgumentException($"{dist}: the parameter 'probs' must be non-negative, but has a negative element.", "probs");
    }
}
