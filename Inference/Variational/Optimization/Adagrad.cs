namespace Probabilistic.Inference.Variational;

/// <summary>
/// Adagrad (Duchi, Hazan &amp; Singer, "Adaptive Subgradient Methods for Online Learning and Stochastic
/// Optimization", JMLR 12, 2011, diagonal form), with PyTorch's <c>torch.optim.Adagrad</c> options. At step
/// t = 1, 2, … with rate α_t from the schedule and g = ∇ (negated when maximizing):
/// <code>
/// g ← g + λθ,   α̃ = α_t / (1 + (t − 1)η)        (η: rate decay)
/// s ← s + g²                                     (s starts at the initial accumulator value)
/// θ ← θ − α̃ g / (√s + ε)
/// </code>
/// </summary>
public sealed class Adagrad : IStatefulOptimizer
{
    private double[] _sum = [];
    private int _length = -1;

    /// <summary>An Adagrad optimizer; defaults are PyTorch's (lr 10⁻², no rate decay or weight decay, s₀ = 0, ε = 10⁻¹⁰).</summary>
    /// <param name="learningRate">The base rate α (positive), scaled per step by <paramref name="schedule"/>.</param>
    /// <param name="rateDecay">η ≥ 0 (PyTorch's <c>lr_decay</c>).</param>
    /// <param name="weightDecay">λ ≥ 0, an L2 penalty added to the gradient.</param>
    /// <param name="initialAccumulatorValue">s₀ ≥ 0, the initial sum of squared gradients.</param>
    /// <param name="epsilon">ε &gt; 0 added to √s.</param>
    /// <param name="maximize">Ascend the gradient given.</param>
    /// <param name="schedule">The learning-rate schedule; null for a constant rate.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its range; the exception names it and its value.</exception>
    public Adagrad(double learningRate = 1e-2, double rateDecay = 0, double weightDecay = 0, double initialAccumulatorValue = 0,
        double epsilon = 1e-10, bool maximize = false, ILearningRateSchedule? schedule = null)
    {
        OptimizerArguments.RequirePositive(nameof(Adagrad), nameof(learningRate), learningRate);
        OptimizerArguments.RequireNonNegative(nameof(Adagrad), nameof(rateDecay), rateDecay);
        OptimizerArguments.RequireNonNegative(nameof(Adagrad), nameof(weightDecay), weightDecay);
        OptimizerArguments.RequireNonNegative(nameof(Adagrad), nameof(initialAccumulatorValue), initialAccumulatorValue);
        OptimizerArguments.RequirePositive(nameof(Adagrad), nameof(epsilon), epsilon);
        (LearningRate, RateDecay, WeightDecay, InitialAccumulatorValue, Epsilon, Maximize) =
            (learningRate, rateDecay, weightDecay, initialAccumulatorValue, epsilon, maximize);
        Schedule = schedule ?? LearningRateSchedule.Constant();
    }

    /// <summary>The base learning rate α.</summary>
    public double LearningRate { get; }

    /// <summary>The rate decay η.</summary>
    public double RateDecay { get; }

    /// <summary>The weight decay λ.</summary>
    public double WeightDecay { get; }

    /// <summary>The initial sum of squared gradients s₀.</summary>
    public double InitialAccumulatorValue { get; }

    /// <summary>ε, added to √s.</summary>
    public double Epsilon { get; }

    /// <summary>Whether the optimizer ascends the gradient.</summary>
    public bool Maximize { get; }

    /// <summary>The learning-rate schedule.</summary>
    public ILearningRateSchedule Schedule { get; }

    /// <inheritdoc/>
    public int Steps { get; private set; }

    /// <inheritdoc/>
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient)
    {
        OptimizerArguments.CheckStep(nameof(Adagrad), parameters, gradient, _length, Steps);
        double rate = OptimizerArguments.Rate(nameof(Adagrad), Schedule, Steps, LearningRate) / (1 + Steps * RateDecay);
        if (_length < 0) Allocate(parameters.Length);
        double sign = Maximize ? -1 : 1, lambda = WeightDecay, eps = Epsilon;
        var sum = _sum.AsSpan(0, parameters.Length);
        for (int i = 0; i < parameters.Length; i++)
        {
            double theta = parameters[i];
            double g = sign * gradient[i] + lambda * theta;
            double s = sum[i] += g * g;
            parameters[i] = theta - rate * g / (Math.Sqrt(s) + eps);
        }
        Steps++;
    }

    /// <inheritdoc/>
    public void Reset()
    {
        _length = -1;
        Steps = 0;
    }

    /// <inheritdoc/>
    public OptimizerState Capture() => new(nameof(Adagrad), Settings, Steps, _length, OptimizerStates.Copy(_length, _sum));

    /// <inheritdoc/>
    public void Restore(OptimizerState state)
    {
        var buffers = OptimizerStates.Check(state, nameof(Adagrad), Settings, 1);
        Reset();
        if (state.Length >= 0)
        {
            _sum = OptimizerStates.Take(buffers, 0, []);
            if (_sum.Length != state.Length)
                throw new ArgumentException($"Adagrad: the state's sums have {_sum.Length} values for a vector of length {state.Length}.", nameof(state));
        }
        _length = state.Length;
        Steps = state.Steps;
    }

    private string Settings => OptimizerStates.Describe(LearningRate, RateDecay, WeightDecay, InitialAccumulatorValue, Epsilon, Maximize, Schedule);

    private void Allocate(int length)
    {
        if (_sum.Length != length) _sum = new double[length];
        Array.Fill(_sum, InitialAccumulatorValue);
        _length = length;
    }
}
