using System.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace Probabilistic.Inference.Diagnostics;

/// <summary>
/// The biased autocovariance estimate γ̂ₜ = (1/n) Σᵢ (xᵢ − x̄)(xᵢ₊ₜ − x̄), t = 0 … n − 1, recommended by Geyer (1992),
/// "Practical Markov chain Monte Carlo", Statistical Science 7(4), computed in O(n log n) with a zero-padded FFT
/// (padding to at least 2n removes the circular wrap-around), as posterior's <c>autocovariance</c> does.
/// </summary>
internal static class Autocovariance
{
    /// <summary>γ̂ₜ for t = 0 … n − 1; all zeros for a constant chain.</summary>
    public static double[] Of(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        double mean = DrawMatrix.Mean(x);
        int size = 1;
        while (size < 2 * n) size <<= 1;
        var y = new Complex[size];
        double sumSquares = 0;
        for (int i = 0; i < n; i++)
        {
            y[i] = x[i] - mean;
            sumSquares += (x[i] - mean) * (x[i] - mean);
        }
        var acov = new double[n];
        if (sumSquares == 0) return acov;
        Fourier.Forward(y, FourierOptions.NoScaling);
        for (int k = 0; k < size; k++) y[k] = y[k].Real * y[k].Real + y[k].Imaginary * y[k].Imaginary;
        Fourier.Inverse(y, FourierOptions.NoScaling);
        // Scale so that γ̂₀ is exactly the biased variance (the transform's rounding then only affects lags t > 0).
        double scale = sumSquares / n / y[0].Real;
        for (int t = 0; t < n; t++) acov[t] = y[t].Real * scale;
        return acov;
    }
}
