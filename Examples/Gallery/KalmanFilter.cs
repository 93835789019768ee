namespace Probabilistic.Examples.Gallery;

/// <summary>
/// The exact filter for the Gaussian random walk x₀ ~ N(0, s0²), x_t ~ N(x_{t−1}, q²), y_t ~ N(x_t, r²)
/// (Kalman 1960): the predictive y_t ~ N(m⁻, P⁻ + r²) gives log p(y_{1:T}); the last filtering mean and sd
/// are the posterior of x_T.
/// </summary>
public static class KalmanFilter
{
    public static (double LogMarginalLikelihood, double LastMean, double LastSd) Run(IReadOnlyList<double> y, double s0, double q, double r)
    {
        double m = 0, p = s0 * s0, logZ = 0;
        for (int t = 0; t < y.Count; t++)
        {
            if (t > 0) p += q * q;
            double s = p + r * r, e = y[t] - m;
            logZ += -0.5 * (Math.Log(2 * Math.PI * s) + e * e / s);
            double k = p / s;
            m += k * e;
            p *= 1 - k;
        }
        return (logZ, m, Math.Sqrt(p));
    }
}
