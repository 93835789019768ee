using System.Numerics;
using System.Runtime.InteropServices;

namespace Probabilistic.Inference.Variational;

/// <summary>
/// <see cref="Adam"/>'s per-coordinate update over whole vectors: SIMD lanes (<see cref="Vector{T}"/>) and then a
/// scalar tail, with the same IEEE operations in the same order (no fused multiply-add), so a coordinate's result
/// does not depend on which path updated it.
/// </summary>
internal static class AdamKernel
{
    /// <summary>The step's constants: g = Sign·∇ + Coupled·θ; θ ← Shrink·θ − StepSize·m / (√v / SqrtCorrection2 + Epsilon).</summary>
    public readonly record struct Coefficients(double Sign, double Coupled, double Shrink, double Beta1, double Beta2,
        double StepSize, double SqrtCorrection2, double Epsilon);

    public static void Apply(in Coefficients c, Span<double> theta, ReadOnlySpan<double> gradient,
        Span<double> m, Span<double> v, Span<double> vMax, bool amsgrad)
    {
        double sign = c.Sign, coupled = c.Coupled, shrink = c.Shrink, b1 = c.Beta1, b2 = c.Beta2, keep1 = 1 - b1, keep2 = 1 - b2;
        double stepSize = c.StepSize, root2 = c.SqrtCorrection2, eps = c.Epsilon;
        int i = 0;
        if (Vector.IsHardwareAccelerated && theta.Length >= Vector<double>.Count)
        {
            var thetaV = MemoryMarshal.Cast<double, Vector<double>>(theta);
            var gradientV = MemoryMarshal.Cast<double, Vector<double>>(gradient);
            var mV = MemoryMarshal.Cast<double, Vector<double>>(m);
            var vV = MemoryMarshal.Cast<double, Vector<double>>(v);
            var vMaxV = amsgrad ? MemoryMarshal.Cast<double, Vector<double>>(vMax) : default;
            var epsV = new Vector<double>(eps);
            for (int k = 0; k < thetaV.Length; k++)
            {
                var th = thetaV[k];
                var g = sign * gradientV[k] + coupled * th;
                var mk = mV[k] = b1 * mV[k] + keep1 * g;
                var vk = vV[k] = b2 * vV[k] + keep2 * (g * g);
                if (amsgrad) vk = vMaxV[k] = Vector.Max(vMaxV[k], vk);
                thetaV[k] = shrink * th - stepSize * mk / (Vector.SquareRoot(vk) / root2 + epsV);
            }
            i = thetaV.Length * Vector<double>.Count;
        }
        for (; i < theta.Length; i++)
        {
            double th = theta[i];
            double g = sign * gradient[i] + coupled * th;
            double mi = m[i] = b1 * m[i] + keep1 * g;
            double vi = v[i] = b2 * v[i] + keep2 * (g * g);
            if (amsgrad) vi = vMax[i] = Math.Max(vMax[i], vi);
            theta[i] = shrink * th - stepSize * mi / (Math.Sqrt(vi) / root2 + eps);
        }
    }
}
