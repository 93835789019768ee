using Xunit;

namespace Probabilistic.Tests.Core;

public class RngTests
{
    [Fact]
    public void SameSeedSameStream()
    {
        var a = new Rng(42);
        var b = new Rng(42);
        for (int i = 0; i < 1000; i++) Assert.Equal(a.NextULong(), b.NextULong());
        Assert.NotEqual(new Rng(42).NextULong(), new Rng(43).NextULong());
        Assert.NotEqual(new Rng(42, 0).NextULong(), new Rng(42, 1).NextULong());
    }

    [Fact]
    public void UniformsAreInRange()
    {
        var r = new Rng(7);
        for (int i = 0; i < 100_000; i++)
        {
            double u = r.NextDouble();
            Assert.InRange(u, 0.0, 1.0 - double.Epsilon);
            double v = r.NextOpenDouble();
            Assert.True(v > 0 && v < 1);
            Assert.InRange(r.NextInt(7), 0, 6);
        }
    }

    [Fact]
    public void NextIntIsUniform()
    {
        // 70,000 draws over 7 cells: each count is Binomial(70000, 1/7), sd = sqrt(70000·(1/7)·(6/7)) ≈ 92.6;
        // 5 sd ≈ 463 bounds every cell with probability > 1 − 7·6e-7.
        var r = new Rng(11);
        var counts = new int[7];
        for (int i = 0; i < 70_000; i++) counts[r.NextInt(7)]++;
        foreach (var c in counts) Assert.InRange(c, 10_000 - 463, 10_000 + 463);
    }

    [Fact]
    public void GaussianMomentsMatch()
    {
        // n = 200,000 standard normals: the sample mean has sd 1/sqrt(n) ≈ 0.00224 (5 sd = 0.0112);
        // the sample variance has sd sqrt(2/n) ≈ 0.00316 (5 sd = 0.0158).
        var r = new Rng(5);
        const int n = 200_000;
        double s = 0, s2 = 0;
        for (int i = 0; i < n; i++)
        {
            double x = r.NextGaussian();
            s += x;
            s2 += x * x;
        }
        double mean = s / n, variance = s2 / n - mean * mean;
        Assert.InRange(mean, -0.0112, 0.0112);
        Assert.InRange(variance, 1 - 0.0158, 1 + 0.0158);
    }

    [Fact]
    public void SplitStreamsAreReproducibleWhateverTheThreadCount()
    {
        static double[] Run(int threads)
        {
            var streams = new Rng(2026).Split(64);
            var results = new double[64];
            Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
            {
                double acc = 0;
                for (int k = 0; k < 1000; k++) acc += streams[i].NextGaussian();
                results[i] = acc;
            });
            return results;
        }
        Assert.Equal(Run(1), Run(4));
    }
}
