namespace Probabilistic.Inference.Variational;

/// <summary>
/// Adam (Kingma &amp; Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015, Algorithm 1), with PyTorch's
/// <c>torch.optim.Adam</c> options. At step t = 1, 2, … with rate α_t from the schedule and g = ∇ (negated when
/// maximizing):
/// <code>
/// g ← g + λθ                                    (weight decay, coupled: an L2 penalty in the gradient)
/// m ← β₁m + (1 − β₁)g,   v ← β₂v + (1 − β₂)g²
/// m̂ = m / (1 − β₁ᵗ),    v̂ = v / (1 − β₂ᵗ)           (bias correction, §2 and §3 of the paper)
/// θ ← θ − α_t m̂ / (√v̂ + ε)
/// </code>
/// With <c>amsgrad</c> (Reddi, Kale &amp; Kumar, "On the Convergence of Adam and Beyond", ICLR 2018, as PyTorch),
/// v̂ uses v_max ← max(v_max, v) instead of v. With <c>decoupledWeightDecay</c> (Loshchilov &amp; Hutter,
/// "Decoupled Weight Decay Regularization", ICLR 2019; PyTorch's <c>AdamW</c>), the gradient is not penalized and
/// instead θ ← θ(1 − α_t λ) before the update; see <see cref="AdamW"/>.
/// </summary>
public class Adam : IStatefulOptimizer
{
    private double[] _m = [], _v = [], _vMax = [];
    private int _length = -1;
    private readonly string _name;

    /// <summary>An Adam optimizer; defaults are PyTorch's (lr 10⁻³, β = (0.9, 0.999), ε = 10⁻⁸, no weight decay).</summary>
    /// <param name="learningRate">The base rate α (positive), scaled per step by <paramref name="schedule"/>.</param>
    /// <param name="beta1">Decay β₁ ∈ [0, 1) of the first-moment estimate.</param>
    /// <param name="beta2">Decay β₂ ∈ [0, 1) of the second-moment estimate.</param>
    /// <param name="epsilon">ε &gt; 0 added to √v̂.</param>
    /// <param name="weightDecay">λ ≥ 0.</param>
    /// <param name="amsgrad">Use the running maximum of v (AMSGrad).</param>
    /// <param name="maximize">Ascend the gradient given (for objectives such as the ELBO).</param>
    /// <param name="schedule">The learning-rate schedule; null for a constant rate.</param>
    /// <param name="decoupledWeightDecay">Decay θ directly (AdamW) instead of adding λθ to the gradient.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its range; the exception names it and its value.</exception>
    public Adam(double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8,
        double weightDecay = 0, bool amsgrad = false, bool maximize = false, ILearningRateSchedule? schedule = null,
        bool decoupledWeightDecay = false)
    {
        string owner = _name = GetType().Name;
        OptimizerArguments.RequirePositive(owner, nameof(learningRate), learningRate);
        OptimizerArguments.RequireDecay(owner, nameof(beta1), beta1);
        OptimizerArguments.RequireDecay(owner, nameof(beta2), beta2);
        OptimizerArguments.RequirePositive(owner, nameof(epsilon), epsilon);
        OptimizerArguments.RequireNonNegative(owner, nameof(weightDecay), weightDecay);
        (LearningRate, Beta1, Beta2, Epsilon, WeightDecay) = (learningRate, beta1, beta2, epsilon, weightDecay);
        (Amsgrad, Maximize, DecoupledWeightDecay) = (amsgrad, maximize, decoupledWeightDecay);
        Schedule = schedule ?? LearningRateSchedule.Constant();
    }

    /// <summary>The base learning rate α.</summary>
    public double LearningRate { get; }

    /// <summary>The first-moment decay β₁.</summary>
    public double Beta1 { get; }

    /// <summary>The second-moment decay β₂.</summary>
    public double Beta2 { get; }

    /// <summary>ε, added to √v̂.</summary>
    public double Epsilon { get; }

    /// <summary>The weight decay λ.</summary>
    public double WeightDecay { get; }

    /// <summary>Whether v̂ uses the running maximum of v (AMSGrad).</summary>
    public bool Amsgrad { get; }

    /// <summary>Whether the optimizer ascends the gradient.</summary>
    public bool Maximize { get; }

    /// <summary>Whether weight decay is decoupled from the gradient (AdamW).</summary>
    public bool DecoupledWeightDecay { get; }

    /// <summary>The learning-rate schedule.</summary>
    public ILearningRateSchedule Schedule { get; }

    /// <inheritdoc/>
    public int Steps { get; private set; }

    /// <inheritdoc/>
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient)
    {
        string owner = _name;
        OptimizerArguments.CheckStep(owner, parameters, gradient, _length, Steps);
        double rate = OptimizerArguments.Rate(owner, Schedule, Steps, LearningRate);
        if (_length < 0) Allocate(parameters.Length);
        int t = Steps + 1;
        double stepSize = rate / (1 - Math.Pow(Beta1, t));
        double sqrtCorrection2 = Math.Sqrt(1 - Math.Pow(Beta2, t));
        int n = parameters.Length;
        var coefficients = new AdamKernel.Coefficients(
            Sign: Maximize ? -1 : 1,
            Coupled: DecoupledWeightDecay ? 0 : WeightDecay,
            Shrink: DecoupledWeightDecay ? 1 - rate * WeightDecay : 1,
            Beta1, Beta2, stepSize, sqrtCorrection2, Epsilon);
        AdamKernel.Apply(coefficients, parameters, gradient, _m.AsSpan(0, n), _v.AsSpan(0, n), Amsgrad ? _vMax.AsSpan(0, n) : default, Amsgrad);
        Steps = t;
    }

    /// <inheritdoc/>
    public void Reset()
    {
        Array.Clear(_m);
        Array.Clear(_v);
        Array.Clear(_vMax);
        _length = -1;
        Steps = 0;
    }

    /// <inheritdoc/>
    public OptimizerState Capture() => new(_name, Settings, Steps, _length, OptimizerStates.Copy(_length, _m, _v, _vMax));

    /// <inheritdoc/>
    public void Restore(OptimizerState state)
    {
        var buffers = OptimizerStates.Check(state, _name, Settings, 3);
        Reset();
        if (state.Length >= 0)
        {
            (_m, _v, _vMax) = (OptimizerStates.Take(buffers, 0, []), OptimizerStates.Take(buffers, 1, []), OptimizerStates.Take(buffers, 2, []));
            if (_m.Length != state.Length || _v.Length != state.Length || _vMax.Length != (Amsgrad ? state.Length : 0))
                throw new ArgumentException($"{_name}: the state's moments do not have the vector's length {state.Length}{(Amsgrad ? " (AMSGrad keeps three)" : "")}.", nameof(state));
        }
        _length = state.Length;
        Steps = state.Steps;
    }

    private string Settings => OptimizerStates.Describe(LearningRate, Beta1, Beta2, Epsilon, WeightDecay, Amsgrad, Maximize, DecoupledWeightDecay, Schedule);

    private void Allocate(int length)
    {
        if (_m.Length != length)
        {
            _m = new double[length];
            _v = new double[length];
            _vMax = Amsgrad ? new double[length] : [];
        }
        _length = length;
    }
}
