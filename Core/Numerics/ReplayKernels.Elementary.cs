namespace Probabilistic.Numerics;

/// <summary>
/// The replay code of each <see cref="ReplayOp"/>: a node's value and its operands' partials from
/// the operands' values and the node's constants, by the same formulas as the record sites
/// (<see cref="RealMath"/>, the <see cref="Real"/> operators, the distributions' densities), so
/// that a replayed node equals a re-recorded one (the tests compare them).
/// </summary>
internal static partial class ReplayKernels
{
    /// <summary>A one-operand operation: returns f(x) and sets <paramref name="d"/> = f′(x).</summary>
    public static double Unary(ReplayOp op, double x, out double d)
    {
        double v;
        switch (op)
        {
            case ReplayOp.Exp:
                v = Math.Exp(x);
                d = v;
                return v;
            case ReplayOp.Log:
                d = 1.0 / x;
                return Math.Log(x);
            case ReplayOp.Log1p:
                d = 1.0 / (1.0 + x);
                return SpecialFunctions.Log1p(x);
            case ReplayOp.Expm1:
                d = Math.Exp(x);
                return SpecialFunctions.Expm1(x);
            case ReplayOp.Sqrt:
                v = Math.Sqrt(x);
                d = 0.5 / v;
                return v;
            case ReplayOp.Square:
                d = 2.0 * x;
                return x * x;
            case ReplayOp.Abs:
                d = x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0;
                return Math.Abs(x);
            case ReplayOp.Logistic:
                return Logistic(x, out d);
            case ReplayOp.LogLogistic:
                return LogLogistic(x, out d);
            case ReplayOp.Softplus:
                return Softplus(x, out d);
            case ReplayOp.LogGamma:
                d = SpecialFunctions.Digamma(x);
                return SpecialFunctions.LogGamma(x);
            case ReplayOp.Digamma:
                d = SpecialFunctions.Trigamma(x);
                return SpecialFunctions.Digamma(x);
            case ReplayOp.Erf:
                d = SpecialFunctions.TwoOverSqrtPi * Math.Exp(-x * x);
                return SpecialFunctions.Erf(x);
            case ReplayOp.Erfc:
                d = -SpecialFunctions.TwoOverSqrtPi * Math.Exp(-x * x);
                return SpecialFunctions.Erfc(x);
            case ReplayOp.Sin:
                d = Math.Cos(x);
                return Math.Sin(x);
            case ReplayOp.Cos:
                d = -Math.Sin(x);
                return Math.Cos(x);
            case ReplayOp.Tanh:
                v = Math.Tanh(x);
                d = 1.0 - v * v;
                return v;
            default:
                throw new InvalidOperationException($"TapeProgram: {op} is not a one-operand operation.");
        }
    }

    /// <summary>An operation on several operands: returns its value and writes the operands' partials.</summary>
    public static double Evaluate(ReplayOp op, OperandValues x, Span<double> partials, ReadOnlySpan<double> constants)
    {
        switch (op)
        {
            case ReplayOp.PowConstant:
            {
                double v = Math.Pow(x[0], x[1]);
                partials[0] = RealMath.PowBaseDerivative(x[0], x[1], v);
                return v;
            }
            case ReplayOp.Pow:
            {
                double a = x[0], b = x[1];
                double v = Math.Pow(a, b);
                partials[0] = RealMath.PowBaseDerivative(a, b, v);
                partials[1] = v == 0 ? 0.0 : v * Math.Log(a);
                return v;
            }
            case ReplayOp.LogSumExp2:
                return LogSumExp2(x[0], x[1], partials);
            case ReplayOp.LogSumExp:
                return LogSumExp(x, partials);
            case ReplayOp.LogBeta:
            {
                double a = x[0], b = x[1];
                double psiSum = SpecialFunctions.Digamma(a + b);
                partials[0] = SpecialFunctions.Digamma(a) - psiSum;
                partials[1] = SpecialFunctions.Digamma(b) - psiSum;
                return SpecialFunctions.LogBeta(a, b);
            }
            case ReplayOp.Dot:
            {
                double v = 0;
                for (int i = 0; i < x.Length; i++) v += x[i] * constants[i];
                return v;
            }
            case ReplayOp.Sum:
            {
                double v = 0;
                for (int i = 0; i < x.Length; i++) v += x[i];
                return v;
            }
            default:
                throw new InvalidOperationException($"TapeProgram: no replay code for {op}.");
        }
    }

    private static double Logistic(double x, out double d)
    {
        double v;
        if (x >= 0)
        {
            double e = Math.Exp(-x);
            v = 1.0 / (1.0 + e);
            d = v * v * e;
        }
        else
        {
            double e = Math.Exp(x);
            double inv = 1.0 / (1.0 + e);
            v = e * inv;
            d = v * inv;
        }
        return v;
    }

    private static double LogLogistic(double x, out double d)
    {
        if (x >= 0)
        {
            double e = Math.Exp(-x);
            d = e / (1.0 + e);
            return -SpecialFunctions.Log1p(e);
        }
        else
        {
            double e = Math.Exp(x);
            d = 1.0 / (1.0 + e);
            return x - SpecialFunctions.Log1p(e);
        }
    }

    private static double Softplus(double x, out double d)
    {
        if (x > 0)
        {
            double e = Math.Exp(-x);
            d = 1.0 / (1.0 + e);
            return x + SpecialFunctions.Log1p(e);
        }
        else
        {
            double e = Math.Exp(x);
            d = e / (1.0 + e);
            return SpecialFunctions.Log1p(e);
        }
    }

    private static double LogSumExp2(double a, double b, Span<double> partials)
    {
        bool aLarger = a >= b;
        double m = aLarger ? a : b;
        double other = aLarger ? b : a;
        double e = other == m ? 1.0 : Math.Exp(other - m);
        double wm = 1.0 / (1.0 + e), wo = e * wm;
        partials[0] = aLarger ? wm : wo;
        partials[1] = aLarger ? wo : wm;
        return m + SpecialFunctions.Log1p(e);
    }

    private static double LogSumExp(OperandValues x, Span<double> partials)
    {
        double m = double.NegativeInfinity;
        for (int i = 0; i < x.Length; i++) m = Math.Max(m, x[i]);
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double w = RealMath.Weight(x[i], m);
            sum += w;
            partials[i] = w;
        }
        double inv = 1.0 / sum;
        for (int i = 0; i < partials.Length; i++) partials[i] *= inv;
        return m + Math.Log(sum);
    }
}
