using Probabilistic.Distributions;

namespace Probabilistic.Benchmarks.Numerics;

// The categorical GLM (Stan's categorical_logit_glm: N = 5,000, D = 24, K = 3 simulated correlated predictors) against a
// hand-written double gradient loop, and the vectorized Normal(μ vector, σ) against the per-element composition, timed
// interleaved like the other GLMs (part of `glm-gradient`; `--only categorical` or `--only vector` runs one).
public static partial class GlmGradientComparison
{
    private static void Categorical(int n, int d, int k, int rounds)
    {
        var (x, _, _, _) = Simulate(n, d, seed: 16);
        var flat = new double[n * d];
        Buffer.BlockCopy(x, 0, flat, 0, flat.Length * sizeof(double));
        // Outcomes 1 … K drawn from the model at α_k = 0.2k, β_{jk} = 0.1·((j + k) mod 5 − 2).
        var rng = new Rng(17);
        var y = new int[n];
        var eta = new double[k];
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < k; c++)
            {
                eta[c] = 0.2 * c;
                for (int j = 0; j < d; j++) eta[c] += x[i, j] * 0.1 * ((j + c) % 5 - 2);
            }
            y[i] = Dist.CategoricalLogits(eta).Sample(rng) + 1;
        }
        var point = new double[k + d * k];
        for (int m = 0; m < point.Length; m++) point[m] = 0.05 * (m % 7) - 0.15;
        Real Fused(ReadOnlySpan<Real> q) => Likelihoods.CategoricalLogitGlm(y, x, q[..k], q[k..]);
        var betaT = new double[k * d];
        var gradient = new double[point.Length];
        Console.WriteLine($"categorical_logit_glm, N = {n}, D = {d}, K = {k}:");
        Compare("categorical_logit_glm", rounds, point, gradient,
        [
            ("compiled CategoricalLogitGlm", Compiled(Fused, point)),
            ("fresh tape CategoricalLogitGlm", Fresh(Fused, point)),
            ("hand-written Vector<double> row loop", g => HandCategorical(flat, n, d, k, y, point, g, betaT)),
        ]);
    }

    // Hand-written: per row, η_k = α_k + xᵢ·β_{·k} (Vector<double> dots against βᵀ), log-softmax, residuals, then
    // ∂β_{·k} += r_k·xᵢ (Vector<double> axpy). One pass over X, row by row.
    private static double HandCategorical(double[] x, int n, int d, int k, int[] y, double[] p, double[] g, double[] betaT)
    {
        for (int j = 0; j < d; j++)
            for (int c = 0; c < k; c++) betaT[c * d + j] = p[k + j * k + c];
        Span<double> eta = stackalloc double[k];
        Span<double> gT = stackalloc double[k * d];
        gT.Clear();
        Array.Clear(g);
        double lp = 0;
        for (int i = 0; i < n; i++)
        {
            var row = x.AsSpan(i * d, d);
            double max = double.NegativeInfinity;
            for (int c = 0; c < k; c++)
            {
                eta[c] = p[c] + Dot(row, betaT.AsSpan(c * d, d));
                max = Math.Max(max, eta[c]);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) sum += eta[c] = Math.Exp(eta[c] - max);
            int yi = y[i] - 1;
            lp += Math.Log(eta[yi]) - Math.Log(sum);
            double inv = 1 / sum;
            for (int c = 0; c < k; c++)
            {
                double r = (c == yi ? 1 : 0) - eta[c] * inv;
                g[c] += r;
                Axpy(gT.Slice(c * d, d), r, row);
            }
        }
        for (int j = 0; j < d; j++)
            for (int c = 0; c < k; c++) g[k + j * k + c] = gT[c * d + j];
        return lp;
    }

    private static void VectorNormal(int n, int rounds)
    {
        // y_i = 0.5 + 1.5 t_i + 0.8 ε_i on t_i = i/n: μ_i = α + β t_i as N scalar nodes, then the likelihood.
        var rng = new Rng(19);
        var t = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            t[i] = (double)i / n;
            y[i] = 0.5 + 1.5 * t[i] + 0.8 * rng.NextGaussian();
        }
        var mu = new Real[n];
        void Means(ReadOnlySpan<Real> q)
        {
            for (int i = 0; i < n; i++) mu[i] = q[0] + q[1] * t[i];
        }
        Real Vectorized(ReadOnlySpan<Real> q)
        {
            Means(q);
            return Dist.Normal(mu, RealMath.Exp(q[2])).LogProb(y);
        }
        Real PerElement(ReadOnlySpan<Real> q)
        {
            Means(q);
            var sigma = RealMath.Exp(q[2]);
            Real lp = 0.0;
            for (int i = 0; i < n; i++) lp += Dist.Normal(mu[i], sigma).LogProb(y[i]);
            return lp;
        }
        double[] point = [0.4, 1.2, Math.Log(0.9)];
        Console.WriteLine($"vectorized normal, N = {n} (μᵢ = α + β·tᵢ as N nodes in both):");
        Compare("normal(mu vector, sigma)", rounds, point, new double[3],
        [
            ("compiled Normal(mu[], s).LogProb(y[])", Compiled(Vectorized, point)),
            ("compiled Σ Normal(mu[i], s).LogProb", Compiled(PerElement, point)),
            ("fresh tape Normal(mu[], s).LogProb(y[])", Fresh(Vectorized, point)),
            ("fresh tape Σ Normal(mu[i], s).LogProb", Fresh(PerElement, point)),
        ]);
    }
}
