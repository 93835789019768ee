namespace Probabilistic.Tests.Core;

/// <summary>A continuous distribution for tests that need one before the distribution library: Uniform(0, 1).</summary>
public sealed class UnitInterval : IDistribution<double>
{
    public string Name => "Uniform(0, 1)";
    public double Sample(Rng rng) => rng.NextDouble();
    public Real LogProb(double value) => value is >= 0 and <= 1 ? 0.0 : double.NegativeInfinity;
}
