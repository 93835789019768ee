using Probabilistic.Numerics;

namespace Probabilistic.Inference.Variational;

/// <summary>
/// A variational objective to maximize, as a value: it draws from the guide, scores under the model, and builds a
/// surrogate whose gradient is an unbiased estimate of the objective's gradient, each guide choice contributing by
/// its own estimator (reparameterized values carry their gradient; score-function choices add (f − b)·log q)
/// (genjax.vi: Becker et al., PLDI 2024; Schulman et al. 2015, "Gradient estimation using stochastic computation graphs").
/// Every objective, built-in or user-written, is averaged over <see cref="Particles"/> independent estimates per step
/// (<see cref="EstimateBatch{TScalar}"/>, as Pyro's <c>num_particles</c>), and can be evaluated at fixed parameters with
/// <see cref="Evaluate{T}"/>.
/// </summary>
public abstract record Objective
{
    /// <summary>An objective averaged over one estimate per step.</summary>
    protected Objective() { }

    /// <summary>An objective averaged over <paramref name="particles"/> independent estimates per step.</summary>
    protected Objective(int particles) => Particles = particles;

    /// <summary>A short name for messages and reports.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Independent estimates averaged per optimization step (Pyro's <c>num_particles</c>), at least 1: the average has the
    /// same expectation as one estimate and 1/<see cref="Particles"/> of its variance. It applies to every objective
    /// (<c>new Iwelbo(5) { Particles = 8 }</c>: 8 independent IWELBO(5) estimates averaged).
    /// </summary>
    public int Particles { get; init; } = 1;

    /// <summary>
    /// One estimate: a surrogate on the tape whose gradient is an unbiased estimate of the objective's gradient, and
    /// the objective's value. Write a new objective from <see cref="ObjectiveContext{TScalar}.Draw"/>,
    /// <see cref="ObjectiveContext{TScalar}.LogJoint"/>, <see cref="GuideDraw{TScalar}.LogQ"/> and <see cref="ObjectiveContext{TScalar}.ScoreTerms"/>
    /// (the score-function part for guide choices that are not reparameterized, given the reward they multiply), and
    /// <see cref="ObjectiveContext{TScalar}.BranchTerms"/> (the part for choices whose estimator branches).
    /// The fitting loops call <see cref="EstimateBatch{TScalar}"/>, which averages <see cref="Particles"/> of these.
    /// </summary>
    /// <typeparam name="TScalar">The backend's differentiable scalar (<see cref="Real"/> on the scalar tape, a tensor in the
    /// tensor backend): an objective written against <see cref="IDifferentiableScalar{TSelf}"/> runs on both.</typeparam>
    public abstract (TScalar Surrogate, double Value) Estimate<TScalar>(ObjectiveContext<TScalar> context)
        where TScalar : IDifferentiableScalar<TScalar>;

    /// <summary>
    /// The average of <see cref="Particles"/> independent <see cref="Estimate{TScalar}"/>s: the surrogates and the values
    /// each averaged. This is what <see cref="Infer.Svi{T}"/> and the tensor backend's fitting loop differentiate at each step.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Particles"/> is less than 1.</exception>
    public (TScalar Surrogate, double Value) EstimateBatch<TScalar>(ObjectiveContext<TScalar> context)
        where TScalar : IDifferentiableScalar<TScalar>
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Particles < 1) throw new ArgumentOutOfRangeException(nameof(Particles), Particles, $"{Name}: Particles must be at least 1.");
        var surrogate = TScalar.FromDouble(0);
        double value = 0;
        for (int n = 0; n < Particles; n++)
        {
            var (s, f) = Estimate(context);
            context.CheckBranchTermsFormed(Name);
            surrogate += s;
            value += f;
        }
        return (surrogate / Particles, value / Particles);
    }

    /// <summary>
    /// The objective at fixed parameters, without training: the mean of <paramref name="samples"/> independent
    /// estimates (<see cref="Estimate{TScalar}"/>, one each: <see cref="Particles"/> does not change the expectation) and
    /// its Monte Carlo standard error s/√n (s the estimates' sample standard deviation). No gradient is taken and no
    /// parameter value changes; a parameter the store does not hold yet is created at its initial value, as a fit's first
    /// step does. Score-function baselines do not affect the value.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="guide">The guide.</param>
    /// <param name="parameters">The parameters (of the guide, and of the model where it has <c>Param</c>s), e.g. a fit's <see cref="VariationalFit{TParameters}.Parameters"/>.</param>
    /// <param name="samples">Independent estimates to average, at least 2 (for the standard error).</param>
    /// <param name="observations">Values of the model's observed choices; null for none.</param>
    /// <param name="seed">Seeds the guide's draws.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="samples"/> is less than 2.</exception>
    /// <exception cref="ModelException">The guide and the model disagree (an address, a support), or an estimate is not finite.</exception>
    public ObjectiveEstimate Evaluate<T>(Model<T> model, Guide guide, ParameterStore parameters, int samples, ChoiceMap? observations = null, ulong seed = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(guide);
        ArgumentNullException.ThrowIfNull(parameters);
        if (samples < 2) throw new ArgumentOutOfRangeException(nameof(samples), samples, $"{Name}.Evaluate: samples must be at least 2 (the standard error needs two estimates).");
        observations ??= ChoiceMap.Empty;
        var store = parameters;
        var rng = new Rng(seed);
        var scorer = new ModelScorer<T>(model, observations, store, Name);
        scorer.CheckSupports(guide.Sample(store, new Rng(seed, 0x1A)));
        var context = new TapeObjectiveContext(scorer.LogJoint, guide, store, rng, []);
        double mean = 0, m2 = 0;
        for (int n = 0; n < samples; n++)
        {
            var (_, value) = Estimate(context); // parameters read as constants: no store gradient is open
            context.CheckBranchTermsFormed(Name);
            context.EndEstimate();
            if (!double.IsFinite(value))
                throw new ModelException($"{Name}.Evaluate: estimate {n} is {value:R}; the guide proposed a value the model gives no density (check supports).");
            double delta = value - mean; // Welford's update
            mean += delta / (n + 1);
            m2 += delta * (value - mean);
        }
        return new ObjectiveEstimate(mean, Math.Sqrt(m2 / (samples - 1) / samples), samples);
    }
}

/// <summary>An objective's value estimated at fixed parameters (<see cref="Objective.Evaluate{T}"/>).</summary>
/// <param name="Value">The mean of the independent estimates.</param>
/// <param name="StandardError">Its Monte Carlo standard error: the estimates' standard deviation over √<paramref name="Samples"/>.</param>
/// <param name="Samples">The number of estimates.</param>
public readonly record struct ObjectiveEstimate(double Value, double StandardError, int Samples);
