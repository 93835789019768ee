using Probabilistic.Distributions;
using Xunit;

namespace Probabilistic.Tests.Distributions.Continuous;

/// <summary>
/// The checks every continuous univariate distribution must pass; each distribution's test class
/// supplies its constructor, parameter sets, MathNet references and analytic moments.
/// </summary>
public abstract class ContinuousDistributionTests
{
    /// <summary>Draws per sampling test.</summary>
    protected const int N = 100_000;

    /// <summary>Probability levels at which values are compared: the body and both tails.</summary>
    protected virtual double[] Levels => [1e-6, 0.01, 0.2, 0.5, 0.8, 0.99, 1 - 1e-6];

    /// <summary>The class name, which messages must contain.</summary>
    protected abstract string DistributionName { get; }

    /// <summary>Builds the distribution from its parameters in constructor order.</summary>
    protected abstract IUnivariateCdf Create(Real[] parameters);

    /// <summary>Valid parameter sets covering the regimes of the implementation.</summary>
    protected abstract double[][] ParameterSets { get; }

    /// <summary>The reference log density (MathNet's <c>PDFLn</c>).</summary>
    protected abstract double ReferenceLogDensity(double[] p, double x);

    /// <summary>The reference CDF (MathNet's <c>CDF</c>).</summary>
    protected abstract double ReferenceCdf(double[] p, double x);

    /// <summary>Invalid parameter sets with the ParamName and the printed bad value the exception must name.</summary>
    protected abstract (double[] Parameters, string ParamName, string Value)[] InvalidCases { get; }

    /// <summary>Parameters for the sampling test, with the analytic mean, variance (NaN or ∞ where so) and fourth central moment (∞ or NaN: heavy tails, test quantiles).</summary>
    protected abstract (double[] Parameters, double Mean, double Variance, double FourthCentralMoment) MomentCase { get; }

    /// <summary>Values outside the support (NaN and infinities where they are outside too).</summary>
    protected abstract double[] OutsideSupport { get; }

    /// <summary>Indices (in the parameter list) of location parameters, whose natural step is that of x.</summary>
    protected virtual int[] LocationParameters => [];

    /// <summary>
    /// The finite-difference step for coordinate <paramref name="i"/> of (x, parameters…): 10⁻⁴ of the
    /// scale on which f varies there. On ℝ, x and location parameters enter through x − μ, and f varies on
    /// the scale max(IQR, |x − median|); on (0, ∞) and (a, b), x's scale is its distance to the nearest
    /// bound; scale and shape parameters vary on the scale of their value.
    /// </summary>
    protected virtual double Step(double[] point, int i)
    {
        var d = Make(point[1..]);
        double x = point[0];
        bool location = i == 0 || Array.IndexOf(LocationParameters, i - 1) >= 0;
        if (location && d.Support.Name == "real")
        {
            double median = d.InverseCdf(0.5), spread = d.InverseCdf(0.75) - d.InverseCdf(0.25);
            return 1e-4 * Math.Max(spread, Math.Abs(x - median));
        }
        if (i == 0)
        {
            double lower = d.InverseCdf(0), upper = d.InverseCdf(1);
            return 1e-4 * Math.Min(x - lower, double.IsPositiveInfinity(upper) ? x - lower : upper - x);
        }
        return FiniteDifference.Step(point[i]);
    }

    /// <summary>Where LogCdf is compared with MathNet's CDF: the body, where 1 − F has no cancellation for MathNet.</summary>
    protected virtual double[] CdfLevels => [0.05, 0.3, 0.5, 0.7, 0.95];

    /// <summary>MathNet's CDFs agree with exact values to about 10⁻¹³ in the body; 10⁻⁹ leaves a wide margin.</summary>
    protected virtual double CdfTolerance => 1e-9;

    protected IUnivariateCdf Make(double[] p) => Create(Array.ConvertAll(p, v => new Real(v)));

    protected IEnumerable<(double[] P, IUnivariateCdf D, double X)> Points()
    {
        foreach (var p in ParameterSets)
        {
            var d = Make(p);
            foreach (double level in Levels) yield return (p, d, d.InverseCdf(level));
        }
    }

    [Fact]
    public void DensityIntegratesToOne()
    {
        // Tanh-sinh quadrature to an absolute 1e-10 on a smooth mapped integrand: the requirement is 1e-6.
        foreach (var p in ParameterSets)
        {
            double mass = Quadrature.TotalMass(Make(p));
            Assert.True(Math.Abs(mass - 1) < 1e-6, $"{Make(p).Name}: ∫p = {mass:R}");
        }
    }

