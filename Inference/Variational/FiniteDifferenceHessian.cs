namespace Probabilistic.Inference.Variational;

/// <summary>
/// The Hessian of −log p by central differences of its exact (tape) gradient: column j is
/// (∇f(θ + hⱼeⱼ) − ∇f(θ − hⱼeⱼ)) / 2hⱼ, then symmetrized (Nocedal &amp; Wright, <i>Numerical Optimization</i>, 2nd ed.,
/// §8.1: the central-difference formula applied to the gradient). The truncation error is O(h²·f⁗) and the rounding
/// error O(ε·|∇f|/h); they balance at h ∝ ε^{1/3} (ibid.), so hⱼ = ε^{1/3}·max(1, |θⱼ|) ≈
/// 6·10⁻⁶ relative, for an error of order ε^{2/3} ≈ 4·10⁻¹¹ relative to the third derivatives' scale.
/// </summary>
internal static class FiniteDifferenceHessian
{
    private static readonly double StepScale = Math.Cbrt(Math.Pow(2, -52)); // ε^{1/3}, ε the spacing of doubles at 1

    /// <summary>H of f = −log p at <paramref name="theta"/>.</summary>
    /// <exception cref="UnnamedModelException">The density is not finite at a difference point (the coordinate is named;
    /// the caller's entry point names the algorithm).</exception>
    public static double[,] Compute(IDifferentiableDensity density, ReadOnlySpan<double> theta, Func<int, string> describe)
    {
        int d = theta.Length;
        var h = new double[d, d];
        var point = theta.ToArray();
        var plus = new double[d];
        var minus = new double[d];
        for (int j = 0; j < d; j++)
        {
            double step = StepScale * Math.Max(1, Math.Abs(theta[j]));
            point[j] = theta[j] + step;
            double up = point[j] - theta[j]; // the step actually taken, after rounding
            double fp = density.LogDensityGradient(point, plus);
            point[j] = theta[j] - step;
            double down = theta[j] - point[j];
            double fm = density.LogDensityGradient(point, minus);
            point[j] = theta[j];
            if (!double.IsFinite(fp) || !double.IsFinite(fm))
                throw new UnnamedModelException($"the log density is not finite within {step:G3} of the point along {describe(j)}; the Hessian cannot be estimated there.");
            for (int i = 0; i < d; i++)
            {
                h[i, j] = -(plus[i] - minus[i]) / (up + down); // f = −log p
                if (!double.IsFinite(h[i, j]))
                    throw new UnnamedModelException($"the gradient of log p is not finite within {step:G3} of the point along {describe(j)}; the Hessian cannot be estimated there.");
            }
        }
        for (int i = 0; i < d; i++)
            for (int j = 0; j < i; j++) h[i, j] = h[j, i] = 0.5 * (h[i, j] + h[j, i]);
        return h;
    }
}
