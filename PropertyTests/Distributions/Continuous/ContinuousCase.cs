using FsCheck;
using FsCheck.Fluent;
using Probabilistic.Distributions;

namespace Probabilistic.PropertyTests.Distributions.Continuous;

/// <summary>
/// A continuous univariate distribution with a generator of valid parameters (log-uniform over several
/// decades for scales and shapes, uniform for locations) and which parameters are locations (they enter
/// through x − μ, which sets their finite-difference step).
/// </summary>
public sealed class ContinuousCase(string name, Gen<double[]> parameters, Func<Real[], IUnivariateCdf> create, params int[] locations)
{
    public string Name { get; } = name;
    public Gen<double[]> Parameters { get; } = parameters;
    public int[] Locations { get; } = locations;

    public IUnivariateCdf Create(Real[] p) => create(p);

    public IUnivariateCdf Create(double[] p) => create(Array.ConvertAll(p, v => new Real(v)));

    public override string ToString() => Name;

    private const int Steps = 1 << 30;

    public static Gen<double> Uniform(double a, double b) => Gen.Choose(0, Steps).Select(i => a + (b - a) * i / Steps);

    public static Gen<double> LogUniform(double a, double b) => Uniform(Math.Log(a), Math.Log(b)).Select(Math.Exp);

    private static Gen<double[]> Params(params Gen<double>[] gens) => gens.Length switch
    {
        1 => gens[0].Select(a => new[] { a }),
        2 => gens[0].SelectMany(a => gens[1].Select(b => new[] { a, b })),
        _ => gens[0].SelectMany(a => gens[1].SelectMany(b => gens[2].Select(c => new[] { a, b, c }))),
    };

    private static readonly Gen<double> Location = Uniform(-50, 50);
    private static readonly Gen<double> Scale = LogUniform(1e-2, 1e2);

    public static readonly ContinuousCase[] All =
    [
        new("Normal", Params(Location, Scale), p => Dist.Normal(p[0], p[1]), 0),
        new("LogNormal", Params(Uniform(-3, 3), LogUniform(0.05, 3)), p => Dist.LogNormal(p[0], p[1])),
        new("HalfNormal", Params(Scale), p => Dist.HalfNormal(p[0])),
        new("StudentT", Params(LogUniform(0.5, 1e3), Location, Scale), p => Dist.StudentT(p[0], p[1], p[2]), 1),
        new("Cauchy", Params(Location, Scale), p => Dist.Cauchy(p[0], p[1]), 0),
        new("HalfCauchy", Params(Scale), p => Dist.HalfCauchy(p[0])),
        new("Laplace", Params(Location, Scale), p => Dist.Laplace(p[0], p[1]), 0),
        new("Logistic", Params(Location, Scale), p => Dist.Logistic(p[0], p[1]), 0),
        new("Exponential", Params(Scale), p => Dist.Exponential(p[0])),
        new("Gamma", Params(LogUniform(0.1, 500), Scale), p => Dist.Gamma(p[0], p[1])),
        new("InverseGamma", Params(LogUniform(0.1, 200), Scale), p => Dist.InverseGamma(p[0], p[1])),
        new("Beta", Params(LogUniform(0.1, 500), LogUniform(0.1, 500)), p => Dist.Beta(p[0], p[1])),
        new("Uniform", Location.SelectMany(a => LogUniform(0.1, 100).Select(w => new[] { a, a + w })), p => Dist.Uniform(p[0], p[1])),
        new("Weibull", Params(LogUniform(0.2, 20), Scale), p => Dist.Weibull(p[0], p[1])),
        new("ChiSquared", Params(LogUniform(0.2, 500)), p => Dist.ChiSquared(p[0])),
    ];
}

/// <summary>A case, its parameters and a point x = F⁻¹(level) of its support.</summary>
public sealed record ContinuousPoint(ContinuousCase Case, double[] Parameters, double Level)
{
    public IUnivariateCdf Distribution => Case.Create(Parameters);

    public double X => Distribution.InverseCdf(Level);

    /// <summary>
    /// x lies inside the support and at least 10⁴ ulps from a finite bound, so that finite differences with
    /// steps of 10⁻⁴ of that distance are resolvable. (A quantile can round onto a bound: for Beta with
    /// β = 0.1, 1 − F⁻¹(0.985) ≈ 10⁻¹⁸ is below the spacing of doubles at 1.)
    /// </summary>
    public bool IsInterior
    {
        get
        {
            var d = Distribution;
            double x = X, lower = d.InverseCdf(0), upper = d.InverseCdf(1);
            double ulp = Math.BitIncrement(Math.Abs(x)) - Math.Abs(x);
            return d.Support.Contains(x) && Math.Min(x - lower, upper - x) >= 1e4 * ulp;
        }
    }

    public override string ToString() => $"{Distribution.Name} at F⁻¹({Level:R}) = {X:R}";
}

public static class ContinuousArbitrary
{
    /// <summary>
    /// Any case with random parameters and a level in [10⁻³, 0.49] ∪ [0.51, 0.999] (away from the median,
    /// where Laplace has its kink, and from the far tails, where finite differences of a flat function
    /// in x resolve nothing), whose quantile is inside the support (<see cref="ContinuousPoint.IsInterior"/>).
    /// </summary>
    public static Arbitrary<ContinuousPoint> Points() => Arb.From(
        Gen.Elements(ContinuousCase.All).SelectMany(c => c.Parameters.SelectMany(p =>
            ContinuousCase.Uniform(1e-3, 0.98 - 1e-3).Select(u => new ContinuousPoint(c, p, u < 0.49 ? u : u + 0.02))))
            .Where(p => p.IsInterior));

    /// <summary>Any case with random parameters and a level anywhere in (0, 1), tails included (log-uniform down to 10⁻¹⁴ on either side).</summary>
    public static Arbitrary<ContinuousLevel> Levels() => Arb.From(
        Gen.Elements(ContinuousCase.All).SelectMany(c => c.Parameters.SelectMany(p =>
            Gen.Elements(false, true).SelectMany(upper => ContinuousCase.LogUniform(1e-14, 0.5).Select(t => new ContinuousLevel(c, p, upper ? 1 - t : t))))));
}

/// <summary>A case, its parameters and a probability level.</summary>
public sealed record ContinuousLevel(ContinuousCase Case, double[] Parameters, double Level)
{
    public override string ToString() => $"{Case.Create(Parameters).Name} at level {Level:R}";
}
