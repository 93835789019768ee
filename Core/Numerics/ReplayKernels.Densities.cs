namespace Probabilistic.Numerics;

// Log densities recorded as one node each (the vectorized normal sums of RealMath, and the
// LogProb of the distributions in Probabilistic.Distributions: Normal, HalfNormal, Cauchy,
// HalfCauchy, StudentT, LogNormal, Exponential, Gamma, Beta), with the formulas and partials stated
// in their doc comments. Operands come in the order the site described them; outside the support
// the value is −∞ with zero partials, as the sites return. Where a partial needs digamma and the
// parameter was a constant when recorded, the site records a 0 flag as a constant and the partial
// is skipped.
internal static partial class ReplayKernels
{
    private const double HalfLogTwoOverPi = -0.22579135264472743236;

    private static double Density(ReplayOp op, OperandValues x, Span<double> d, ReadOnlySpan<double> c)
    {
        switch (op)
        {
            case ReplayOp.NormalSumShared:
                return NormalSumShared(c, x[0], x[1], d);
            case ReplayOp.NormalSumMeans:
                return NormalSumMeans(c, x, d);
            case ReplayOp.NormalSumMeansScales:
                return NormalSumMeansScales(c, x, d);
            case ReplayOp.NormalLogProb:
            {
                double xv = x[0];
                if (!double.IsFinite(xv)) return OutsideSupport(d);
                double inv = 1.0 / x[2];
                double z = (xv - x[1]) * inv;
                double dz = z * inv;
                d[0] = -dz;
                d[1] = dz;
                d[2] = (z * z - 1) * inv;
                return -0.5 * z * z - (Math.Log(x[2]) + SpecialFunctions.HalfLogTwoPi);
            }
            case ReplayOp.HalfNormalLogProb:
            {
                double xv = x[0];
                if (!(xv >= 0 && xv < double.PositiveInfinity)) return OutsideSupport(d);
                double inv = 1.0 / x[1];
                double z = xv * inv;
                d[0] = -z * inv;
                d[1] = (z * z - 1) * inv;
                return HalfLogTwoOverPi - Math.Log(x[1]) - 0.5 * z * z;
            }
            case ReplayOp.CauchyLogProb:
            {
                double xv = x[0];
                if (!double.IsFinite(xv)) return OutsideSupport(d);
                double inv = 1.0 / x[2];
                double z = (xv - x[1]) * inv;
                double w = 1.0 / (1 + z * z);
                double dx = -2 * z * w * inv;
                d[0] = dx;
                d[1] = -dx;
                d[2] = (z * z - 1) * w * inv;
                return -Math.Log(Math.PI * x[2]) - SpecialFunctions.Log1p(z * z);
            }
            case ReplayOp.HalfCauchyLogProb:
            {
                double xv = x[0];
                if (!(xv >= 0 && xv < double.PositiveInfinity)) return OutsideSupport(d);
                double inv = 1.0 / x[1];
                double z = xv * inv;
                double w = 1.0 / (1 + z * z);
                d[0] = -2 * z * w * inv;
                d[1] = (z * z - 1) * w * inv;
                return Math.Log(2 / (Math.PI * x[1])) - SpecialFunctions.Log1p(z * z);
            }
            case ReplayOp.StudentTLogProb:
                return StudentT(x, d, c);
            case ReplayOp.LogNormalLogProb:
            {
                double xv = x[0];
                if (!(xv > 0 && xv < double.PositiveInfinity)) return OutsideSupport(d);
                double logX = Math.Log(xv);
                double inv = 1.0 / x[2];
                double z = (logX - x[1]) * inv;
                double dz = z * inv;
                d[0] = -(dz + 1) / xv;
                d[1] = dz;
                d[2] = (z * z - 1) * inv;
                return -0.5 * z * z - Math.Log(x[2]) - SpecialFunctions.HalfLogTwoPi - logX;
            }
            case ReplayOp.ExponentialLogProb:
            {
                double xv = x[0], rate = x[1];
                if (!(xv >= 0 && xv < double.PositiveInfinity)) return OutsideSupport(d);
                d[0] = -rate;
                d[1] = 1 / rate - xv;
                return Math.Log(rate) - rate * xv;
            }
            case ReplayOp.GammaLogProb:
            {
                double xv = x[0], alpha = x[1], beta = x[2];
                if (!(xv > 0 && xv < double.PositiveInfinity)) return OutsideSupport(d);
                double logX = Math.Log(xv);
                d[0] = (alpha - 1) / xv - beta;
                d[1] = c[0] == 0 ? 0 : Math.Log(beta) - SpecialFunctions.Digamma(alpha) + logX;
                d[2] = alpha / beta - xv;
                return alpha * Math.Log(beta) - SpecialFunctions.LogGamma(alpha) + (alpha - 1) * logX - beta * xv;
            }
            case ReplayOp.BetaLogProb:
            {
                double xv = x[0], alpha = x[1], beta = x[2];
                if (!(xv > 0 && xv < 1)) return OutsideSupport(d);
                double logX = Math.Log(xv), log1mX = SpecialFunctions.Log1p(-xv);
                bool shapes = c[0] != 0;
                double psiSum = shapes ? SpecialFunctions.Digamma(alpha + beta) : 0;
                d[0] = (alpha - 1) / xv - (beta - 1) / (1 - xv);
                d[1] = shapes ? logX - SpecialFunctions.Digamma(alpha) + psiSum : 0;
                d[2] = shapes ? log1mX - SpecialFunctions.Digamma(beta) + psiSum : 0;
                return (alpha - 1) * logX + (beta - 1) * log1mX - SpecialFunctions.LogBeta(alpha, beta);
            }
            default:
                throw new InvalidOperationException($"TapeProgram: no replay code for {op}.");
        }
    }

