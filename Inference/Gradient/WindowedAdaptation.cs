namespace Probabilistic.Inference;

/// <summary>
/// Stan's windowed warmup schedule (<c>windowed_adaptation</c>): an initial fast buffer (75 iterations by
/// default) adapting only the step size, then slow windows (25, 50, 100, … iterations, the last stretched to
/// the terminal buffer) at whose ends the metric is re-estimated, then a terminal fast buffer (50). With too
/// few warmup iterations for the configured buffers it uses 15% / 75% / 10% of them, as Stan does; under 20
/// it adapts only the step size (Stan Reference Manual, "HMC algorithm parameters", "Automatic parameter tuning").
/// </summary>
internal sealed class WindowedAdaptation
{
    private readonly int _warmup;
    private readonly int _initBuffer, _termBuffer;
    private int _windowSize, _nextWindow, _counter;

    public WindowedAdaptation(int warmup, int initBuffer, int termBuffer, int baseWindow)
    {
        _warmup = warmup;
        if (warmup < 20)
        {
            MetricAdapted = false;
            _initBuffer = warmup;
            _termBuffer = 0;
            _windowSize = 0;
            _nextWindow = -1;
            return;
        }
        MetricAdapted = true;
        if (initBuffer + baseWindow + termBuffer > warmup)
        {
            initBuffer = (int)(0.15 * warmup);
            termBuffer = (int)(0.1 * warmup);
            baseWindow = warmup - (initBuffer + termBuffer);
        }
        _initBuffer = initBuffer;
        _termBuffer = termBuffer;
        _windowSize = baseWindow;
        _nextWindow = initBuffer + baseWindow - 1;
    }

    /// <summary>False when warmup is too short to estimate a metric (under 20 iterations).</summary>
    public bool MetricAdapted { get; }

    /// <summary>True when the current iteration's draw feeds the metric estimate.</summary>
    public bool InWindow => MetricAdapted && _counter >= _initBuffer && _counter < _warmup - _termBuffer && _counter != _warmup;

    /// <summary>True when the current iteration ends a slow window.</summary>
    public bool EndOfWindow => MetricAdapted && _counter == _nextWindow && _counter != _warmup;

    /// <summary>Moves the schedule past the end of a window (call at <see cref="EndOfWindow"/>, before <see cref="Advance"/>).</summary>
    public void ComputeNextWindow()
    {
        if (_nextWindow == _warmup - _termBuffer - 1) return;
        _windowSize *= 2;
        _nextWindow = _counter + _windowSize;
        if (_nextWindow != _warmup - _termBuffer - 1)
        {
            int nextBoundary = _nextWindow + 2 * _windowSize;
            if (nextBoundary >= _warmup - _termBuffer) _nextWindow = _warmup - _termBuffer - 1;
        }
    }

    /// <summary>Counts the iteration.</summary>
    public void Advance() => _counter++;
}
