using Probabilistic.Numerics;

namespace Probabilistic.Distributions.Discrete;

/// <summary>
/// log (x)ₙ = log Γ(x + n) − log Γ(x) = Σⱼ₌₀ⁿ⁻¹ log(x + j) for x &gt; 0 and its derivative
/// ψ(x + n) − ψ(x) = Σⱼ 1/(x + j). For small n the sums are used: the difference of log-gammas
/// (and of digammas) cancels badly when x ≫ n, e.g. in the negative binomial with a large
/// dispersion φ, where the result is ≈ n log x but log Γ(x) is ≈ x log x.
/// </summary>
internal static class LogRisingFactorial
{
    private const int SumUpTo = 32;

    /// <summary>log Γ(x + n) − log Γ(x).</summary>
    public static double Value(double x, int n)
    {
        if (n > SumUpTo) return SpecialFunctions.LogGamma(x + n) - SpecialFunctions.LogGamma(x);
        double s = 0;
        for (int j = 0; j < n; j++) s += Math.Log(x + j);
        return s;
    }

    /// <summary>ψ(x + n) − ψ(x), the derivative of <see cref="Value"/> in x.</summary>
    public static double Derivative(double x, int n)
    {
        if (n > SumUpTo) return SpecialFunctions.Digamma(x + n) - SpecialFunctions.Digamma(x);
        double s = 0;
        for (int j = 0; j < n; j++) s += 1.0 / (x + j);
        return s;
    }
}
