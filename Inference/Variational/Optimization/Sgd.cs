namespace Probabilistic.Inference.Variational;

/// <summary>
/// Stochastic gradient descent with momentum, as PyTorch's <c>torch.optim.SGD</c> (its documented algorithm,
/// which uses the momentum form of Sutskever, Martens, Dahl &amp; Hinton, "On the importance of initialization and
/// momentum in deep learning", ICML 2013, §2, with the rate outside the buffer). At step t = 1, 2, … with rate
/// α_t from the schedule and g = ∇ (negated when maximizing):
/// <code>
/// g ← g + λθ                                   (weight decay)
/// b ← g                       if t = 1          (momentum μ ≠ 0)
/// b ← μb + (1 − τ)g           if t &gt; 1          (τ: dampening)
/// g ← g + μb   (Nesterov)     or   g ← b
/// θ ← θ − α_t g
/// </code>
/// </summary>
public sealed class Sgd : IStatefulOptimizer
{
    private double[] _buffer = [];
    private int _length = -1;

    /// <summary>An SGD optimizer; defaults are PyTorch's (lr 10⁻³, no momentum, dampening or weight decay).</summary>
    /// <param name="learningRate">The base rate α (positive), scaled per step by <paramref name="schedule"/>.</param>
    /// <param name="momentum">μ ∈ [0, 1); 0 for plain SGD.</param>
    /// <param name="dampening">τ ∈ [0, 1], the damping of the gradient in the momentum buffer after the first step.</param>
    /// <param name="nesterov">Nesterov momentum (requires μ &gt; 0 and τ = 0, as PyTorch).</param>
    /// <param name="weightDecay">λ ≥ 0, an L2 penalty added to the gradient.</param>
    /// <param name="maximize">Ascend the gradient given (for objectives such as the ELBO).</param>
    /// <param name="schedule">The learning-rate schedule; null for a constant rate.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its range; the exception names it and its value.</exception>
    /// <exception cref="ArgumentException">Nesterov momentum with μ = 0 or τ ≠ 0.</exception>
    public Sgd(double learningRate = 1e-3, double momentum = 0, double dampening = 0, bool nesterov = false,
        double weightDecay = 0, bool maximize = false, ILearningRateSchedule? schedule = null)
    {
        OptimizerArguments.RequirePositive(nameof(Sgd), nameof(learningRate), learningRate);
        OptimizerArguments.RequireDecay(nameof(Sgd), nameof(momentum), momentum);
        OptimizerArguments.Require(dampening >= 0 && dampening <= 1, nameof(Sgd), nameof(dampening), dampening, "in [0, 1]");
        OptimizerArguments.RequireNonNegative(nameof(Sgd), nameof(weightDecay), weightDecay);
        if (nesterov && (momentum == 0 || dampening != 0))
            throw new ArgumentException(
                $"Sgd: Nesterov momentum requires momentum > 0 and dampening = 0, but momentum is {momentum} and dampening is {dampening}.", nameof(nesterov));
        (LearningRate, Momentum, Dampening, Nesterov, WeightDecay, Maximize) = (learningRate, momentum, dampening, nesterov, weightDecay, maximize);
        Schedule = schedule ?? LearningRateSchedule.Constant();
    }

    /// <summary>The base learning rate α.</summary>
    public double LearningRate { get; }

    /// <summary>The momentum μ.</summary>
    public double Momentum { get; }

    /// <summary>The dampening τ.</summary>
    public double Dampening { get; }

    /// <summary>Whether momentum is Nesterov's.</summary>
    public bool Nesterov { get; }

    /// <summary>The weight decay λ.</summary>
    public double WeightDecay { get; }

    /// <summary>Whether the optimizer ascends the gradient.</summary>
    public bool Maximize { get; }

    /// <summary>The learning-rate schedule.</summary>
    public ILearningRateSchedule Schedule { get; }

    /// <inheritdoc/>
    public int Steps { get; private set; }

    /// <inheritdoc/>
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient)
    {
        OptimizerArguments.CheckStep(nameof(Sgd), parameters, gradient, _length, Steps);
        double rate = OptimizerArguments.Rate(nameof(Sgd), Schedule, Steps, LearningRate);
        if (_length < 0) Allocate(parameters.Length);
        double sign = Maximize ? -1 : 1, mu = Momentum, keep = 1 - Dampening, lambda = WeightDecay;
        bool first = Steps == 0, nesterov = Nesterov;
        var buffer = _buffer.AsSpan(0, mu != 0 ? parameters.Length : 0);
        for (int i = 0; i < parameters.Length; i++)
        {
            double theta = parameters[i];
            double g = sign * gradient[i] + lambda * theta;
            if (mu != 0)
            {
                double b = buffer[i] = first ? g : mu * buffer[i] + keep * g;
                g = nesterov ? g + mu * b : b;
            }
            parameters[i] = theta - rate * g;
        }
        Steps++;
    }

    /// <inheritdoc/>
    public void Reset()
    {
        Array.Clear(_buffer);
        _length = -1;
        Steps = 0;
    }

    /// <inheritdoc/>
    public OptimizerState Capture() => new(nameof(Sgd), Settings, Steps, _length, OptimizerStates.Copy(_length, _buffer));

    /// <inheritdoc/>
    public void Restore(OptimizerState state)
    {
        var buffers = OptimizerStates.Check(state, nameof(Sgd), Settings, 1);
        Reset();
        if (state.Length >= 0)
        {
            _buffer = OptimizerStates.Take(buffers, 0, []);
            if (_buffer.Length != (Momentum != 0 ? state.Length : 0))
                throw new ArgumentException($"Sgd: the state's momentum buffer has {_buffer.Length} values for a vector of length {state.Length}.", nameof(state));
        }
        _length = state.Length;
        Steps = state.Steps;
    }

    private string Settings => OptimizerStates.Describe(LearningRate, Momentum, Dampening, Nesterov, WeightDecay, Maximize, Schedule);

    private void Allocate(int length)
    {
        if (Momentum != 0 && _buffer.Length != length) _buffer = new double[length];
        _length = length;
    }
}
