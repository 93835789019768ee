namespace Probabilistic.Distributed.Tests.Cluster;

public interface IEchoGrain : IGrainWithIntegerKey { Task<long> Echo(long x); }
public sealed class EchoGrain : Grain, IEchoGrain { public Task<long> Echo(long x) => Task.FromResult(x + this.GetPrimaryKeyLong()); }

[Collection(ClusterCollection.Name)]
public sealed class SmokeTests(ClusterFixture fixture)
{
    [Fact]
    public async Task AGrainAnswers() => Assert.Equal(5, await fixture.Cluster.GrainFactory.GetGrain<IEchoGrain>(2).Echo(3));
}
