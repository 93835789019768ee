using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Streams;
using Probabilistic.Inference;

namespace Probabilistic.Distributed;

/// <summary>
/// HMC and NUTS on an Orleans cluster: one grain per chain (<see cref="IChainGrain"/>), a coordinator per run
/// (<see cref="IRunCoordinatorGrain"/>), the model found by name in every silo's <see cref="ModelCatalog"/>. The result is the
/// posterior <c>Infer.Nuts</c> gives on one machine with the same options, draw for draw: chain k depends only on
/// (seed, k), wherever it runs, however its iterations are cut into segments, and across a silo's death (its grain
/// resumes elsewhere from its last checkpoint).
/// </summary>
/// <example>
/// <code>
/// Posterior posterior = await Cluster.Nuts(client, "eight-schools", new NutsOptions { Chains = 8, Seed = 7 });
/// // == Infer.Nuts(EightSchools.Model, EightSchools.Data, new NutsOptions { Chains = 8, Seed = 7 })
/// </code>
/// </example>
public static class Cluster
{
    /// <summary>
    /// NUTS on the cluster <paramref name="client"/> is connected to, for the model registered as <paramref name="model"/>
    /// (on the silos and on the client: <see cref="ClusterConfiguration.AddProbabilisticModels(IClientBuilder, Action{ModelCatalog})"/>).
    /// The chains run in rounds of <see cref="ClusterRunOptions.SegmentIterations"/> iterations, each chain checkpointed after
    /// each; a round the cluster fails to answer (a silo died) is repeated (rounds are idempotent). Cancelling follows
    /// <c>Infer.Nuts</c>: the chains stop after their current iteration, and an <see cref="InferenceCanceledException{TResult}"/>
    /// carries the draws every chain reached, or, before any, an <see cref="OperationCanceledException"/> is thrown.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No model of that name is registered (the catalog's message lists those that are).</exception>
    /// <exception cref="ChainFailedException">The model threw inside a chain (the message names the model, chain and iteration).</exception>
    /// <exception cref="CheckpointStorageException">A chain could not write its checkpoint.</exception>
    /// <exception cref="ClusterUnreachableException">The cluster did not answer a round after <see cref="ClusterRunOptions.Retries"/> repeats.</exception>
    /// <exception cref="NotSupportedException">The options set InitialValues or Pathfinder (they cannot travel).</exception>
    public static Task<Posterior> Nuts(IClusterClient client, string model, NutsOptions? options = null, ClusterRunOptions? run = null,
        IProgress<ClusterProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Hamiltonian(client, model, options ?? new NutsOptions(), run ?? new ClusterRunOptions(), progress, cancellationToken);

    /// <summary>Static HMC on the cluster, as <see cref="Nuts"/> (equal to <c>Infer.Hmc</c> with the same options).</summary>
    public static Task<Posterior> Hmc(IClusterClient client, string model, HmcOptions? options = null, ClusterRunOptions? run = null,
        IProgress<ClusterProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Hamiltonian(client, model, options ?? new HmcOptions(), run ?? new ClusterRunOptions(), progress, cancellationToken);

    /// <summary>
    /// Subscribes <paramref name="onBatch"/> to the draws of run <paramref name="runId"/> as its coordinator gathers them (give
    /// the run its id with <see cref="ClusterRunOptions.RunId"/>). The silos and the client need the draw stream
    /// (<see cref="ClusterConfiguration.AddProbabilisticDrawStream(ISiloBuilder)"/>). A coordinator that was reactivated
    /// publishes a chain's draws again from draw 0: <see cref="DrawBatch.FirstDraw"/> tells repeats apart.
    /// </summary>
    public static Task<StreamSubscriptionHandle<DrawBatch>> WatchDraws(IClusterClient client, string runId, Func<DrawBatch, Task> onBatch)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(onBatch);
        var provider = client.ServiceProvider.GetKeyedService<IStreamProvider>(ClusterConfiguration.DrawStream)
            ?? throw new InvalidOperationException($"The client has no stream provider '{ClusterConfiguration.DrawStream}'; add it with AddProbabilisticDrawStream on the client and the silos.");
        return provider.GetStream<DrawBatch>(StreamId.Create(ClusterConfiguration.DrawStreamNamespace, runId))
            .SubscribeAsync((batch, _) => onBatch(batch));
    }

    private static async Task<Posterior> Hamiltonian(IClusterClient client, string model, HamiltonianOptions o, ClusterRunOptions run,
        IProgress<ClusterProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        o.Validate(o.Algorithm);
        run.Validate();
        var spec = HamiltonianRunSpec.From(o);
        var catalog = client.ServiceProvider.GetService<ModelCatalog>()
            ?? throw new InvalidOperationException($"{o.Algorithm} on a cluster: the client has no model catalog; register the models on the client too (IClientBuilder.AddProbabilisticModels), with the silos' names.");
        var entry = catalog.Get(model);
        string runId = run.RunId ?? Guid.NewGuid().ToString("N");
        var request = new RunRequest(model, spec, run.TargetEss, run.Diagnostics);
        var coordinator = client.GetGrain<IRunCoordinatorGrain>(runId);
        int total = spec.TotalIterations;
        try
        {
            for (int to = Math.Min(run.SegmentIterations, total); ; to = Math.Min(to + run.SegmentIterations, total))
            {
                int target = to;
                var report = await Retrying(() => coordinator.Advance(request, target, cancellationToken), run, o.Algorithm,
                    $"run '{runId}', the round to iteration {target}", cancellationToken);
                progress?.Report(new ClusterProgress(runId, target, report));
                if (report.Finished || report.TargetReached || target >= total) break;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The chains stopped after their current iteration and checkpointed there: the rule on Infer.
            Posterior partial;
            try
            {
                partial = await Assemble(client, entry, o, spec, runId, run, CancellationToken.None);
            }
            catch (InvalidOperationException)
            {
                throw new OperationCanceledException($"{o.Algorithm}: cancelled before every chain kept a draw (run '{runId}' on the cluster).", cancellationToken);
            }
            return CancellationRule.Finish(partial, cancellationToken, o.Algorithm, $"the {partial.Draws} draws per chain every chain reached on the cluster (run '{runId}')");
        }
        return await Assemble(client, entry, o, spec, runId, run, cancellationToken);
    }

    // The chains' final checkpoints, joined and finished on the client: HamiltonianSampler.Resume(…).Posterior() is what
    // Infer.Nuts returns for the same chains (draws, statistics, generated quantities, sampler state).
    private static async Task<Posterior> Assemble(IClusterClient client, IModelEntry entry, HamiltonianOptions o, HamiltonianRunSpec spec,
        string runId, ClusterRunOptions run, CancellationToken cancellationToken)
    {
        var parts = await Retrying(() => Task.WhenAll(Enumerable.Range(0, spec.Chains).Select(k =>
                client.GetGrain<IChainGrain>(RunCoordinatorGrain.ChainKey(runId, k)).Checkpoint(new ChainAssignment(entry.Name, spec, k)))),
            run, o.Algorithm, $"run '{runId}', fetching the chains' checkpoints", cancellationToken);
        var checkpoint = HamiltonianCheckpoint.Combine(parts.Select(b => HamiltonianCheckpoint.FromBytes(b)));
        return entry.Accept(new Finisher(checkpoint, o));
    }

    // Repeats a call the cluster failed to answer (a silo died: its calls fail or time out) — every call here is idempotent.
    private static async Task<T> Retrying<T>(Func<Task<T>> call, ClusterRunOptions run, string algorithm, string what, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await call().WaitAsync(run.RoundTimeout, cancellationToken);
            }
            catch (Exception e) when (Transient(e) && !cancellationToken.IsCancellationRequested)
            {
                if (attempt > run.Retries)
                    throw new ClusterUnreachableException(
                        $"{algorithm} on a cluster: {what} got no answer in {attempt} tries over {clock.Elapsed.TotalSeconds:0.#} s (each waited up to {run.RoundTimeout.TotalSeconds:0.#} s); last error: {e.GetType().Name}: {e.Message}", e);
                await Task.Delay(run.RetryDelay, cancellationToken);
            }
        }
    }

    // Failures of the cluster, not of the run: a silo died or did not answer, or two activations of a chain raced on its checkpoint.
    private static bool Transient(Exception e) => e is TimeoutException or SiloUnavailableException or OrleansMessageRejectionException
        or Orleans.Runtime.Messaging.ConnectionFailedException or CheckpointStorageException { Conflict: true };

    private sealed class Finisher(HamiltonianCheckpoint checkpoint, HamiltonianOptions options) : IModelVisitor<Posterior>
    {
        public Posterior Visit<T>(string name, Model<T> model, ChoiceMap? observations) =>
            HamiltonianSampler.Resume(model, observations, checkpoint, options).Posterior();
    }
}
