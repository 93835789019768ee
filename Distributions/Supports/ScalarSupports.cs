using System.Globalization;

namespace Probabilistic.Distributions;

public abstract partial class Support
{
    /// <summary>All of ℝ.</summary>
    public static readonly Support Real = new RealLine();

    /// <summary>(0, ∞).</summary>
    public static readonly Support Positive = new GreaterThanSupport(0);

    /// <summary>(0, 1).</summary>
    public static readonly Support UnitInterval = new IntervalSupport(0, 1);

    /// <summary>[0, ∞): the positive half-line with its end, for densities defined at 0 (Exponential, HalfNormal, Gamma, …).</summary>
    public static readonly Support NonNegative = new AtLeastSupport(0);

    /// <summary>[0, 1]: the unit interval with its ends (Beta).</summary>
    public static readonly Support ClosedUnitInterval = new ClosedIntervalSupport(0, 1);

    /// <summary>{false, true}.</summary>
    public static readonly Support Boolean = new BooleanSupport();

    /// <summary>{0, 1, 2, …}.</summary>
    public static readonly Support NonNegativeInteger = new IntegerSupport(0, int.MaxValue);

    /// <summary>(lower, ∞).</summary>
    public static Support GreaterThan(double lower)
    {
        if (!double.IsFinite(lower)) throw new ArgumentException($"Support.GreaterThan: lower must be finite, but is {lower}.", nameof(lower));
        return lower == 0 ? Positive : new GreaterThanSupport(lower);
    }

    /// <summary>(−∞, upper).</summary>
    public static Support LessThan(double upper)
    {
        if (!double.IsFinite(upper)) throw new ArgumentException($"Support.LessThan: upper must be finite, but is {upper}.", nameof(upper));
        return new LessThanSupport(upper);
    }

    /// <summary>(lower, upper) for lower &lt; upper; infinite bounds give a half-line or ℝ.</summary>
    public static Support Interval(double lower, double upper)
    {
        if (double.IsNaN(lower) || double.IsNaN(upper) || !(lower < upper))
            throw new ArgumentException($"Support.Interval: needs lower < upper, but lower = {lower} and upper = {upper}.", nameof(lower));
        if (double.IsNegativeInfinity(lower)) return double.IsPositiveInfinity(upper) ? Real : LessThan(upper);
        if (double.IsPositiveInfinity(upper)) return GreaterThan(lower);
        return lower == 0 && upper == 1 ? UnitInterval : new IntervalSupport(lower, upper);
    }

    /// <summary>
    /// [lower, upper] for lower &lt; upper, its finite ends included (an infinite end gives [lower, ∞), (−∞, upper] or ℝ;
    /// ±∞ themselves are never in a support). Its bijector maps ℝ onto the interior, as for the open interval: a value
    /// at an end lies in the support but has no unconstrained image.
    /// </summary>
    public static Support ClosedInterval(double lower, double upper)
    {
        if (double.IsNaN(lower) || double.IsNaN(upper) || !(lower < upper))
            throw new ArgumentException($"Support.ClosedInterval: needs lower < upper, but lower = {lower} and upper = {upper}.", nameof(lower));
        if (double.IsNegativeInfinity(lower)) return double.IsPositiveInfinity(upper) ? Real : new AtMostSupport(upper);
        if (double.IsPositiveInfinity(upper)) return lower == 0 ? NonNegative : new AtLeastSupport(lower);
        return lower == 0 && upper == 1 ? ClosedUnitInterval : new ClosedIntervalSupport(lower, upper);
    }

    /// <summary>The integers lower … upper.</summary>
    public static Support IntegerInterval(int lower, int upper)
    {
        if (lower > upper) throw new ArgumentException($"Support.IntegerInterval: needs lower ≤ upper, but lower = {lower} and upper = {upper}.", nameof(lower));
        return new IntegerSupport(lower, upper);
    }

    private static string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    private sealed class RealLine : Support
    {
        public override string Name => "real";
        public override bool IsDiscrete => false;
        public override bool Contains(double x) => double.IsFinite(x);
        public override double Lower => double.NegativeInfinity;
        public override double Upper => double.PositiveInfinity;
        public override Bijector Bijector => IdentityBijector.Instance;
    }

    private sealed class GreaterThanSupport(double lower) : Support
    {
        private readonly LowerBoundBijector _bijector = new(lower);
        public override string Name => lower == 0 ? "positive" : $"greater_than({F(lower)})";
        public override bool IsDiscrete => false;
        public override bool Contains(double x) => x > lower && x < double.PositiveInfinity;
        public override double Lower => lower;
        public override double Upper => double.PositiveInfinity;
        public override Bijector Bijector => _bijector;
    }

    private sealed class LessThanSupport(double upper) : Support
    {
        private readonly UpperBoundBijector _bijector = new(upper);
        public override string Name => $"less_than({F(upper)})";
        public override bool IsDiscrete => false;
        public override bool Contains(double x) => x < upper && x > double.NegativeInfinity;
        public override double Lower => double.NegativeInfinity;
        public override double Upper => upper;
        public override Bijector Bijector => _bijector;
    }

    private sealed class IntervalSupport(double lower, double upper) : Support
    {
        private readonly IntervalBijector _bijector = new(lower, upper);
        public override string Name => lower == 0 && upper == 1 ? "unit_interval" : $"interval({F(lower)}, {F(upper)})";
        public override bool IsDiscrete => false;
        public override bool Contains(double x) => x > lower && x < upper;
        public override double Lower => lower;
        public override double Upper => upper;
        public override Bijector Bijector => _bijector;
    }

    private sealed class AtLeastSupport(double lower) : Support
    {
        private readonly LowerBoundBijector _bijector = new(lower);
        public override string Name => lower == 0 ? "nonnegative" : $"greater_than_eq({F(lower)})";
        public override bool IsDiscrete => false;
        public override bool Contains(double x) => x >= lower && x < double.PositiveInfinity;
        public override double Lower => lower;
        public override double Upper => double.PositiveInfinity;
        public override Bijector Bijector => _bijector;
    }

    private sealed class AtMostSupport(double upper) : Support
    {
        private readonly UpperBoundBijector _bijector = new(upper);
        public override string Name => $"less_than_eq({F(upper)})";
        public override bool IsDiscrete => false;
        public override bool Contains(double x) => x <= upper && x > double.NegativeInfinity;
        public override double Lower => double.NegativeInfinity;
        public override double Upper => upper;
        public override Bijector Bijector => _bijector;
    }

    private sealed class ClosedIntervalSupport(double lower, double upper) : Support
    {
        private readonly IntervalBijector _bijector = new(lower, upper);
        public override string Name => lower == 0 && upper == 1 ? "closed_unit_interval" : $"closed_interval({F(lower)}, {F(upper)})";
        public override bool IsDiscrete => false;
        public override bool Contains(double x) => x >= lower && x <= upper;
        public override double Lower => lower;
        public override double Upper => upper;
        public override Bijector Bijector => _bijector;
    }

    private sealed class BooleanSupport : Support
    {
        public override string Name => "boolean";
        public override bool IsDiscrete => true;
        public override bool Contains(double x) => x == 0 || x == 1;
    }

    private sealed class IntegerSupport(int lower, int upper) : Support
    {
        public override string Name => upper == int.MaxValue ? (lower == 0 ? "nonnegative_integer" : $"integer_greater_than({lower - 1})") : $"integer_interval({lower}, {upper})";
        public override bool IsDiscrete => true;
        public override bool Contains(double x) => x >= lower && x <= upper && Math.Floor(x) == x;
        public override double Lower => lower;
        public override double Upper => upper;
    }
}
