namespace Probabilistic.Distributions;

// Vector supports and their bijectors, after Stan's constrained types (Stan Reference Manual,
// "Constraint transforms"). Membership tests that involve a sum or a norm use Stan Math's
// CONSTRAINT_TOLERANCE = 1e-8 (stan/math/prim/err/constraint_tolerance.hpp, used by check_simplex
// and check_unit_vector): a point computed in floating point, e.g. by normalizing or by a
// numerical Cholesky factorization, is off by a few ulps times its size, far below 1e-8, while a
// point that is not in the set at all is off by far more.
public abstract partial class Support
{
    /// <summary>The tolerance on |Σ x − 1| for the simplex and on |‖row‖² − 1| for Cholesky factors of correlation matrices (Stan's CONSTRAINT_TOLERANCE).</summary>
    public const double ConstraintTolerance = 1e-8;

    /// <summary>All of ℝᵏ (Stan's <c>vector[k]</c>), with the identity bijector; k ≥ 1.</summary>
    /// <exception cref="ArgumentException">k &lt; 1.</exception>
    public static Support RealVector(int k) => new RealVectorSupport(CheckDimension(nameof(RealVector), k));

    /// <summary>
    /// The open unit K-simplex {x ∈ ℝᴷ : xₖ &gt; 0, |Σ xₖ − 1| ≤ <see cref="ConstraintTolerance"/>} (Stan's <c>simplex[K]</c>),
    /// with the stick-breaking bijector from ℝᴷ⁻¹ (<see cref="StickBreakingBijector"/>); K ≥ 1.
    /// </summary>
    /// <exception cref="ArgumentException">k &lt; 1.</exception>
    public static Support Simplex(int k) => new SimplexSupport(CheckDimension(nameof(Simplex), k));

    /// <summary>
    /// The Cholesky factors L of K×K correlation matrices (Stan's <c>cholesky_factor_corr[K]</c>), stored
    /// row-major as K·K coordinates: zeros above the diagonal, a positive diagonal, and rows of unit norm
    /// (|Σⱼ Lᵢⱼ² − 1| ≤ <see cref="ConstraintTolerance"/>); with the bijector from ℝ^(K(K−1)/2) through
    /// canonical partial correlations (<see cref="CholeskyCorrelationBijector"/>); K ≥ 1.
    /// </summary>
    /// <exception cref="ArgumentException">k &lt; 1.</exception>
    public static Support CholeskyCorrelation(int k) => new CholeskyCorrelationSupport(CheckDimension(nameof(CholeskyCorrelation), k));

    /// <summary>The strictly increasing vectors of ℝᵏ (Stan's <c>ordered[k]</c>), with <see cref="OrderedBijector"/>; k ≥ 1.</summary>
    /// <exception cref="ArgumentException">k &lt; 1.</exception>
    public static Support Ordered(int k) => new OrderedSupport(CheckDimension(nameof(Ordered), k));

    /// <summary>The strictly increasing vectors of (0, ∞)ᵏ (Stan's <c>positive_ordered[k]</c>), with <see cref="PositiveOrderedBijector"/>; k ≥ 1.</summary>
    /// <exception cref="ArgumentException">k &lt; 1.</exception>
    public static Support PositiveOrdered(int k) => new PositiveOrderedSupport(CheckDimension(nameof(PositiveOrdered), k));

    private static int CheckDimension(string method, int k) =>
        k >= 1 ? k : throw new ArgumentException($"Support.{method}: k must be at least 1, but is {k}.", nameof(k));

    private static bool AllFinite(ReadOnlySpan<double> x)
    {
        foreach (double v in x)
            if (!double.IsFinite(v)) return false;
        return true;
    }

    private abstract class VectorSupport(int k, int dimension, Bijector bijector) : Support
    {
        /// <summary>The k of the factory method (the matrix order for Cholesky factors).</summary>
        protected int K { get; } = k;
        public sealed override bool IsDiscrete => false;
        public sealed override int Dimension => dimension;
        public sealed override Bijector Bijector => bijector;
        public sealed override bool Contains(ReadOnlySpan<double> x) => x.Length == dimension && AllFinite(x) && Holds(x);

        /// <summary>The set's constraint, for a finite x of the right length.</summary>
        protected abstract bool Holds(ReadOnlySpan<double> x);
    }

    private sealed class RealVectorSupport(int k) : VectorSupport(k, k, new IdentityVectorBijector(k))
    {
        public override string Name => $"real_vector({K})";
        protected override bool Holds(ReadOnlySpan<double> x) => true;
    }

    private sealed class SimplexSupport(int k) : VectorSupport(k, k, new StickBreakingBijector(k))
    {
        public override string Name => $"simplex({K})";

        protected override bool Holds(ReadOnlySpan<double> x)
        {
            double sum = 0;
            foreach (double v in x)
            {
                if (!(v > 0)) return false;
                sum += v;
            }
            return Math.Abs(sum - 1.0) <= ConstraintTolerance;
        }
    }

    private sealed class CholeskyCorrelationSupport(int k) : VectorSupport(k, k * k, new CholeskyCorrelationBijector(k))
    {
        public override string Name => $"cholesky_factor_corr({K})";

        protected override bool Holds(ReadOnlySpan<double> x)
        {
            for (int i = 0; i < K; i++)
            {
                var row = x.Slice(i * K, K);
                if (!(row[i] > 0)) return false;
                for (int j = i + 1; j < K; j++)
                    if (row[j] != 0) return false;
                double norm2 = 0;
                for (int j = 0; j <= i; j++) norm2 += row[j] * row[j];
                if (!(Math.Abs(norm2 - 1.0) <= ConstraintTolerance)) return false;
            }
            return true;
        }
    }

    private sealed class OrderedSupport(int k) : VectorSupport(k, k, new OrderedBijector(k))
    {
        public override string Name => $"ordered({K})";
        protected override bool Holds(ReadOnlySpan<double> x) => StrictlyIncreasing(x);
    }

    private sealed class PositiveOrderedSupport(int k) : VectorSupport(k, k, new PositiveOrderedBijector(k))
    {
        public override string Name => $"positive_ordered({K})";
        protected override bool Holds(ReadOnlySpan<double> x) => x[0] > 0 && StrictlyIncreasing(x);
    }

    private static bool StrictlyIncreasing(ReadOnlySpan<double> x)
    {
        for (int i = 1; i < x.Length; i++)
            if (!(x[i] > x[i - 1])) return false;
        return true;
    }
}
