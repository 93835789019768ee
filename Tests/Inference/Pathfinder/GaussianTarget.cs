using Probabilistic.Inference;

namespace Probabilistic.Tests.Inference.Pathfinder;

/// <summary>N(m, Σ) over ℝᵈ given by its mean and precision Σ⁻¹, counting its evaluations; log p includes the normalizing constant.</summary>
internal sealed class GaussianTarget : IDifferentiableDensity
{
    private readonly double[] _mean;
    private readonly double[,] _precision;
    private readonly double _logNormalizer;
    private long _evaluations;

    public GaussianTarget(double[] mean, double[,] covariance)
    {
        _mean = mean;
        Covariance = covariance;
        _precision = Invert(covariance, out double logDet);
        _logNormalizer = -0.5 * (mean.Length * Math.Log(2 * Math.PI) + logDet);
    }

    public double[,] Covariance { get; }
    public IReadOnlyList<double> Mean => _mean;
    public long Evaluations => Interlocked.Read(ref _evaluations);
    public int Dimension => _mean.Length;

    public double LogDensityGradient(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        Interlocked.Increment(ref _evaluations);
        int d = Dimension;
        double q = 0;
        for (int i = 0; i < d; i++)
        {
            double g = 0;
            for (int j = 0; j < d; j++) g -= _precision[i, j] * (theta[j] - _mean[j]);
            gradient[i] = g;
            q -= (theta[i] - _mean[i]) * g;
        }
        return _logNormalizer - 0.5 * q;
    }

    public IDifferentiableDensity ForThread() => this;

    /// <summary>A random covariance A Aᵀ + 0.1 I with A's entries N(0, 1), scaled by powers of ten per coordinate (badly conditioned).</summary>
    public static GaussianTarget Random(int d, ulong seed)
    {
        var rng = new Rng(seed);
        var a = new double[d, d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) a[i, j] = rng.NextGaussian();
        var scale = Enumerable.Range(0, d).Select(i => Math.Pow(10, (i % 3) - 1)).ToArray();
        var cov = new double[d, d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
            {
                double v = i == j ? 0.1 : 0;
                for (int k = 0; k < d; k++) v += a[i, k] * a[j, k];
                cov[i, j] = v * scale[i] * scale[j];
            }
        var mean = Enumerable.Range(0, d).Select(i => 3 * rng.NextGaussian()).ToArray();
        return new GaussianTarget(mean, cov);
    }

    private static double[,] Invert(double[,] m, out double logDet)
    {
        int n = m.GetLength(0);
        var a = (double[,])m.Clone();
        var inv = new double[n, n];
        for (int i = 0; i < n; i++) inv[i, i] = 1;
        logDet = 0;
        for (int c = 0; c < n; c++)
        {
            int p = c;
            for (int r = c + 1; r < n; r++)
                if (Math.Abs(a[r, c]) > Math.Abs(a[p, c])) p = r;
            for (int k = 0; k < n; k++)
            {
                (a[c, k], a[p, k]) = (a[p, k], a[c, k]);
                (inv[c, k], inv[p, k]) = (inv[p, k], inv[c, k]);
            }
            double pivot = a[c, c];
            logDet += Math.Log(Math.Abs(pivot));
            for (int k = 0; k < n; k++) { a[c, k] /= pivot; inv[c, k] /= pivot; }
            for (int r = 0; r < n; r++)
            {
                if (r == c) continue;
                double f = a[r, c];
                for (int k = 0; k < n; k++) { a[r, k] -= f * a[c, k]; inv[r, k] -= f * inv[c, k]; }
            }
        }
        return inv;
    }
}
