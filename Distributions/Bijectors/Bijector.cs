namespace Probabilistic.Distributions;

/// <summary>
/// A smooth bijection T from ℝᵈ (unconstrained) onto a support, with log |det J_T|: if u has density
/// q on ℝᵈ then x = T(u) has density q(u) / |det J_T(u)|, so a density p on the support becomes
/// p(T(u)) |det J_T(u)| on ℝᵈ (Stan Reference Manual, "Constraint transforms"). For supports of
/// lower dimension than their coordinates (simplex, correlation Cholesky factors) the Jacobian is
/// that of the map onto the free coordinates, as in Stan.
/// </summary>
public abstract class Bijector
{
    /// <summary>d, the number of unconstrained coordinates.</summary>
    public abstract int UnconstrainedDimension { get; }

    /// <summary>The number of coordinates of a constrained value.</summary>
    public abstract int ConstrainedDimension { get; }

    /// <summary>x = T(u); returns log |det J_T(u)|. Recorded on the tape when <paramref name="u"/> carries one.</summary>
    public abstract Real Forward(ReadOnlySpan<Real> u, Span<Real> x);

    /// <summary>u = T⁻¹(x), on values.</summary>
    public abstract void Inverse(ReadOnlySpan<double> x, Span<double> u);
}

/// <summary>A bijector from ℝ onto an interval of ℝ.</summary>
public abstract class ScalarBijector : Bijector
{
    /// <inheritdoc />
    public sealed override int UnconstrainedDimension => 1;

    /// <inheritdoc />
    public sealed override int ConstrainedDimension => 1;

    /// <summary>x = T(u) and log |T'(u)|.</summary>
    public abstract Real Forward(Real u, out Real logAbsDetJacobian);

    /// <summary>u = T⁻¹(x).</summary>
    public abstract double Inverse(double x);

    /// <inheritdoc />
    public sealed override Real Forward(ReadOnlySpan<Real> u, Span<Real> x)
    {
        x[0] = Forward(u[0], out var logJ);
        return logJ;
    }

    /// <summary>
    /// u = T⁻¹(x). A value at a closed end of a support (0 for Exponential's [0, ∞)) lies in the support but is no
    /// image of T, which maps ℝ onto the interior: it is an <see cref="ArgumentOutOfRangeException"/> naming the value
    /// rather than an infinite unconstrained coordinate.
    /// </summary>
    public sealed override void Inverse(ReadOnlySpan<double> x, Span<double> u)
    {
        double v = Inverse(x[0]);
        if (!double.IsFinite(v))
            throw new ArgumentOutOfRangeException(nameof(x), x[0],
                $"{GetType().Name}: {x[0]} is {(double.IsNaN(x[0]) ? "not a number" : "an end of (or outside) the support")}, which no unconstrained value maps to (the inverse is {v}); an unconstrained algorithm needs a value inside the support.");
        u[0] = v;
    }
}
