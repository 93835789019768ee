using Probabilistic.Inference.Particles;
using Xunit;

namespace Probabilistic.Tests.Inference.Particles;

public class ResamplerTests
{
    public static TheoryData<string> Schemes => new() { "systematic", "stratified", "multinomial", "residual" };

    private static Resampler Scheme(string name) => name switch
    {
        "systematic" => Resampler.Systematic,
        "stratified" => Resampler.Stratified,
        "multinomial" => Resampler.Multinomial,
        _ => Resampler.Residual,
    };

    [Theory]
    [MemberData(nameof(Schemes))]
    public void ExpectedOffspringCountsAreNTimesTheWeights(string name)
    {
        // Over random weight vectors, the mean offspring count of particle i over M runs is within 5 standard
        // errors of N·wᵢ. Every scheme's count has variance at most the multinomial one, N·wᵢ(1 − wᵢ), so
        // se ≤ √(N·wᵢ(1 − wᵢ)/M); 5 se (plus 1e-9 for rounding) bounds a correct scheme with probability > 1 − 6e-7 per check.
        var scheme = Scheme(name);
        var rng = new Rng(17);
        const int runs = 4000;
        for (int vector = 0; vector < 20; vector++)
        {
            int n = 1 + rng.NextInt(12);
            var w = new double[n];
            for (int i = 0; i < n; i++) w[i] = rng.NextDouble() < 0.2 ? 0 : -Math.Log(rng.NextOpenDouble());
            if (w.Sum() == 0) w[0] = 1;
            double total = w.Sum();
            var counts = new double[n];
            var ancestors = new int[n];
            for (int r = 0; r < runs; r++)
            {
                scheme.Resample(w, ancestors, rng);
                for (int k = 0; k < n; k++)
                {
                    Assert.True(w[ancestors[k]] > 0, $"{name} chose a particle of weight 0");
                    if (k > 0) Assert.True(ancestors[k] >= ancestors[k - 1]);
                    counts[ancestors[k]]++;
                }
            }
            for (int i = 0; i < n; i++)
            {
                double p = w[i] / total, expected = n * p;
                double se = Math.Sqrt(n * p * (1 - p) / runs);
                Assert.InRange(counts[i] / runs, expected - 5 * se - 1e-9, expected + 5 * se + 1e-9);
            }
        }
    }

    [Fact]
    public void SystematicGivesFloorOrCeilingCopies()
    {
        var rng = new Rng(3);
        double[] w = [0.05, 0.3, 0.15, 0.5];
        var ancestors = new int[10];
        for (int r = 0; r < 200; r++)
        {
            Resampler.Systematic.Resample(w, ancestors, rng);
            for (int i = 0; i < w.Length; i++)
            {
                int c = ancestors.Count(a => a == i);
                Assert.InRange(c, (int)Math.Floor(10 * w[i]), (int)Math.Ceiling(10 * w[i]));
            }
        }
    }

    [Fact]
    public void BadWeightsAreRejected()
    {
        var a = new int[2];
        var rng = new Rng(1);
        Assert.Contains("weight 1 is -1", Assert.Throws<ArgumentException>(() => Resampler.Systematic.Resample([1.0, -1.0], a, rng)).Message);
        Assert.Throws<ArgumentException>(() => Resampler.Multinomial.Resample([double.NaN, 1.0], a, rng));
        Assert.Throws<ArgumentException>(() => Resampler.Stratified.Resample([0.0, 0.0], a, rng));
        Assert.Throws<ArgumentException>(() => Resampler.Residual.Resample([], a, rng));
        Assert.Throws<ArgumentException>(() => Resampler.Residual.Resample([1.0], [], rng));
    }
}
