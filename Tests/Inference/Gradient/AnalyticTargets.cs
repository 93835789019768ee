using Probabilistic.Inference;

namespace Probabilistic.Tests.Inference.Gradient;

/// <summary>Densities with known moments, for checking HMC and NUTS.</summary>
internal sealed class StandardNormalTarget(int dimension) : IDifferentiableDensity
{
    public int Dimension => dimension;

    public double LogDensityGradient(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        double s = 0;
        for (int i = 0; i < theta.Length; i++)
        {
            s += theta[i] * theta[i];
            gradient[i] = -theta[i];
        }
        return -0.5 * s;
    }

    public IDifferentiableDensity ForThread() => this;
}

/// <summary>A bivariate normal with unit variances and correlation ρ.</summary>
internal sealed class CorrelatedNormalTarget(double rho) : IDifferentiableDensity
{
    public int Dimension => 2;

    public double LogDensityGradient(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        double c = 1 / (1 - rho * rho);
        double x = theta[0], y = theta[1];
        gradient[0] = -c * (x - rho * y);
        gradient[1] = -c * (y - rho * x);
        return -0.5 * c * (x * x - 2 * rho * x * y + y * y);
    }

    public IDifferentiableDensity ForThread() => this;
}
