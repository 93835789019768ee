namespace Probabilistic.Inference;

/// <summary>
/// Nesterov dual averaging of log ε towards a target mean acceptance statistic δ (Hoffman &amp; Gelman 2014, "The No-U-Turn
/// Sampler", JMLR 15, §3.2, Algorithm 5; Stan's <c>stepsize_adaptation</c> with γ = 0.05, κ = 0.75, t₀ = 10,
/// μ = log(10 ε₀)). One instance tunes one chain's step size: call <see cref="Learn"/> after each warmup transition
/// with its acceptance statistic, sample with <see cref="Final"/>, and <see cref="Restart(double)"/> where the target
/// changes (Stan restarts it at the end of each metric window, <see cref="WindowedAdaptation"/>). Shared by the scalar
/// HMC/NUTS kernel and the vectorized tensor HMC.
/// </summary>
public sealed class DualAveraging
{
    private const double Gamma = 0.05, Kappa = 0.75, T0 = 10;
    private readonly double _delta;
    private double _counter, _sBar, _xBar;

    /// <summary>Creates the adaptation with target mean acceptance statistic <paramref name="delta"/> (Stan's <c>adapt_delta</c>) and μ = 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is not in (0, 1).</exception>
    public DualAveraging(double delta)
    {
        if (!(delta is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(delta), delta, "DualAveraging: the target acceptance statistic must lie in (0, 1).");
        _delta = delta;
    }

    /// <summary>Creates the adaptation with target <paramref name="delta"/>, shrinking towards μ = log(10 <paramref name="stepSize"/>).</summary>
    public DualAveraging(double delta, double stepSize) : this(delta) => Restart(stepSize);

    /// <summary>The point log ε is shrunk towards, μ (Stan: log(10 ε₀)).</summary>
    public double Mu { get; set; }

    /// <summary>Forgets every update (the counter and both averages), keeping <see cref="Mu"/>.</summary>
    public void Restart()
    {
        _counter = 0;
        _sBar = 0;
        _xBar = 0;
    }

    /// <summary>Restarts from the step size <paramref name="stepSize"/>: μ = log(10 ε), then <see cref="Restart()"/> (as Stan after a metric update).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stepSize"/> is not positive and finite.</exception>
    public void Restart(double stepSize)
    {
        if (!(stepSize > 0 && double.IsFinite(stepSize))) throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, "DualAveraging: the step size must be positive and finite.");
        Mu = Math.Log(10 * stepSize);
        Restart();
    }

    /// <summary>
    /// Updates with one transition's acceptance statistic (values above 1 count as 1; NaN, from a diverged trajectory, as 0);
    /// returns the next step size, exp(x_t).
    /// </summary>
    public double Learn(double acceptStat)
    {
        _counter++;
        if (acceptStat > 1) acceptStat = 1;
        if (double.IsNaN(acceptStat)) acceptStat = 0;
        double eta = 1.0 / (_counter + T0);
        _sBar = (1 - eta) * _sBar + eta * (_delta - acceptStat);
        double x = Mu - _sBar * Math.Sqrt(_counter) / Gamma;
        double xEta = Math.Pow(_counter, -Kappa);
        _xBar = (1 - xEta) * _xBar + xEta * x;
        return Math.Exp(x);
    }

    /// <summary>The state (counter, averaged error s̄, averaged iterate x̄), for a chain's checkpoint.</summary>
    internal (double Counter, double SBar, double XBar) Export() => (_counter, _sBar, _xBar);

    /// <summary>Restores a state taken by <see cref="Export"/> (with <see cref="Mu"/> set separately).</summary>
    internal void Import(double counter, double sBar, double xBar)
    {
        _counter = counter;
        _sBar = sBar;
        _xBar = xBar;
    }

    /// <summary>Updates since the last restart.</summary>
    public int Count => (int)_counter;

    /// <summary>The step size for sampling: exp of the averaged iterate (meaningless while <see cref="Count"/> is 0, when it is exp(0) = 1).</summary>
    public double Final => Math.Exp(_xBar);
}
