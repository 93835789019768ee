using static Probabilistic.RealMath;

namespace Probabilistic.Distributions;

/// <summary>T(u) = u on ℝ; log |T'| = 0.</summary>
public sealed class IdentityBijector : ScalarBijector
{
    /// <summary>The one instance.</summary>
    public static readonly IdentityBijector Instance = new();

    private IdentityBijector() { }

    /// <inheritdoc />
    public override Real Forward(Real u, out Real logAbsDetJacobian)
    {
        logAbsDetJacobian = 0.0;
        return u;
    }

    /// <inheritdoc />
    public override double Inverse(double x) => x;
}

/// <summary>T(u) = lower + eᵘ onto (lower, ∞); log |T'| = u (Stan's lower-bound transform).</summary>
public sealed class LowerBoundBijector(double lower) : ScalarBijector
{
    /// <summary>The lower bound.</summary>
    public double Lower { get; } = lower;

    /// <inheritdoc />
    public override Real Forward(Real u, out Real logAbsDetJacobian)
    {
        logAbsDetJacobian = u;
        return Lower == 0 ? Exp(u) : Exp(u) + Lower;
    }

    /// <inheritdoc />
    public override double Inverse(double x) => Math.Log(x - Lower);
}

/// <summary>T(u) = upper − eᵘ onto (−∞, upper); log |T'| = u (Stan's upper-bound transform).</summary>
public sealed class UpperBoundBijector(double upper) : ScalarBijector
{
    /// <summary>The upper bound.</summary>
    public double Upper { get; } = upper;

    /// <inheritdoc />
    public override Real Forward(Real u, out Real logAbsDetJacobian)
    {
        logAbsDetJacobian = u;
        return Upper - Exp(u);
    }

    /// <inheritdoc />
    public override double Inverse(double x) => Math.Log(Upper - x);
}

/// <summary>
/// T(u) = lower + (upper − lower)·σ(u) onto (lower, upper), σ the logistic function;
/// log |T'| = log(upper − lower) + log σ(u) + log σ(−u) (Stan's lower- and upper-bound transform).
/// </summary>
public sealed class IntervalBijector(double lower, double upper) : ScalarBijector
{
    private readonly double _logWidth = Math.Log(upper - lower);

    /// <summary>The lower bound.</summary>
    public double Lower { get; } = lower;

    /// <summary>The upper bound.</summary>
    public double Upper { get; } = upper;

    /// <inheritdoc />
    public override Real Forward(Real u, out Real logAbsDetJacobian)
    {
        logAbsDetJacobian = LogLogistic(u) + LogLogistic(-u) + _logWidth;
        var s = Logistic(u);
        return Lower == 0 && Upper == 1 ? s : Lower + (Upper - Lower) * s;
    }

    /// <inheritdoc />
    public override double Inverse(double x)
    {
        double p = (x - Lower) / (Upper - Lower);
        return Math.Log(p) - Numerics.SpecialFunctions.Log1p(-p);
    }
}