    [Fact]
    public void LogProbMatchesMathNet()
    {
        // An absolute error ε in log p is a relative error ε in p: 1e-10 (scaled by |log p| when it is large,
        // where both libraries lose digits in the sum of large terms).
        foreach (var (p, d, x) in Points())
        {
            double expected = ReferenceLogDensity(p, x), actual = d.LogProb(x).Value;
            Assert.True(Math.Abs(actual - expected) <= 1e-10 * Math.Max(1, Math.Abs(expected)),
                $"{d.Name}.LogProb({x:R}) = {actual:R}, MathNet {expected:R}");
        }
    }

    [Fact]
    public void LogProbGradientMatchesFiniteDifferences()
    {
        foreach (var (p, d, x) in Points())
        {
            double[] point = [x, .. p];
            FiniteDifference.AssertGradient(v => Create(v[1..]).LogProb(v[0]), point, i => Step(point, i), $"{d.Name}.LogProb");
        }
    }

    [Fact]
    public void LogCdfAndLogSurvivalMatchMathNet()
    {
        foreach (var p in ParameterSets)
        {
            var d = Make(p);
            foreach (double level in CdfLevels)
            {
                double x = d.InverseCdf(level), cdf = ReferenceCdf(p, x);
                if (double.IsNaN(cdf)) continue; // no reliable reference here (see the test class)
                Assert.True(Math.Abs(d.LogCdf(x).Value - Math.Log(cdf)) <= CdfTolerance, $"{d.Name}.LogCdf({x:R}) = {d.LogCdf(x).Value:R}, MathNet log {cdf:R}");
                Assert.True(Math.Abs(d.LogSurvival(x).Value - Math.Log(1 - cdf)) <= CdfTolerance, $"{d.Name}.LogSurvival({x:R}) = {d.LogSurvival(x).Value:R}, MathNet log(1 − {cdf:R})");
            }
        }
    }

    [Fact]
    public void CdfAndSurvivalAddToOne()
    {
        // Each is accurate to about 1e-14 relative in its own tail, so F + (1 − F) = 1 to about 1e-13.
        foreach (var (_, d, x) in Points())
        {
            double total = Math.Exp(d.LogCdf(x).Value) + Math.Exp(d.LogSurvival(x).Value);
            Assert.True(Math.Abs(total - 1) < 1e-12, $"{d.Name} at {x:R}: F + (1 − F) = {total:R}");
        }
    }

    [Fact]
    public void LogCdfGradientMatchesFiniteDifferences()
    {
        foreach (var (p, d, x) in Points())
        {
            double[] point = [x, .. p];
            FiniteDifference.AssertGradient(v => Create(v[1..]).LogCdf(v[0]), point, i => Step(point, i), $"{d.Name}.LogCdf");
            FiniteDifference.AssertGradient(v => Create(v[1..]).LogSurvival(v[0]), point, i => Step(point, i), $"{d.Name}.LogSurvival");
        }
    }

    [Fact]
    public void InverseCdfInvertsTheCdf()
    {
        // F⁻¹(p) must lie within 4 ulps of the exact quantile: F at x moved 4 ulps down is at most p and
        // F at x moved 4 ulps up at least p, up to the log CDF's own rounding (1e-12 relative). The lower
        // tail is checked on log F, the upper on log(1 − F), each where it keeps relative accuracy.
        foreach (var p in ParameterSets)
        {
            var d = Make(p);
            foreach (double level in (double[])[1e-12, 1e-4, 0.1, 0.5, 0.9, 1 - 1e-4, 1 - 1e-12])
            {
                double x = d.InverseCdf(level), below = x, above = x;
                for (int k = 0; k < 4; k++)
                {
                    below = Math.BitDecrement(below);
                    above = Math.BitIncrement(above);
                }
                bool lowerTail = level <= 0.5;
                double target = lowerTail ? Math.Log(level) : Math.Log(1 - level);
                double slack = 1e-12 * Math.Max(1, Math.Abs(target));
                double atBelow = lowerTail ? d.LogCdf(below).Value : -d.LogSurvival(below).Value;
                double atAbove = lowerTail ? d.LogCdf(above).Value : -d.LogSurvival(above).Value;
                double goal = lowerTail ? target : -target;
                Assert.True(atBelow <= goal + slack && atAbove >= goal - slack,
                    $"{d.Name}.InverseCdf({level:R}) = {x:R} is not within 4 ulps of the quantile: the log tail 4 ulps below is {(lowerTail ? atBelow : -atBelow):R}, 4 above {(lowerTail ? atAbove : -atAbove):R}, target {target:R}");
            }
        }
    }

