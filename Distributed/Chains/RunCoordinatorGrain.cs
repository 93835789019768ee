using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams;
using Probabilistic.Inference.Diagnostics;

namespace Probabilistic.Distributed;

/// <summary>
/// The coordinator of a run (<see cref="IRunCoordinatorGrain"/>). It holds nothing that the chain grains do not hold in
/// their checkpoints: the draws it gathered are a cache, refilled from the chains (from draw 0) by an activation that lost
/// them, so its progress survives a silo death through the chains' storage and the caller's idempotent rounds, without a
/// storage write of its own per round.
/// </summary>
internal sealed class RunCoordinatorGrain : Grain, IRunCoordinatorGrain
{
    private List<double[]>[]? _draws;
    private int[] _published = []; // per chain, how many of its gathered draws went out on the draw stream
    private string[] _parameters = [];

    public async Task<RoundReport> Advance(RunRequest request, int toIteration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        int chains = request.Spec.Chains;
        if (_draws is null || _draws.Length != chains)
        {
            _draws = Enumerable.Range(0, chains).Select(_ => new List<double[]>()).ToArray();
            _published = new int[chains];
        }
        string run = this.GetPrimaryKeyString();
        var calls = new Task<ChainSegment>[chains];
        for (int k = 0; k < chains; k++)
            calls[k] = GrainFactory.GetGrain<IChainGrain>(ChainKey(run, k))
                .Advance(new ChainAssignment(request.Model, request.Spec, k), toIteration, _draws[k].Count, cancellationToken);
        try
        {
            await Task.WhenAll(calls);
        }
        catch
        {
            // Keep what the chains that answered sent (a repeated round asks only for what is still missing), then report the first failure.
            foreach (var c in calls.Where(c => c.IsCompletedSuccessfully)) Gather(c.Result);
            throw;
        }
        var segments = calls.Select(c => c.Result).ToArray();
        foreach (var s in segments) Gather(s);
        // Publish every gathered draw not yet out, counting a chain's draws as published only once the stream took them: a
        // round that failed after some chains answered (their draws gathered above in the catch) or a publication that threw
        // leaves them to the next round, so a watcher misses none.
        if (Publisher(run) is { } writer)
            for (int k = 0; k < chains; k++)
            {
                int from = _published[k], to = _draws[k].Count;
                if (to <= from) continue;
                await writer.OnNextAsync(new DrawBatch(run, k, from, _parameters, _draws[k].GetRange(from, to - from).ToArray()));
                _published[k] = to;
            }
        else
            for (int k = 0; k < chains; k++) _published[k] = _draws[k].Count;
        return Report(request, segments);
    }

    /// <summary>The key of chain <paramref name="chain"/> of run <paramref name="run"/>.</summary>
    public static string ChainKey(string run, int chain) => $"{run}/{chain}";

    // Adds the segment's draws this activation did not have yet.
    private void Gather(ChainSegment s)
    {
        if (s.Parameters.Length > 0) _parameters = s.Parameters;
        var have = _draws![s.Chain];
        int skip = have.Count - s.FirstDraw; // draws of the segment already gathered (a repeated round)
        if (skip < 0) throw new InvalidOperationException($"Chain {s.Chain} sent draws from {s.FirstDraw} but the coordinator has {have.Count}: a gap.");
        var fresh = s.Draws.Length > skip ? s.Draws[skip..] : [];
        have.AddRange(fresh);
    }

    private IAsyncStream<DrawBatch>? Publisher(string run) =>
        ServiceProvider.GetKeyedService<IStreamProvider>(ClusterConfiguration.DrawStream) is { } provider
            ? provider.GetStream<DrawBatch>(StreamId.Create(ClusterConfiguration.DrawStreamNamespace, run))
            : null;

    // R-hat and bulk ESS of each parameter over the draws every chain has (Vehtari et al. 2021, as Posterior.Summary computes them).
    private RoundReport Report(RunRequest request, ChainSegment[] segments)
    {
        int n = _draws!.Min(d => d.Count);
        double maxRhat = double.NaN, minEss = double.NaN;
        if (n >= 4 && request.Diagnostics)
        {
            maxRhat = double.NegativeInfinity;
            minEss = double.PositiveInfinity;
            var draws = _draws!;
            var matrix = new double[draws.Length][];
            for (int k = 0; k < matrix.Length; k++) matrix[k] = new double[n];
            for (int j = 0; j < _parameters.Length; j++)
            {
                for (int k = 0; k < draws.Length; k++)
                    for (int i = 0; i < n; i++) matrix[k][i] = draws[k][i][j];
                double rhat = ConvergenceDiagnostics.Rhat(matrix), ess = ConvergenceDiagnostics.EssBulk(matrix);
                if (!double.IsNaN(rhat)) maxRhat = Math.Max(maxRhat, rhat);
                if (!double.IsNaN(ess)) minEss = Math.Min(minEss, ess);
            }
            if (double.IsInfinity(maxRhat)) maxRhat = double.NaN;
            if (double.IsInfinity(minEss)) minEss = double.NaN;
        }
        return new RoundReport
        {
            Chains = segments.Select(s => s with { FirstDraw = s.DrawCount, Draws = [] }).ToArray(), // DrawCount kept
            MaxRhat = maxRhat,
            MinEssBulk = minEss,
            Draws = n,
            TargetReached = request.TargetEss is { } target && minEss >= target,
        };
    }
}
