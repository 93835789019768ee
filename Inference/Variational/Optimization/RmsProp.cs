namespace Probabilistic.Inference.Variational;

/// <summary>
/// RMSProp (Tieleman &amp; Hinton, COURSERA "Neural Networks for Machine Learning", lecture 6.5, 2012; the centered
/// variant from Graves, "Generating Sequences With Recurrent Neural Networks", 2013, eqs. 38–41), with PyTorch's
/// <c>torch.optim.RMSprop</c> options. At each step, with rate α_t from the schedule and g = ∇ (negated when maximizing):
/// <code>
/// g ← g + λθ
/// v ← ρv + (1 − ρ)g²,   ṽ = v   or, centered,   ḡ ← ρḡ + (1 − ρ)g,  ṽ = v − ḡ²
/// b ← μb + g / (√ṽ + ε),  θ ← θ − α_t b      (momentum μ &gt; 0)
/// θ ← θ − α_t g / (√ṽ + ε)                   (μ = 0)
/// </code>
/// </summary>
public sealed class RmsProp : IStatefulOptimizer
{
    private double[] _square = [], _mean = [], _buffer = [];
    private int _length = -1;

    /// <summary>An RMSProp optimizer; defaults are PyTorch's (lr 10⁻², ρ = 0.99, ε = 10⁻⁸, no weight decay or momentum, uncentered).</summary>
    /// <param name="learningRate">The base rate α (positive), scaled per step by <paramref name="schedule"/>.</param>
    /// <param name="alpha">The decay ρ ∈ [0, 1) of the squared-gradient average (PyTorch's <c>alpha</c>).</param>
    /// <param name="epsilon">ε &gt; 0 added to √ṽ.</param>
    /// <param name="weightDecay">λ ≥ 0, an L2 penalty added to the gradient.</param>
    /// <param name="momentum">μ ∈ [0, 1).</param>
    /// <param name="centered">Normalize by an estimate of the gradient's variance instead of its second moment.</param>
    /// <param name="maximize">Ascend the gradient given.</param>
    /// <param name="schedule">The learning-rate schedule; null for a constant rate.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its range; the exception names it and its value.</exception>
    public RmsProp(double learningRate = 1e-2, double alpha = 0.99, double epsilon = 1e-8, double weightDecay = 0,
        double momentum = 0, bool centered = false, bool maximize = false, ILearningRateSchedule? schedule = null)
    {
        OptimizerArguments.RequirePositive(nameof(RmsProp), nameof(learningRate), learningRate);
        OptimizerArguments.RequireDecay(nameof(RmsProp), nameof(alpha), alpha);
        OptimizerArguments.RequirePositive(nameof(RmsProp), nameof(epsilon), epsilon);
        OptimizerArguments.RequireNonNegative(nameof(RmsProp), nameof(weightDecay), weightDecay);
        OptimizerArguments.RequireDecay(nameof(RmsProp), nameof(momentum), momentum);
        (LearningRate, Alpha, Epsilon, WeightDecay, Momentum, Centered, Maximize) =
            (learningRate, alpha, epsilon, weightDecay, momentum, centered, maximize);
        Schedule = schedule ?? LearningRateSchedule.Constant();
    }

    /// <summary>The base learning rate α.</summary>
    public double LearningRate { get; }

    /// <summary>The decay ρ of the averages.</summary>
    public double Alpha { get; }

    /// <summary>ε, added to √ṽ.</summary>
    public double Epsilon { get; }

    /// <summary>The weight decay λ.</summary>
    public double WeightDecay { get; }

    /// <summary>The momentum μ.</summary>
    public double Momentum { get; }

    /// <summary>Whether the variance estimate is centered.</summary>
    public bool Centered { get; }

    /// <summary>Whether the optimizer ascends the gradient.</summary>
    public bool Maximize { get; }

    /// <summary>The learning-rate schedule.</summary>
    public ILearningRateSchedule Schedule { get; }

    /// <inheritdoc/>
    public int Steps { get; private set; }

    /// <inheritdoc/>
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient)
    {
        OptimizerArguments.CheckStep(nameof(RmsProp), parameters, gradient, _length, Steps);
        double rate = OptimizerArguments.Rate(nameof(RmsProp), Schedule, Steps, LearningRate);
        if (_length < 0) Allocate(parameters.Length);
        double sign = Maximize ? -1 : 1, lambda = WeightDecay, rho = Alpha, mu = Momentum, eps = Epsilon;
        for (int i = 0; i < parameters.Length; i++)
        {
            double theta = parameters[i];
            double g = sign * gradient[i] + lambda * theta;
            double v = _square[i] = rho * _square[i] + (1 - rho) * (g * g);
            if (Centered)
            {
                double mean = _mean[i] = rho * _mean[i] + (1 - rho) * g;
                v -= mean * mean;
            }
            double scaled = g / (Math.Sqrt(v) + eps);
            parameters[i] = theta - rate * (mu > 0 ? _buffer[i] = mu * _buffer[i] + scaled : scaled);
        }
        Steps++;
    }

    /// <inheritdoc/>
    public void Reset()
    {
        Array.Clear(_square);
        Array.Clear(_mean);
        Array.Clear(_buffer);
        _length = -1;
        Steps = 0;
    }

    /// <inheritdoc/>
    public OptimizerState Capture() => new(nameof(RmsProp), Settings, Steps, _length, OptimizerStates.Copy(_length, _square, _mean, _buffer));

    /// <inheritdoc/>
    public void Restore(OptimizerState state)
    {
        var buffers = OptimizerStates.Check(state, nameof(RmsProp), Settings, 3);
        Reset();
        if (state.Length >= 0)
        {
            (_square, _mean, _buffer) = (OptimizerStates.Take(buffers, 0, []), OptimizerStates.Take(buffers, 1, []), OptimizerStates.Take(buffers, 2, []));
            if (_square.Length != state.Length || _mean.Length != (Centered ? state.Length : 0) || _buffer.Length != (Momentum > 0 ? state.Length : 0))
                throw new ArgumentException($"RmsProp: the state's buffers do not fit a vector of length {state.Length} with these settings.", nameof(state));
        }
        _length = state.Length;
        Steps = state.Steps;
    }

    private string Settings => OptimizerStates.Describe(LearningRate, Alpha, Epsilon, WeightDecay, Momentum, Centered, Maximize, Schedule);

    private void Allocate(int length)
    {
        if (_square.Length != length)
        {
            _square = new double[length];
            _mean = Centered ? new double[length] : [];
            _buffer = Momentum > 0 ? new double[length] : [];
        }
        _length = length;
    }
}
