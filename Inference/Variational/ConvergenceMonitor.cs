using System.Globalization;

namespace Probabilistic.Inference.Variational;

/// <summary>
/// Records a fit's parameters at about 200 evenly spaced steps and turns them and the objective's history into
/// <see cref="VariationalDiagnostics"/> (the tests are described there).
/// </summary>
internal sealed class ConvergenceMonitor
{
    private const int Recordings = 200;
    internal const int MinimumSteps = 40;
    private const long MaxRecordedValues = 4_000_000; // 32 MB: larger stores are recorded at fewer (still evenly spaced) steps
    private int _stride;
    private readonly List<int> _steps = [];
    private readonly List<double[]> _values = [];

    public ConvergenceMonitor(int steps) => _stride = Math.Max(1, (steps + Recordings - 1) / Recordings);

    /// <summary>Continues from a <see cref="State"/> (a checkpoint's): the stride and the recordings, copied, replace this monitor's.</summary>
    public void Restore(int stride, int[] steps, double[][] values)
    {
        if (stride < 1 || steps.Length != values.Length)
            throw new ArgumentException($"ConvergenceMonitor: stride {stride} with {steps.Length} recorded steps and {values.Length} recorded vectors; impossible values.");
        _stride = stride;
        _steps.Clear();
        _values.Clear();
        _steps.AddRange(steps);
        _values.AddRange(values.Select(v => (double[])v.Clone()));
    }

    /// <summary>The stride and the recordings so far (copies), for a checkpoint.</summary>
    public (int Stride, int[] Steps, double[][] Values) State => (_stride, [.. _steps], _values.Select(v => (double[])v.Clone()).ToArray());

    /// <summary>Called after step <paramref name="step"/> (0-based) with the store as the optimizer left it.</summary>
    public void After(int step, ParameterStore store)
    {
        if ((step + 1) % _stride != 0) return;
        _steps.Add(step + 1);
        _values.Add(store.Unconstrained);
        if ((long)_values.Count * _values[^1].Length <= MaxRecordedValues || _values.Count < 16) return;
        // Keep every other recording (the multiples of twice the stride) and record half as often from now on.
        int kept = 0;
        for (int k = 0; k < _values.Count; k++)
        {
            if (_steps[k] % (2 * _stride) != 0) continue;
            _steps[kept] = _steps[k];
            _values[kept++] = _values[k];
        }
        _steps.RemoveRange(kept, _steps.Count - kept);
        _values.RemoveRange(kept, _values.Count - kept);
        _stride *= 2;
    }

    public VariationalDiagnostics Diagnose(ParameterStore store, string objective, IReadOnlyList<double> history)
    {
        if (history.Count < MinimumSteps || _steps.Count < 8) return new VariationalDiagnostics([], Checked: false);
        var warnings = new List<VariationalWarning>();
        int n = _steps.Count, dimension = _values[^1].Length;
        int half = n / 2, threeQuarters = 3 * n / 4;
        var coordinates = store.CoordinateNames();
        for (int i = 0; i < dimension; i++)
        {
            // Parameters created after the first recordings (none in practice: the first draw creates them all) are skipped.
            if (_values[0].Length <= i) continue;
            double d3 = _values[threeQuarters][i] - _values[half][i];
            double d4 = _values[n - 1][i] - _values[threeQuarters][i];
            double noise = ResidualDeviation(i, half, n);
            if (Math.Sign(d3) != Math.Sign(d4) || d4 == 0 || Math.Abs(d4) < 0.5 * Math.Abs(d3) || Math.Abs(d4) <= 6 * noise ||
                Math.Abs(d4) <= 1e-3 * Math.Max(1, Math.Abs(_values[n - 1][i]))) continue; // a drift below 0.1% is rounding, not a trend
            var (name, constrained) = coordinates[i];
            var trajectory = _values.Select(v => constrained ? store.ConstrainedCoordinate(i, v) : v[i]).ToArray();
            warnings.Add(new VariationalWarning(VariationalWarningKind.ParameterDrift, name, [.. _steps], trajectory, string.Format(CultureInfo.InvariantCulture,
                "The parameter '{0}' moved steadily in one direction through the last half of the fit ({1:G4} at step {2}, {3:G4} at step {4}, {5:G4} at step {6}) " +
                "without slowing down: it diverges (an improper posterior, or an objective unbounded above) or has not converged; check the model's priors, " +
                "or run more steps with a smaller learning rate.",
                name, trajectory[half], _steps[half], trajectory[threeQuarters], _steps[threeQuarters], trajectory[n - 1], _steps[n - 1])));
        }
        if (ObjectiveRising(history, out double third, out double last, out double se))
        {
            var means = new double[n];
            for (int k = 0; k < n; k++)
            {
                int from = k == 0 ? 0 : _steps[k - 1], to = Math.Min(_steps[k], history.Count);
                double sum = 0;
                for (int s = from; s < to; s++) sum += history[s];
                means[k] = to > from ? sum / (to - from) : double.NaN;
            }
            warnings.Add(new VariationalWarning(VariationalWarningKind.ObjectiveRising, objective, [.. _steps], means, string.Format(CultureInfo.InvariantCulture,
                "The {0} estimates were still rising at the end of the fit: their mean over the last quarter of the steps, {1:G5}, exceeds that over the third, " +
                "{2:G5}, by {3:G3} standard errors; the fit has not converged (or the objective is unbounded, as for an improper posterior).",
                objective, last, third, (last - third) / se)));
        }
        return new VariationalDiagnostics(warnings, Checked: true);
    }

    /// <summary>The standard deviation of coordinate <paramref name="i"/> about its least-squares line over recordings [from, to).</summary>
    private double ResidualDeviation(int i, int from, int to)
    {
        int m = to - from;
        double meanT = (from + to - 1) / 2.0, meanY = 0;
        for (int k = from; k < to; k++) meanY += _values[k][i];
        meanY /= m;
        double stt = 0, sty = 0;
        for (int k = from; k < to; k++)
        {
            stt += (k - meanT) * (k - meanT);
            sty += (k - meanT) * (_values[k][i] - meanY);
        }
        double slope = stt > 0 ? sty / stt : 0, ss = 0;
        for (int k = from; k < to; k++)
        {
            double r = _values[k][i] - meanY - slope * (k - meanT);
            ss += r * r;
        }
        return Math.Sqrt(ss / Math.Max(1, m - 2));
    }

    private static bool ObjectiveRising(IReadOnlyList<double> history, out double third, out double last, out double se)
    {
        int n = history.Count, a = n / 2, b = 3 * n / 4;
        var (m3, v3) = MeanVariance(history, a, b);
        var (m4, v4) = MeanVariance(history, b, n);
        third = m3;
        last = m4;
        se = Math.Sqrt(v3 / (b - a) + v4 / (n - b));
        // Deterministic objectives (no random choice) rise by rounding-level amounts as they settle: ignore a relative rise below 1e-4.
        return double.IsFinite(se) && m4 - m3 > 4 * se && m4 - m3 > 1e-4 * Math.Max(1, Math.Abs(m4));
    }

    private static (double Mean, double Variance) MeanVariance(IReadOnlyList<double> xs, int from, int to)
    {
        double mean = 0, m2 = 0;
        for (int k = from; k < to; k++)
        {
            double delta = xs[k] - mean;
            mean += delta / (k - from + 1);
            m2 += delta * (xs[k] - mean);
        }
        return (mean, to - from > 1 ? m2 / (to - from - 1) : 0);
    }
}
