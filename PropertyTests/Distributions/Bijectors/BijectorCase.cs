using FsCheck;
using FsCheck.Fluent;
using Probabilistic.Distributions;

namespace Probabilistic.PropertyTests.Distributions.Bijectors;

/// <summary>
/// A continuous support with what the bijector properties need to exercise it: a range of
/// unconstrained coordinates where floating point does not saturate, a generator of points of the
/// support drawn independently of the bijector, the scale of the rounding error of a point's
/// coordinates, and points outside the support derived from one inside.
/// </summary>
public sealed class BijectorCase
{
    private BijectorCase(Support support, double range, Gen<double[]> points, Func<double[], double> scale, Func<double[], IEnumerable<double[]>> outside)
    {
        Support = support;
        UnconstrainedRange = range;
        Points = points;
        Scale = scale;
        Outside = outside;
    }

    /// <summary>The support under test.</summary>
    public Support Support { get; }

    /// <summary>Its bijector.</summary>
    public Bijector Bijector => Support.Bijector;

    /// <summary>Unconstrained coordinates are drawn from [−R, R].</summary>
    public double UnconstrainedRange { get; }

    /// <summary>Points of the support, away from its boundary.</summary>
    public Gen<double[]> Points { get; }

    /// <summary>
    /// The absolute rounding scale of a point's coordinates: a coordinate computed as l + (something
    /// small) carries an error of a few ulps of |l|, not of itself. 0 where every coordinate keeps
    /// its own relative accuracy.
    /// </summary>
    public Func<double[], double> Scale { get; }

    /// <summary>Points that are not in the support, made from a point that is.</summary>
    public Func<double[], IEnumerable<double[]>> Outside { get; }

    /// <inheritdoc />
    public override string ToString() => Support.Name;

    private const int Steps = 1 << 30;

    /// <summary>Uniform on [a, b] in 2³⁰ steps.</summary>
    public static Gen<double> Uniform(double a, double b) => Gen.Choose(0, Steps).Select(i => a + (b - a) * i / Steps);

    private static Gen<double[]> Vector(int k, Gen<double> entry) => Gen.ArrayOf(entry, k);

    private static double[] With(double[] x, int i, double v)
    {
        var y = (double[])x.Clone();
        y[i] = v;
        return y;
    }

    private static double MaxAbs(double[] x) => x.Max(Math.Abs);

    // Ranges of the unconstrained coordinates, chosen so that every round trip keeps 1e-9 relative
    // accuracy; beyond them floating point saturates:
    // - lower/upper bound, x = l ± eᵘ: the inverse takes log|x − l|, and x − l has an absolute error
    //   of an ulp of max(|l|, |x|). For |l| ≤ 10 and |u| ≤ 8 that is ≤ 5e-12 relative to eᵘ; for
    //   u ≲ −36, eᵘ is below an ulp of l and x rounds to l.
    // - interval, x = l + wσ(u) with w ≥ 0.1: at |u| = 8, x is 3.4e-5 from a bound that carries an
    //   ulp of ≤ 10 (1.8e-15), a 5e-11 relative error; at |u| ≈ 37 x rounds onto the bound.
    // - simplex and Cholesky factors: the maps are computed in log space and keep relative accuracy
    //   until exp underflows (|u| in the hundreds); 8 keeps K ≤ 6 coordinates far from that.
    // - ordered: xᵢ − xᵢ₋₁ = e^{uᵢ} is recovered by a subtraction that loses the ratio of |xᵢ| to the
    //   gap: with |u| ≤ 4 and k ≤ 6, |x| ≤ 4 + 6e⁴ ≈ 330 and gaps ≥ e⁻⁴, a loss of 2e4 ulps (5e-12).
    private const double BoundRange = 8, OrderedRange = 4;

    private static readonly Gen<int> Dimension = Gen.Choose(1, 6);

    /// <summary>Every continuous support, scalar and vector, with random bounds and dimensions.</summary>
    public static Gen<BijectorCase> Cases { get; } = Gen.OneOf(
        Gen.Constant(RealLine()),
        Uniform(-10, 10).Select(GreaterThan),
        Uniform(-10, 10).Select(LessThan),
        Gen.Zip(Uniform(-10, 10), Uniform(0.1, 10)).Select(t => Interval(t.Item1, t.Item1 + t.Item2)),
        Dimension.Select(RealVector),
        Dimension.Select(Simplex),
        Dimension.Select(CholeskyCorrelation),
        Dimension.Select(Ordered),
        Dimension.Select(PositiveOrdered));

    private static IEnumerable<double[]> NotFinite(double[] x)
    {
        yield return With(x, 0, double.NaN);
        yield return With(x, x.Length - 1, double.PositiveInfinity);
        yield return With(x, 0, double.NegativeInfinity);
        yield return [.. x, 0.0]; // one coordinate too many
    }

    private static BijectorCase RealLine() => new(
        Support.Real, 1e3, Vector(1, Uniform(-1e3, 1e3)), _ => 0, NotFinite);

    private static BijectorCase GreaterThan(double l) => new(
        Support.GreaterThan(l), BoundRange, Uniform(-8, 8).Select(g => new[] { l + Math.Exp(g) }), _ => Math.Abs(l),
        x => NotFinite(x).Concat([[l], [l - (x[0] - l)]]));

