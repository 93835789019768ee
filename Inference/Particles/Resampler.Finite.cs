namespace Probabilistic.Inference.Particles;

public abstract partial class Resampler
{
    /// <summary>
    /// Resampling with its draws taken from <paramref name="randomness"/> (each a choice among finitely many
    /// outcomes), for exact enumeration: each scheme's outcome has the same distribution as with an
    /// <see cref="Rng"/>. A uniform u ∈ [low, high) of a scheme matters only through which of finitely many
    /// intervals it falls in (between the breakpoints where a point crosses a cumulative weight), so it is drawn
    /// as one of those intervals, with probability its length / (high − low), and taken at its midpoint.
    /// </summary>
    internal void Resample(ReadOnlySpan<double> weights, Span<int> ancestors, IFiniteRandomness randomness)
    {
        ArgumentNullException.ThrowIfNull(randomness);
        Draw(weights, Validated(weights, ancestors), ancestors, randomness);
    }

    /// <summary>The scheme with finite randomness: weights are valid and sum to <paramref name="total"/> &gt; 0.</summary>
    private protected abstract void Draw(ReadOnlySpan<double> weights, double total, Span<int> ancestors, IFiniteRandomness randomness);

    /// <summary>The cumulative weights c_j = w_0 + … + w_j, j &lt; m − 1, summed in the order <see cref="Invert"/> sums them.</summary>
    private static List<double> Cumulative(ReadOnlySpan<double> weights)
    {
        var c = new List<double>(weights.Length);
        double s = 0;
        for (int j = 0; j < weights.Length - 1; j++) c.Add(s += weights[j]);
        return c;
    }

    /// <summary>
    /// A uniform on [<paramref name="low"/>, <paramref name="high"/>) reduced to the intervals between
    /// <paramref name="breakpoints"/> (those outside are ignored): the midpoint of an interval chosen with
    /// probability proportional to its length.
    /// </summary>
    private static double IntervalMidpoint(IFiniteRandomness randomness, double low, double high, List<double> breakpoints)
    {
        var edges = breakpoints.Where(b => b > low && b < high).Append(low).Append(high).Distinct().Order().ToArray();
        var probabilities = new double[edges.Length - 1];
        for (int k = 0; k < probabilities.Length; k++) probabilities[k] = (edges[k + 1] - edges[k]) / (high - low);
        int chosen = randomness.Choose(probabilities);
        return (edges[chosen] + edges[chosen + 1]) / 2;
    }

    private sealed partial class SystematicResampler
    {
        private protected override void Draw(ReadOnlySpan<double> weights, double total, Span<int> ancestors, IFiniteRandomness randomness)
        {
            // Point k = u + k·step crosses c_j at u = c_j − k·step.
            int n = ancestors.Length;
            double step = total / n;
            var breakpoints = Cumulative(weights).SelectMany(c => Enumerable.Range(0, n).Select(k => c - k * step)).ToList();
            Select(weights, ancestors, step, IntervalMidpoint(randomness, 0, step, breakpoints));
        }
    }

    private sealed partial class StratifiedResampler
    {
        private protected override void Draw(ReadOnlySpan<double> weights, double total, Span<int> ancestors, IFiniteRandomness randomness)
        {
            // Point k = (k + u_k)·step crosses c_j at u_k = c_j / step − k; the u_k are independent.
            int n = ancestors.Length;
            double step = total / n;
            var cumulative = Cumulative(weights);
            var uniforms = new double[n];
            for (int k = 0; k < n; k++) uniforms[k] = IntervalMidpoint(randomness, 0, 1, cumulative.Select(c => c / step - k).ToList());
            Select(weights, ancestors, step, uniforms);
        }
    }

    private sealed partial class MultinomialResampler
    {
        private protected override void Draw(ReadOnlySpan<double> weights, double total, Span<int> ancestors, IFiniteRandomness randomness)
        {
            // The sorted ancestors of N independent categorical draws are their offspring counts, multinomial(N, w/Σw):
            // drawn as c_i ~ Binomial(N − Σ_{j<i} c_j, w_i / Σ_{j≥i} w_j) in turn (the conditional laws of the counts).
            int remaining = ancestors.Length, filled = 0;
            double rest = total;
            for (int i = 0; i < weights.Length && remaining > 0; i++)
            {
                int copies = i == weights.Length - 1 ? remaining : Binomial(randomness, remaining, Math.Clamp(weights[i] / rest, 0, 1));
                for (int c = 0; c < copies; c++) ancestors[filled++] = i;
                remaining -= copies;
                rest -= weights[i];
            }
        }

        /// <summary>A Binomial(<paramref name="trials"/>, <paramref name="p"/>) draw as one choice among its trials + 1 values.</summary>
        private static int Binomial(IFiniteRandomness randomness, int trials, double p)
        {
            var probabilities = new double[trials + 1];
            double choose = 1;
            for (int c = 0; c <= trials; c++)
            {
                probabilities[c] = choose * Math.Pow(p, c) * Math.Pow(1 - p, trials - c);
                choose = choose * (trials - c) / (c + 1);
            }
            return randomness.Choose(probabilities);
        }
    }

    private sealed partial class ResidualResampler
    {
        private protected override void Draw(ReadOnlySpan<double> weights, double total, Span<int> ancestors, IFiniteRandomness randomness) =>
            Draw(weights, total, ancestors, (residual, residualTotal, rest) => Multinomial.Draw(residual, residualTotal, rest, randomness));
    }
}
