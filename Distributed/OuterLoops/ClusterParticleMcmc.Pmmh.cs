using Probabilistic.Inference;
using Probabilistic.Inference.Particles;

namespace Probabilistic.Distributed.OuterLoops;

/// <summary>
/// The outer loops of particle MCMC on an Orleans cluster: parallel PMMH chains, one grain per chain
/// (<see cref="Pmmh{T}"/>), and SMC² with its parameter particles in blocks over grains (<see cref="Smc2{T}"/>). The
/// model is the one registered under its name in every silo's <see cref="ModelCatalog"/>; for a seed the results are
/// those of the single-machine calls (<see cref="Infer.Pmmh{T}(Model{T}, Selection, PmmhOptions?, IProgress{PmmhProgress}?, CancellationToken)"/>
/// per chain with the seed <see cref="ChainSeed"/>, and <see cref="Infer.Smc2{T}"/>), bit for bit.
/// </summary>
public static partial class ClusterParticleMcmc
{
    /// <summary>
    /// The seed of PMMH chain <paramref name="chain"/> of a run seeded <paramref name="seed"/>: the first word of stream
    /// <paramref name="chain"/> of that seed, so each chain depends only on (seed, chain).
    /// </summary>
    public static ulong ChainSeed(ulong seed, int chain)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chain);
        return new Rng(seed, (ulong)chain).NextULong();
    }

    /// <summary>
    /// <paramref name="chains"/> PMMH chains (Andrieu, Doucet &amp; Holenstein 2010, §2.4.2, prior proposals) of the
    /// catalog's model <paramref name="model"/> over the choices at <paramref name="parameters"/>, one grain per chain, in
    /// parallel. Independent chains are the parallelism PMMH allows without changing its target: each is an exact MH chain
    /// on (θ, u), and pooling them is the usual multi-chain practice (their R-hat checks mixing). A chain samples in
    /// segments of <paramref name="segment"/> transitions, each a grain call that ends with a checkpoint in grain storage
    /// (θ's birth state, log Ẑ, iteration, generator state); if a chain's silo fails the call is retried, the chain is
    /// reactivated on another silo and continues from its last checkpoint, and its draws are an uninterrupted run's.
    /// Chain c is <c>Infer.Pmmh(model, Selection.Of(parameters), options with { Seed = ChainSeed(options.Seed, c) })</c>, bit for bit.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No model of that name is registered on the silos.</exception>
    /// <exception cref="ModelException">The model or the selection fails in a grain (the grain's message).</exception>
    public static async Task<PmmhChain<T>[]> Pmmh<T>(IClusterClient client, string model, IReadOnlyList<Address> parameters, int chains,
        PmmhOptions? options = null, int segment = 100, CancellationToken cancellationToken = default) =>
        await RunPmmh<T>(client, model, parameters, chains, options, segment, null, cancellationToken);

    /// <summary>The same, with <paramref name="afterSegment"/>(chain, segment) awaited after each segment (the fault tests kill a silo there).</summary>
    internal static async Task<PmmhChain<T>[]> RunPmmh<T>(IClusterClient client, string model, IReadOnlyList<Address> parameters, int chains,
        PmmhOptions? options, int segment, Func<int, PmmhSegment, Task>? afterSegment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Count == 0) throw new ArgumentException("Pmmh: the parameter selection names no address.", nameof(parameters));
        ArgumentOutOfRangeException.ThrowIfLessThan(chains, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(segment, 1);
        var o = OptionRules.Checked(options);
        var settings = ParticleSettings.Of(o);
        var selection = ValueCodec.Encode(parameters);
        string run = Guid.NewGuid().ToString("N");
        var grains = Enumerable.Range(0, chains).Select(c => client.GetGrain<IPmmhChainGrain>($"{run}/{c}")).ToArray();
        try
        {
            return await Task.WhenAll(Enumerable.Range(0, chains).Select(async c =>
            {
                var request = new PmmhChainRequest(model, selection, settings with { Seed = ChainSeed(o.Seed, c) });
                var segments = new List<PmmhSegment>();
                int total = o.BurnIn + o.Samples;
                for (int from = 0; from < total;)
                {
                    int to = Math.Min(from + segment, total), at = from;
                    var done = await Retried(() => grains[c].Run(request, at, to), $"Pmmh chain {c} of '{model}'", cancellationToken);
                    segments.Add(done);
                    from = done.To;
                    if (afterSegment is not null) await afterSegment(c, done);
                }
                return new PmmhChain<T>(
                    segments.SelectMany(s => s.Parameters).Select(ValueCodec.DecodeMap).ToList(),
                    segments.SelectMany(s => s.Values).Select(ValueCodec.Decode<T>).ToList(),
                    segments.SelectMany(s => s.LogEvidence).ToList(),
                    (double)segments[^1].Accepted / total);
            }));
        }
        finally
        {
            await Task.WhenAll(grains.Select(g => Quietly(g.Forget())));
        }
    }

    /// <summary>
    /// A grain call retried while the cluster reports its silo gone (a refused or failed connection, a silo unavailable:
    /// up to 30 tries, 1 s apart, while membership declares the silo dead) or the call timed out (up to 3 tries: a
    /// segment longer than the response timeout is an error, not a reason to wait forever). The grain is then reactivated
    /// on a live silo. Any other error is the grain's and goes to the caller.
    /// </summary>
    private static async Task<TResult> Retried<TResult>(Func<Task<TResult>> call, string what, CancellationToken cancellationToken)
    {
        for (int tries = 1, timeouts = 0; ; tries++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return await call().WaitAsync(cancellationToken);
            }
            catch (ClusterModelFailureException f)
            {
                throw f.AtCaller(what);
            }
            catch (Exception e) when (SiloGone(e))
            {
                if (e is TimeoutException) timeouts++;
                if (tries == 30 || timeouts == 3)
                    throw new TimeoutException($"{what}: the cluster did not answer in {tries} tries, {timeouts} of them timed out ({e.Message}).", e);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    private static bool SiloGone(Exception e) =>
        e is SiloUnavailableException or TimeoutException or Orleans.Runtime.OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException;

    private static async Task Quietly(Task task)
    {
        try { await task.WaitAsync(TimeSpan.FromSeconds(10)); }
        catch (Exception) { /* cleanup after the run: a chain grain on a failed silo has nothing left to clear */ }
    }
}