    private static BijectorCase LessThan(double h) => new(
        Support.LessThan(h), BoundRange, Uniform(-8, 8).Select(g => new[] { h - Math.Exp(g) }), _ => Math.Abs(h),
        x => NotFinite(x).Concat([[h], [h + (h - x[0])]]));

    private static BijectorCase Interval(double l, double h) => new(
        Support.Interval(l, h), BoundRange, Uniform(1e-3, 1 - 1e-3).Select(p => new[] { l + (h - l) * p }), _ => Math.Max(Math.Abs(l), Math.Abs(h)),
        x => NotFinite(x).Concat([[l], [h], [l - (x[0] - l)], [h + (h - x[0])]]));

    private static BijectorCase RealVector(int k) => new(
        Support.RealVector(k), 1e3, Vector(k, Uniform(-1e3, 1e3)), _ => 0, NotFinite);

    private static BijectorCase Simplex(int k) => new(
        Support.Simplex(k), BoundRange,
        Vector(k, Uniform(-8, 8)).Select(g =>
        {
            var w = g.Select(Math.Exp).ToArray();
            double sum = w.Sum();
            return w.Select(v => v / sum).ToArray();
        }),
        _ => 0,
        x =>
        {
            // Sums off by 1e-6, 100 times the tolerance; a negative entry with the sum kept at 1.
            var outside = NotFinite(x).Append(x.Select(v => v * (1 + 1e-6)).ToArray());
            if (k >= 2) outside = outside.Append(With(With(x, 0, -x[0]), 1, x[1] + 2 * x[0]));
            return outside;
        });

    private static BijectorCase CholeskyCorrelation(int k) => new(
        Support.CholeskyCorrelation(k), BoundRange,
        // Any lower-triangular L with a positive diagonal and unit rows is the Cholesky factor of the
        // correlation matrix LLᵀ, so rows are drawn at random and normalized.
        Vector(k * k, Uniform(-1, 1)).Select(r =>
        {
            var l = new double[k * k];
            for (int i = 0; i < k; i++)
            {
                double norm2 = 0;
                for (int j = 0; j <= i; j++)
                {
                    double v = j == i ? 0.05 + Math.Abs(r[i * k + j]) : r[i * k + j];
                    l[i * k + j] = v;
                    norm2 += v * v;
                }
                double norm = Math.Sqrt(norm2);
                for (int j = 0; j <= i; j++) l[i * k + j] /= norm;
            }
            return l;
        }),
        _ => 0,
        x =>
        {
            int last = k - 1;
            var scaled = (double[])x.Clone();
            for (int j = 0; j <= last; j++) scaled[last * k + j] *= 1 + 1e-6; // ‖row‖² off by 2e-6
            var outside = NotFinite(x).Append(scaled).Append(With(x, last * k + last, -x[last * k + last]));
            if (k >= 2) outside = outside.Append(With(x, 1, 1e-3)); // an entry above the diagonal
            return outside;
        });

    private static Gen<double[]> Increasing(int k, Gen<double> first) =>
        Gen.Zip(first, Vector(k, Uniform(0.01, 10))).Select(t =>
        {
            var x = new double[k];
            x[0] = t.Item1;
            for (int i = 1; i < k; i++) x[i] = x[i - 1] + t.Item2[i];
            return x;
        });

    private static IEnumerable<double[]> Unordered(double[] x)
    {
        if (x.Length < 2) return [];
        return [With(With(x, 0, x[1]), 1, x[0]), With(x, 1, x[0])]; // swapped; tied
    }

    private static BijectorCase Ordered(int k) => new(
        Support.Ordered(k), OrderedRange, Increasing(k, Uniform(-10, 10)), MaxAbs,
        x => NotFinite(x).Concat(Unordered(x)));

    private static BijectorCase PositiveOrdered(int k) => new(
        Support.PositiveOrdered(k), OrderedRange, Increasing(k, Uniform(0.01, 10)), MaxAbs,
        x => NotFinite(x).Concat(Unordered(x)).Concat([With(x, 0, 0.0), With(x, 0, -x[0])]));
}

/// <summary>A support and a point of ℝᵈ, its bijector's domain.</summary>
public sealed record UnconstrainedPoint(BijectorCase Case, double[] U)
{
    /// <inheritdoc />
    public override string ToString() => $"{Case} at u = ({string.Join(", ", U.Select(v => v.ToString("R")))})";
}

/// <summary>A support and a point of it.</summary>
public sealed record ConstrainedPoint(BijectorCase Case, double[] X)
{
    /// <inheritdoc />
    public override string ToString() => $"{Case} at x = ({string.Join(", ", X.Select(v => v.ToString("R")))})";
}

/// <summary>The FsCheck instances: <c>[Property(Arbitrary = [typeof(BijectorArbitrary)])]</c>.</summary>
public static class BijectorArbitrary
{
    /// <summary>A support and unconstrained coordinates uniform on [−R, R]ᵈ.</summary>
    public static Arbitrary<UnconstrainedPoint> Unconstrained() => Arb.From(
        BijectorCase.Cases.SelectMany(c => Gen.ArrayOf(BijectorCase.Uniform(-c.UnconstrainedRange, c.UnconstrainedRange), c.Bijector.UnconstrainedDimension)
            .Select(u => new UnconstrainedPoint(c, u))));

    /// <summary>A support and a point of it.</summary>
    public static Arbitrary<ConstrainedPoint> Constrained() => Arb.From(
        BijectorCase.Cases.SelectMany(c => c.Points.Select(x => new ConstrainedPoint(c, x))));
}
