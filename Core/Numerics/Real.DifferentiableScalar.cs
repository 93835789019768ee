using Probabilistic.Numerics;

namespace Probabilistic;

/// <summary><see cref="Real"/> as the scalar backend's <see cref="IDifferentiableScalar{TSelf}"/>.</summary>
public readonly partial struct Real : IDifferentiableScalar<Real>
{
    /// <inheritdoc />
    double IDifferentiableScalar<Real>.Value => Value;

    /// <summary>The same value as a constant (no tape node): gradients do not flow through it.</summary>
    public Real Detach() => new(Value);

    /// <inheritdoc />
    static Real IDifferentiableScalar<Real>.FromDouble(double value) => new(value);

    /// <inheritdoc />
    static Real IDifferentiableScalar<Real>.Exp(Real x) => RealMath.Exp(x);

    /// <inheritdoc />
    static Real IDifferentiableScalar<Real>.Log(Real x) => RealMath.Log(x);

    /// <inheritdoc />
    static Real IDifferentiableScalar<Real>.LogSumExp(ReadOnlySpan<Real> xs) => RealMath.LogSumExp(xs);
}
