using Probabilistic.Distributed.Tests.Cluster;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Distributed.Tests.OuterLoops;

/// <summary>The outer-loop tests' models, registered on every silo of the test clusters and run locally for reference.</summary>
public sealed class OuterLoopModels : IClusterTestModels
{
    /// <summary>Smc2Tests' model: an unknown observation accuracy (3 values) and a binary Markov chain observed through it.</summary>
    public const string Accuracy = "outerloops-accuracy";

    /// <summary>A linear-Gaussian state-space model with an unknown drift q ~ N(0, 1) (a real parameter).</summary>
    public const string Drift = "outerloops-drift";

    /// <summary>A model whose every run throws.</summary>
    public const string Throws = "outerloops-throws";

    /// <summary>The message of <see cref="Throws"/>' exception.</summary>
    public const string ThrowsMessage = "outerloops: this model fails on purpose";

    internal static readonly bool[] Observed = [true, true, false, true, true, false];
    internal static readonly double[] Accuracies = [0.6, 0.75, 0.9];
    internal static readonly double[] Ys = [0.4, 1.1, 0.7, 1.6, 1.2];

    /// <summary>Smc2Tests' model, returning the accuracy's index.</summary>
    public static Model<int> AccuracyModel() =>
        from a in Sample("accuracy", Categorical(0.1, 0.2, 0.7))
        from last in Fold("z", Observed.Length, false, (prev, t) =>
            from z in Sample("z", Bernoulli(t == 0 ? 0.5 : prev ? 0.8 : 0.3))
            from _ in Observe(Bernoulli(z ? Accuracies[a] : 1 - Accuracies[a]), Observed[t])
            select z)
        select a;

    /// <summary>x_t ~ N(q + x_{t−1}/2, 1), y_t ~ N(x_t, 1/2); returns x_T.</summary>
    public static Model<double> DriftModel() =>
        from q in Sample("q", Normal(0, 1))
        from last in Fold("x", Ys.Length, 0.0, (prev, t) =>
            from x in Sample("x", Normal(q + 0.5 * prev, 1))
            from _ in Observe(Normal(x, 0.5), Ys[t])
            select x.Value)
        select last;

    private static Model<double> ThrowingModel() =>
        from q in Sample("q", Normal(0, 1))
        select Fail(q.Value);

    private static double Fail(double q) => throw new InvalidOperationException($"{ThrowsMessage} (q = {q}).");

    /// <inheritdoc />
    public void Register(ModelCatalog catalog) =>
        catalog.Add(Accuracy, AccuracyModel()).Add(Drift, DriftModel()).Add(Throws, ThrowingModel());
}
