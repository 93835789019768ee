namespace Probabilistic.Inference.Particles;

/// <summary>
/// A resampling scheme: given N normalized weights, choose N ancestor indices so that particle i
/// is chosen N·wᵢ times in expectation (Douc, Cappé &amp; Moulines, "Comparison of resampling
/// schemes for particle filtering", ISPA 2005). Systematic is the default, as in most SMC libraries.
/// </summary>
public abstract partial class Resampler
{
    /// <summary>The scheme's name.</summary>
    public abstract string Name { get; }

    /// <summary>Each particle drawn independently with probability wᵢ.</summary>
    public static readonly Resampler Multinomial = new MultinomialResampler();

    /// <summary>One uniform u; the N points (u + k)/N, k = 0 … N−1, select the ancestors.</summary>
    public static readonly Resampler Systematic = new SystematicResampler();

    /// <summary>One uniform in each stratum [k/N, (k+1)/N).</summary>
    public static readonly Resampler Stratified = new StratifiedResampler();

    /// <summary>⌊N·wᵢ⌋ copies of each particle, the remainder multinomially on the residual weights.</summary>
    public static readonly Resampler Residual = new ResidualResampler();

    /// <summary>
    /// Writes N = <paramref name="ancestors"/>.Length ancestor indices for the given weights, in
    /// increasing order (so resampled particles stay grouped). The weights are normalized here; they
    /// must be finite, non-negative and not all zero.
    /// </summary>
    public void Resample(ReadOnlySpan<double> weights, Span<int> ancestors, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        Draw(weights, Validated(weights, ancestors), ancestors, rng);
    }

