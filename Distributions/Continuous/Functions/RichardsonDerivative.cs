namespace Probabilistic.Distributions;

/// <summary>A function of one real variable, as a struct so that generic callers are specialized and allocate nothing.</summary>
internal interface IScalarFunction
{
    /// <summary>f(t).</summary>
    double Evaluate(double t);
}

/// <summary>
/// f′(t) by one Richardson extrapolation of central differences: with D(h) = (f(t + h) − f(t − h))/(2h)
/// = f′ + h²f‴/6 + h⁴f⁽⁵⁾/120 + …, R = (4D(h/2) − D(h))/3 = f′ − h⁴f⁽⁵⁾/480 + O(h⁶)
/// (L. F. Richardson, 1911; Press et al., <i>Numerical Recipes</i>, 3rd ed., §5.7). If f carries an
/// absolute rounding error δ, R carries about 3δ/h; with h ≈ 10⁻³ of the scale on which f varies,
/// both errors are near 10⁻¹² relative to f's scale.
/// </summary>
internal static class RichardsonDerivative
{
    /// <summary>f′(t) from four evaluations at t ± h and t ± h/2.</summary>
    public static double Of<F>(in F f, double t, double h) where F : struct, IScalarFunction
    {
        double wide = (f.Evaluate(t + h) - f.Evaluate(t - h)) / (2 * h);
        double half = 0.5 * h;
        double narrow = (f.Evaluate(t + half) - f.Evaluate(t - half)) / h;
        return (4 * narrow - wide) / 3;
    }

    /// <summary>
    /// The step for a shape parameter a &gt; 0 of a gamma- or beta-like function: 2⁻¹⁰·min(a, √a), so
    /// that a − h stays positive and h tracks the scale of variation (a for small a, where the function
    /// varies like log a; √a for large a, where a changes the distribution by √a per standard deviation).
    /// </summary>
    public static double ShapeStep(double a) => Math.ScaleB(Math.Min(a, Math.Sqrt(a)), -10);
}