    private static double OutsideSupport(Span<double> d)
    {
        d.Clear();
        return double.NegativeInfinity;
    }

    // Operands (x, μ, σ, ν); constant 0: whether ν was a value on the tape.
    private static double StudentT(OperandValues x, Span<double> d, ReadOnlySpan<double> c)
    {
        double xv = x[0], mu = x[1], sigma = x[2], nu = x[3];
        if (!double.IsFinite(xv)) return OutsideSupport(d);
        double inv = 1.0 / sigma;
        double z = (xv - mu) * inv;
        double q = z * z / nu;
        double log1pQ = SpecialFunctions.Log1p(q);
        double logNormalizer = SpecialFunctions.LogGamma(0.5 * (nu + 1)) - SpecialFunctions.LogGamma(0.5 * nu)
            - 0.5 * Math.Log(nu * Math.PI) - Math.Log(sigma);
        double r = 1 / (1 + q);
        double dx = -(nu + 1) * z * r / nu * inv;
        d[0] = dx;
        d[1] = -dx;
        d[2] = ((nu + 1) * q * r - 1) * inv;
        d[3] = c[0] == 0 ? 0 : 0.5 * (SpecialFunctions.Digamma(0.5 * (nu + 1)) - SpecialFunctions.Digamma(0.5 * nu) - 1 / nu - log1pQ
            + (nu + 1) * q * r / nu);
        return logNormalizer - 0.5 * (nu + 1) * log1pQ;
    }

    // Σᵢ log N(cᵢ | μ, σ) for the data c.
    private static double NormalSumShared(ReadOnlySpan<double> data, double mu, double sigma, Span<double> d)
    {
        double inv = 1.0 / sigma;
        double sumZ = 0, sumZ2 = 0;
        foreach (double y in data)
        {
            double z = (y - mu) * inv;
            sumZ += z;
            sumZ2 += z * z;
        }
        int n = data.Length;
        d[0] = sumZ * inv;
        d[1] = (sumZ2 - n) * inv;
        return -0.5 * sumZ2 - n * (Math.Log(sigma) + SpecialFunctions.HalfLogTwoPi);
    }

    // Σᵢ log N(cᵢ | μᵢ, σ): operands μ₀ … μₙ₋₁, σ.
    private static double NormalSumMeans(ReadOnlySpan<double> data, OperandValues x, Span<double> d)
    {
        int n = data.Length;
        double sigma = x[n];
        double inv = 1.0 / sigma;
        double sumZ2 = 0;
        for (int i = 0; i < n; i++)
        {
            double z = (data[i] - x[i]) * inv;
            sumZ2 += z * z;
            d[i] = z * inv;
        }
        d[n] = (sumZ2 - n) * inv;
        return -0.5 * sumZ2 - n * (Math.Log(sigma) + SpecialFunctions.HalfLogTwoPi);
    }

    // Σᵢ log N(cᵢ | μᵢ, cₙ₊ᵢ): operands μ₀ … μₙ₋₁, constants the data then the scales.
    private static double NormalSumMeansScales(ReadOnlySpan<double> c, OperandValues x, Span<double> d)
    {
        int n = x.Length;
        var data = c[..n];
        var sigma = c[n..];
        double v = -n * SpecialFunctions.HalfLogTwoPi;
        for (int i = 0; i < n; i++)
        {
            double inv = 1.0 / sigma[i];
            double z = (data[i] - x[i]) * inv;
            v -= 0.5 * z * z + Math.Log(sigma[i]);
            d[i] = z * inv;
        }
        return v;
    }
}