    /// <summary>Checks the arguments of a resampling; returns the sum of the weights.</summary>
    private double Validated(ReadOnlySpan<double> weights, Span<int> ancestors)
    {
        if (weights.Length == 0) throw new ArgumentException("Resample: there are no particles to resample.", nameof(weights));
        if (ancestors.Length == 0) throw new ArgumentException("Resample: the number of offspring must be positive.", nameof(ancestors));
        double total = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            double w = weights[i];
            if (!(w >= 0) || double.IsPositiveInfinity(w))
                throw new ArgumentException($"Resample ({Name}): weight {i} is {w}; weights must be finite and non-negative.", nameof(weights));
            total += w;
        }
        if (!(total > 0)) throw new ArgumentException($"Resample ({Name}): every weight is zero.", nameof(weights));
        return total;
    }

    /// <summary>The scheme itself: weights are valid and sum to <paramref name="total"/> &gt; 0.</summary>
    private protected abstract void Draw(ReadOnlySpan<double> weights, double total, Span<int> ancestors, Rng rng);

    /// <summary>Maps sorted points in [0, total) to ancestors by one pass over the cumulative weights.</summary>
    private protected static void Invert(ReadOnlySpan<double> weights, ReadOnlySpan<double> sortedPoints, Span<int> ancestors)
    {
        var points = new GivenPoints(sortedPoints[..ancestors.Length]);
        Invert(weights, ref points, ancestors);
    }

    /// <summary>
    /// Maps the sorted points that <paramref name="points"/> produces (point k asked for once, in order k = 0 … N − 1) to
    /// ancestors by one pass over the cumulative weights, so a scheme whose points are a formula needs no array of them.
    /// </summary>
    private static void Invert<TPoints>(ReadOnlySpan<double> weights, ref TPoints points, Span<int> ancestors)
        where TPoints : struct, IPointSequence, allows ref struct
    {
        int i = 0;
        double cumulative = weights[0];
        for (int k = 0; k < ancestors.Length; k++)
        {
            double point = points.Point(k);
            while (point >= cumulative && i < weights.Length - 1) cumulative += weights[++i];
            // Skip zero-weight particles that a rounding step might land on.
            while (weights[i] == 0 && i < weights.Length - 1) cumulative += weights[++i];
            ancestors[k] = i;
        }
    }

    /// <summary>Sorted points produced one at a time, in order.</summary>
    private interface IPointSequence
    {
        /// <summary>Point <paramref name="k"/>; called once for each k, in increasing order.</summary>
        double Point(int k);
    }

    /// <summary>Points held in a span.</summary>
    private readonly ref struct GivenPoints(ReadOnlySpan<double> points) : IPointSequence
    {
        private readonly ReadOnlySpan<double> _points = points;

        public double Point(int k) => _points[k];
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    private sealed partial class SystematicResampler : Resampler
    {
        public override string Name => "systematic";

        private protected override void Draw(ReadOnlySpan<double> weights, double total, Span<int> ancestors, Rng rng) =>
            Select(weights, ancestors, total / ancestors.Length, rng.NextDouble() * (total / ancestors.Length));

        /// <summary>The ancestors that the points u + k·step select, u ∈ [0, step) (computed as the pass reaches them: nothing allocated).</summary>
        private static void Select(ReadOnlySpan<double> weights, Span<int> ancestors, double step, double u)
        {
            var points = new Points(u, step);
            Invert(weights, ref points, ancestors);
        }

        /// <summary>u + k·step.</summary>
        private struct Points(double u, double step) : IPointSequence
        {
            public readonly double Point(int k) => u + k * step;
        }
    }

    private sealed partial class StratifiedResampler : Resampler
    {
        public override string Name => "stratified";

        private protected override void Draw(ReadOnlySpan<double> weights, double total, Span<int> ancestors, Rng rng)
        {
            // u_k drawn as the pass reaches point k: the same draws, in the same order, as drawing all N first.
            var points = new DrawnPoints(rng, total / ancestors.Length);
            Invert(weights, ref points, ancestors);
        }

        /// <summary>(k + u_k)·step with u_k the next uniform of the stream.</summary>
        private struct DrawnPoints(Rng rng, double step) : IPointSequence
        {
            public readonly double Point(int k) => (k + rng.NextDouble()) * step;
        }

        /// <summary>The ancestors that the points (k + u_k)·step select, u_k ∈ [0, 1).</summary>
        private static void Select(ReadOnlySpan<double> weights, Span<int> ancestors, double step, ReadOnlySpan<double> uniforms)
        {
            int n = ancestors.Length;
            Span<double> points = n <= 1024 ? stackalloc double[n] : new double[n];
            for (int k = 0; k < n; k++) points[k] = (k + uniforms[k]) * step;
            Invert(weights, points, ancestors);
        }
    }

    private sealed partial class MultinomialResampler : Resampler
    {
        public override string Name => "multinomial";

        private protected override void Draw(ReadOnlySpan<double> weights, double total, Span<int> ancestors, Rng rng)
        {
            // N sorted uniforms by normalized cumulative exponential spacings (Devroye 1986, §V.3), then one inversion pass.
            int n = ancestors.Length;
            Span<double> points = n <= 1024 ? stackalloc double[n + 1] : new double[n + 1];
            double acc = 0;
            for (int k = 0; k <= n; k++)
            {
                acc -= Math.Log(rng.NextOpenDouble());
                points[k] = acc;
            }
            double scale = total / acc;
            for (int k = 0; k < n; k++) points[k] *= scale;
            Invert(weights, points[..n], ancestors);
        }
    }

    private sealed partial class ResidualResampler : Resampler
    {
        public override string Name => "residual";

        private protected override void Draw(ReadOnlySpan<double> weights, double total, Span<int> ancestors, Rng rng) =>
            Draw(weights, total, ancestors, (residual, residualTotal, rest) => Multinomial.Draw(residual, residualTotal, rest, rng));

        /// <summary>⌊N·wᵢ⌋ copies of each particle, then <paramref name="drawRest"/>(residual weights, their sum, the remaining slots).</summary>
        private static void Draw(ReadOnlySpan<double> weights, double total, Span<int> ancestors, Action<double[], double, int[]> drawRest)
        {
            int n = ancestors.Length, m = weights.Length, filled = 0;
            var residual = new double[m];
            double residualTotal = 0;
            for (int i = 0; i < m; i++)
            {
                double expected = n * weights[i] / total;
                int copies = (int)Math.Floor(expected);
                for (int c = 0; c < copies && filled < n; c++) ancestors[filled++] = i;
                residual[i] = expected - copies;
                residualTotal += residual[i];
            }
            if (filled == n) return;
            var rest = new int[n - filled];
            drawRest(residual, residualTotal, rest);
            // Merge the deterministic copies and the multinomial rest into increasing order.
            var all = ancestors[..filled].ToArray().Concat(rest).ToArray();
            Array.Sort(all);
            all.CopyTo(ancestors);
        }
    }
}
