using Probabilistic.Distributions;
using Probabilistic.Numerics;
using Xunit;

namespace Probabilistic.Tests.Distributions.Continuous;

/// <summary>LogProb records its node without allocating, on and off the tape (once the tape has grown to size).</summary>
public sealed class AllocationTests
{
    /// <summary>
    /// Runs <paramref name="setUp"/> (on a cleared tape) and then <paramref name="measure"/> twice: the first
    /// round JIT-compiles and grows the tape's arrays; the second round's allocations are returned.
    /// </summary>
    private static long Allocated<T>(Tape tape, Func<Tape, T> setUp, Action<T> measure)
    {
        long bytes = 0;
        for (int round = 0; round < 2; round++)
        {
            tape.Clear();
            var state = setUp(tape);
            long before = GC.GetAllocatedBytesForCurrentThread();
            measure(state);
            bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        }
        return bytes;
    }

    [Fact]
    public void LogProbAllocatesNothing()
    {
        long bytes = Allocated(new Tape(), t =>
        {
            var (x, mu, sigma, nu) = (t.Variable(0.3), t.Variable(0.1), t.Variable(1.2), t.Variable(4.0));
            IDistribution<Real>[] ds =
            [
                Dist.Normal(mu, sigma), Dist.StudentT(nu, mu, sigma), Dist.Gamma(sigma, nu), Dist.Beta(sigma, nu),
                Dist.LogNormal(mu, sigma), Dist.Weibull(sigma, nu), Dist.Uniform(mu, nu), Dist.Laplace(mu, sigma),
                Dist.Normal(0.1, 1.2), Dist.StudentT(4, 0.1, 1.2), Dist.Gamma(1.2, 4),
            ];
            return (ds, x);
        }, s =>
        {
            for (int i = 0; i < 100; i++)
                foreach (var d in s.ds) d.LogProb(s.x);
        });
        Assert.Equal(0, bytes);
    }

    [Fact]
    public void DirichletLogProbAllocatesNothing()
    {
        long bytes = Allocated(new Tape(), t => (Dist.Dirichlet(t.Variables([1.5, 2, 3])), t.Variables([0.2, 0.3, 0.5])), s =>
        {
            for (int i = 0; i < 100; i++) s.Item1.LogProb(s.Item2);
        });
        Assert.Equal(0, bytes);
    }
}
