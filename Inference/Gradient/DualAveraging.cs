namespace Probabilistic.Inference;

/// <summary>
/// Nesterov dual averaging of log ε towards a target mean acceptance statistic δ (Hoffman &amp; Gelman 2014,
/// JMLR 15, §3.2; Stan's <c>stepsize_adaptation</c> with γ = 0.05, κ = 0.75, t₀ = 10, μ = log(10 ε₀)).
/// </summary>
internal sealed class DualAveraging(double delta)
{
    private const double Gamma = 0.05, Kappa = 0.75, T0 = 10;
    private double _counter, _sBar, _xBar;

    public double Mu { get; set; }

    public void Restart()
    {
        _counter = 0;
        _sBar = 0;
        _xBar = 0;
    }

    /// <summary>Updates with one transition's acceptance statistic; returns the next step size.</summary>
    public double Learn(double acceptStat)
    {
        _counter++;
        if (acceptStat > 1) acceptStat = 1;
        double eta = 1.0 / (_counter + T0);
        _sBar = (1 - eta) * _sBar + eta * (delta - acceptStat);
        double x = Mu - _sBar * Math.Sqrt(_counter) / Gamma;
        double xEta = Math.Pow(_counter, -Kappa);
        _xBar = (1 - xEta) * _xBar + xEta * x;
        return Math.Exp(x);
    }

    /// <summary>Updates since the last <see cref="Restart"/>.</summary>
    public int Count => (int)_counter;

    /// <summary>The step size for sampling: exp of the averaged iterate (meaningless while <see cref="Count"/> is 0, when it is exp(0) = 1).</summary>
    public double Final => Math.Exp(_xBar);
}