    [Fact]
    public void SamplesMatchTheDistribution() => AssertSamples(rng => MakeMomentCase().Sample(rng).Value, seed: 20240601);

    [Fact]
    public void MeanAndVarianceProperties()
    {
        var (p, mean, variance, _) = MomentCase;
        var d = Make(p);
        AssertSame(mean, d.Mean, $"{d.Name}.Mean");
        AssertSame(variance, d.Variance, $"{d.Name}.Variance");
    }

    private static void AssertSame(double expected, double actual, string what) =>
        Assert.True(expected.Equals(actual) || Math.Abs(expected - actual) <= 1e-12 * Math.Abs(expected), $"{what} = {actual:R}, expected {expected:R}");

    [Fact]
    public void OutsideTheSupportIsNegativeInfinity()
    {
        foreach (var p in ParameterSets)
            foreach (double x in OutsideSupport)
                Assert.Equal(double.NegativeInfinity, Make(p).LogProb(x).Value);
    }

    [Fact]
    public void InvalidParametersThrow()
    {
        foreach (var (p, name, value) in InvalidCases)
        {
            var e = Assert.Throws<ArgumentException>(() => Make(p));
            Assert.Equal(name, e.ParamName);
            Assert.Contains(DistributionName, e.Message);
            Assert.Contains(value, e.Message);
        }
    }

    [Fact]
    public void NameAndToString()
    {
        var d = Make(ParameterSets[0]);
        Assert.StartsWith(DistributionName + "(", d.Name);
        Assert.Equal(d.Name, d.ToString());
    }

    private IUnivariateCdf? _momentDistribution;

    protected IUnivariateCdf MakeMomentCase() => _momentDistribution ??= Make(MomentCase.Parameters);

    /// <summary>
    /// Where the fourth moment is finite: the sample mean and variance of N draws against the analytic
    /// ones, each to 5 standard errors: se(mean) = σ/√N and se(s²) ≈ √((μ₄ − σ⁴)/N) (μ₄ the fourth
    /// central moment); a correct sampler fails either with probability about 6·10⁻⁷, and the seed is
    /// fixed. Otherwise (heavy tails) the quantile test of <see cref="AssertQuantiles"/>.
    /// </summary>
    protected void AssertSamples(Func<Rng, double> draw, ulong seed)
    {
        if (double.IsFinite(MomentCase.FourthCentralMoment)) AssertMoments(draw, seed);
        else AssertQuantiles(MakeMomentCase(), draw, seed);
    }

    private void AssertMoments(Func<Rng, double> draw, ulong seed)
    {
        var (_, mean, variance, mu4) = MomentCase;
        var rng = new Rng(seed);
        double sum = 0, sumSq = 0;
        var xs = new double[N];
        for (int i = 0; i < N; i++) sum += xs[i] = draw(rng);
        double m = sum / N;
        foreach (double x in xs) sumSq += (x - m) * (x - m);
        double s2 = sumSq / (N - 1);
        double seMean = Math.Sqrt(variance / N), seVar = Math.Sqrt((mu4 - variance * variance) / N);
        Assert.True(Math.Abs(m - mean) <= 5 * seMean, $"{MakeMomentCase().Name}: sample mean {m:R}, expected {mean:R} ± {5 * seMean:R}");
        Assert.True(Math.Abs(s2 - variance) <= 5 * seVar, $"{MakeMomentCase().Name}: sample variance {s2:R}, expected {variance:R} ± {5 * seVar:R}");
    }

    /// <summary>
    /// For distributions without a finite fourth moment: the fraction of N draws below F⁻¹(q) is
    /// Binomial(N, q)/N, so it must lie within 5√(q(1 − q)/N) of q.
    /// </summary>
    protected static void AssertQuantiles(IUnivariateCdf d, Func<Rng, double> draw, ulong seed)
    {
        double[] qs = [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99];
        var cut = Array.ConvertAll(qs, d.InverseCdf);
        var below = new int[qs.Length];
        var rng = new Rng(seed);
        for (int i = 0; i < N; i++)
        {
            double x = draw(rng);
            for (int k = 0; k < qs.Length; k++) if (x <= cut[k]) below[k]++;
        }
        for (int k = 0; k < qs.Length; k++)
        {
            double fraction = (double)below[k] / N, tolerance = 5 * Math.Sqrt(qs[k] * (1 - qs[k]) / N);
            Assert.True(Math.Abs(fraction - qs[k]) <= tolerance, $"{d.Name}: {fraction:R} of draws below F⁻¹({qs[k]}), expected ± {tolerance:R}");
        }
    }
}
