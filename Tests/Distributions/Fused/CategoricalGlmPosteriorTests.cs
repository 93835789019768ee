using Probabilistic.Distributions;
using Probabilistic.Inference;
using Xunit;
using static Probabilistic.Distributions.Dist;
using static Probabilistic.Model;

namespace Probabilistic.Tests.Distributions.Fused;

/// <summary>
/// NUTS on a small multinomial logistic regression written with <see cref="Likelihoods.CategoricalLogitGlm(ReadOnlySpan{int}, DataMatrix, ReadOnlySpan{Real}, ReadOnlySpan{Real})"/>
/// gives the posterior of the same model written row by row with <c>CategoricalLogits</c> (run with another seed): the
/// fused node compiles and every posterior mean agrees within the Monte Carlo error of the two runs.
/// </summary>
public sealed class CategoricalGlmPosteriorTests
{
    private const int N = 120, D = 2, K = 3;

    [Fact]
    public void Nuts_on_the_fused_likelihood_matches_the_row_by_row_model()
    {
        var x = GlmLikelihoodTests.Design(N, D, seed: 29);
        var y = new int[N];
        var rng = new Rng(31);
        double[] alphaTrue = [0, 0.5, -0.5];
        double[,] betaTrue = { { 0, 1, -1 }, { 0, -0.5, 0.8 } };
        for (int i = 0; i < N; i++)
        {
            var eta = new double[K];
            for (int c = 0; c < K; c++)
            {
                eta[c] = alphaTrue[c];
                for (int j = 0; j < D; j++) eta[c] += x[i, j] * betaTrue[j, c];
            }
            y[i] = CategoricalLogits(eta).Sample(rng) + 1;
        }

        var y0 = y.Select(v => v - 1).ToArray(); // Categorical's 0-based outcomes

        // Normal(0, 1) priors make the posterior proper despite softmax's invariance to a shift of all categories.
        Model<Real[]> Fused() =>
            from alpha in Plate("alpha", K, Normal(0, 1))
            from beta in Plate("beta", D * K, Normal(0, 1))
            from _ in Factor(Likelihoods.CategoricalLogitGlm(y, x, alpha, beta))
            select alpha;

        Model<Real[]> RowByRow() =>
            from alpha in Plate("alpha", K, Normal(0, 1))
            from beta in Plate("beta", D * K, Normal(0, 1))
            from _ in ObserveEach(y0, (yi, i) =>
            {
                var eta = new Real[K];
                for (int c = 0; c < K; c++)
                {
                    eta[c] = alpha[c];
                    for (int j = 0; j < D; j++) eta[c] += x[i, j] * beta[j * K + c];
                }
                return CategoricalLogits(eta);
            })
            select alpha;

        var options = new NutsOptions { Chains = 2, Warmup = 500, Draws = 1000, Seed = 5 };
        var fused = Infer.Nuts(Fused(), options: options);
        var reference = Infer.Nuts(RowByRow(), options: options with { Seed = 6 });
        Assert.True(fused.SamplerDiagnostics.CompileFailure is null, fused.SamplerDiagnostics.CompileFailure);
        var a = fused.Summary();
        var b = reference.Summary();
        Assert.Equal(K + D * K, a.Rows.Count(r => r.Name.StartsWith("alpha") || r.Name.StartsWith("beta")));
        foreach (var row in a.Rows.Where(r => r.Name.StartsWith("alpha") || r.Name.StartsWith("beta")))
        {
            var other = b[row.Name];
            // Each mean's Monte Carlo standard error is sd/√ESS (McseMean); the difference of two independent runs has
            // standard error √(mcse₁² + mcse₂²), and 4 of them bound it with probability ≈ 1 − 6e−5 per parameter.
            double se = Math.Sqrt(row.McseMean * row.McseMean + other.McseMean * other.McseMean);
            Assert.True(Math.Abs(row.Mean - other.Mean) <= 4 * se, $"{row.Name}: fused {row.Mean:F4} vs row by row {other.Mean:F4} (4 SE = {4 * se:F4})");
            Assert.True(row.Rhat < 1.01 && other.Rhat < 1.01, $"{row.Name}: R-hat {row.Rhat:F3} / {other.Rhat:F3}");
        }
    }
}
