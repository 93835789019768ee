namespace Probabilistic.Inference;

/// <summary>
/// Stan's windowed warmup schedule (<c>windowed_adaptation</c>): an initial fast buffer (75 iterations by
/// default) adapting only the step size, then slow windows (25, 50, 100, … iterations, the last stretched to
/// the terminal buffer) at whose ends the metric is re-estimated, then a terminal fast buffer (50). With too
/// few warmup iterations for the configured buffers it uses 15% / 75% / 10% of them, as Stan does; under 20
/// it adapts only the step size (Stan Reference Manual, "HMC algorithm parameters", "Automatic parameter tuning";
/// Stan's <c>windowed_adaptation.hpp</c>). Per warmup iteration: read <see cref="InWindow"/> (feed the draw to a metric
/// estimate) and <see cref="EndOfWindow"/> (update the metric, call <see cref="ComputeNextWindow"/>, restart
/// <see cref="DualAveraging"/>), then <see cref="Advance"/>. Shared by the scalar HMC/NUTS kernel and the vectorized tensor HMC.
/// </summary>
public sealed class WindowedAdaptation
{
    private readonly int _warmup;
    private readonly int _initBuffer, _termBuffer;
    private int _windowSize, _nextWindow, _counter;

    /// <summary>The schedule for <paramref name="warmup"/> iterations with Stan's <c>init_buffer</c>, <c>term_buffer</c> and <c>window</c> (defaults 75, 50, 25).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative, or <paramref name="baseWindow"/> is not positive.</exception>
    public WindowedAdaptation(int warmup, int initBuffer = 75, int termBuffer = 50, int baseWindow = 25)
    {
        if (warmup < 0) throw new ArgumentOutOfRangeException(nameof(warmup), warmup, "WindowedAdaptation: warmup must be non-negative.");
        if (initBuffer < 0) throw new ArgumentOutOfRangeException(nameof(initBuffer), initBuffer, "WindowedAdaptation: initBuffer must be non-negative.");
        if (termBuffer < 0) throw new ArgumentOutOfRangeException(nameof(termBuffer), termBuffer, "WindowedAdaptation: termBuffer must be non-negative.");
        if (baseWindow < 1) throw new ArgumentOutOfRangeException(nameof(baseWindow), baseWindow, "WindowedAdaptation: baseWindow must be positive.");
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

    /// <summary>The schedule's position (current window size, the iteration ending it, iterations counted), for a chain's checkpoint.</summary>
    internal (int WindowSize, int NextWindow, int Counter) Export() => (_windowSize, _nextWindow, _counter);

    /// <summary>Restores a position taken by <see cref="Export"/> from a schedule built with the same settings.</summary>
    internal void Import(int windowSize, int nextWindow, int counter)
    {
        _windowSize = windowSize;
        _nextWindow = nextWindow;
        _counter = counter;
    }

    /// <summary>Counts the iteration.</summary>
    public void Advance() => _counter++;
}
