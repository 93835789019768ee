using Probabilistic.Inference;
using Probabilistic.Inference.Particles;

namespace Probabilistic.Distributed.OuterLoops;

public static partial class ClusterParticleMcmc
{
    /// <summary>
    /// SMC² (Chopin, Jacob &amp; Papaspiliopoulos 2013) of the catalog's model <paramref name="model"/> over the choices at
    /// <paramref name="parameters"/>, its N_θ parameter particles and their inner filters spread over
    /// <paramref name="blocks"/> grains (particles ⌊bN/B⌋… in block b). This caller is the coordinator: it holds the
    /// weights and the run's generator and makes every outer decision — reweighting, the ESS test, the ancestors, the
    /// copies' seeds — while the blocks step their filters in parallel, copy the resampled particles (an ancestor in another
    /// block is rebuilt from its lineage: birth state, birth step and clones, <see cref="Smc2Lineage"/>) and run the PMMH
    /// moves, particle k's from stream k of the step's move seed. The generator is drawn in Infer.Smc2's order, so the
    /// result equals <c>Infer.Smc2(model, Selection.Of(parameters), options)</c> bit for bit. The inner filters live in the
    /// blocks' memory; a block whose silo failed is rebuilt on a live silo from its particles' lineages (held by the
    /// coordinator) and the failed call made again, so the result is still Infer.Smc2's.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No model of that name is registered on the silos.</exception>
    /// <exception cref="ModelException">The model fails in a grain, or every parameter particle has weight 0.</exception>
    public static Task<WeightedSample<(ChoiceMap Parameters, T Value)>> Smc2<T>(IClusterClient client, string model, IReadOnlyList<Address> parameters,
        Smc2Options? options = null, int blocks = 3, IProgress<SmcProgress>? progress = null, CancellationToken cancellationToken = default) =>
        RunSmc2<T>(client, model, parameters, options, blocks, progress, null, cancellationToken);

    /// <summary>
    /// The same, with <paramref name="afterStep"/>(step, the blocks' states, each particle's lineage as (birth step, number
    /// of clones)) awaited after each step's reweighting (the fault tests kill a silo there).
    /// </summary>
    internal static async Task<WeightedSample<(ChoiceMap Parameters, T Value)>> RunSmc2<T>(IClusterClient client, string model, IReadOnlyList<Address> parameters,
        Smc2Options? options, int blocks, IProgress<SmcProgress>? progress, Func<int, Smc2BlockState[], (int BornAt, int Clones)[], Task>? afterStep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Count == 0) throw new ArgumentException("Smc2: the parameter selection names no address.", nameof(parameters));
        ArgumentOutOfRangeException.ThrowIfLessThan(blocks, 1);
        var o = OptionRules.Checked(options);
        int n = o.ParameterParticles, b = Math.Min(blocks, n);
        var request = new Smc2Request(model, ValueCodec.Encode(parameters), ParticleSettings.Of(o));
        var firsts = Enumerable.Range(0, b + 1).Select(i => (int)((long)i * n / b)).ToArray();
        int BlockOf(int k) { int i = Array.BinarySearch(firsts, k); return i >= 0 ? Math.Min(i, b - 1) : ~i - 1; }
        string run = Guid.NewGuid().ToString("N");
        var grains = Enumerable.Range(0, b).Select(i => client.GetGrain<ISmc2BlockGrain>($"{run}/{i}")).ToArray();
        Smc2Lineage[] lineages = [];
        int at = 0;
        // A block call (`what`: its name); if the block's silo failed (or its answer was lost), the block is rebuilt from the
        // lineages at the last step every block has taken (`at`, reactivated on a live silo) and the call made again: every
        // call is a function of that state.
        async Task<TResult> Call<TResult>(int i, string what, Func<ISmc2BlockGrain, Task<TResult>> call)
        {
            for (int tries = 1, timeouts = 0; ; tries++)
            {
                try
                {
                    return await call(grains[i]).WaitAsync(cancellationToken);
                }
                catch (ClusterModelFailureException f)
                {
                    throw f.AtCaller($"Smc2 block {i} of '{model}' ({what})");
                }
                catch (Exception e) when (lineages.Length == n && (SiloGone(e) || e.Message.StartsWith(Smc2BlockGrain.Empty, StringComparison.Ordinal)))
                {
                    if (e is TimeoutException) timeouts++; // a call longer than the response timeout is tried 3 times, not waited on forever
                    if (tries == 30 || timeouts == 3)
                        throw new TimeoutException($"Smc2 block {i} of '{model}': {what} still failed after {tries} tries ({timeouts} timed out), " +
                            $"the block rebuilt from its particles' lineages at step {at} between them; the last error: {e.Message}", e);
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                    try
                    {
                        await grains[i].Restore(request, firsts[i], lineages[firsts[i]..firsts[i + 1]].Select(Smc2LineageWords.Of).ToArray(), at).WaitAsync(cancellationToken);
                    }
                    catch (ClusterModelFailureException f)
                    {
                        throw f.AtCaller($"Smc2 block {i} of '{model}' (rebuilt from its lineages at step {at})");
                    }
                    catch (Exception r) when (SiloGone(r)) { /* the cluster is still declaring the silo dead: try again */ }
                }
            }
        }
        async Task<TResult[]> All<TResult>(string what, Func<ISmc2BlockGrain, int, Task<TResult>> call) =>
            await Task.WhenAll(Enumerable.Range(0, b).Select(i => Call(i, what, g => call(g, i))));
        try
        {
            var rng = new Rng(o.Seed);
            var births = await Retried(() => grains[0].DrawParameters(request, RngWords.Of(rng.State), n), $"Smc2 of '{model}'", cancellationToken);
            rng.SetState(births.After.State);
            var logWeights = Array.ConvertAll(births.LogPriors, lp => -lp);
            lineages = Array.ConvertAll(births.Births, w => new Smc2Lineage(w.State, 0, []));
            bool allFinished = (await All("Start", (g, i) => g.Start(request, firsts[i], births.Births[firsts[i]..firsts[i + 1]]))).All(f => f);
            double pushed = 0;
            for (int step = 1; !allFinished; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var stepped = await All($"Step {step}", (g, i) => g.Step(logWeights[firsts[i]..firsts[i + 1]]));
                // Every block has now taken step `step` (the last step too, which never resamples): a block lost from here on is
                // rebuilt at it, for the Regenerate or Finish that follows (its lineages do not change until a resampling).
                at = step;
                if (afterStep is not null) await afterStep(step, stepped, Array.ConvertAll(lineages, l => (l.BornAt, l.Clones.Count)));
                for (int i = 0; i < b; i++) stepped[i].LogWeights.CopyTo(logWeights, firsts[i]);
                allFinished = stepped.All(s => s.AllFinished);
                double lme = LogWeightStatistics.LogMeanExp(logWeights), ess = LogWeightStatistics.EffectiveSampleSize(logWeights);
                if (double.IsNegativeInfinity(lme))
                    throw new ModelException($"Smc2: every parameter particle has weight 0 after step {step}: no parameter drawn can explain the observations.");
                bool resample = (o.EssThreshold >= 1 || ess < o.EssThreshold * n) && !allFinished;
                if (resample)
                {
                    pushed += lme;
                    var ancestors = new int[n];
                    o.Resampler.Resample(Array.ConvertAll(logWeights, lw => Math.Exp(lw - lme)), ancestors, rng);
                    var seeds = new ulong[n];
                    for (int k = 0; k < n; k++) seeds[k] = rng.NextULong();
                    ulong moveSeed = rng.NextULong();
                    var next = new Smc2Lineage[n];
                    for (int k = 0; k < n; k++) next[k] = lineages[ancestors[k]].ClonedAt(step, seeds[k]);
                    var regenerated = await All($"Regenerate at step {step}", (g, i) => g.Regenerate(Enumerable.Range(firsts[i], firsts[i + 1] - firsts[i]).Select(k =>
                        BlockOf(ancestors[k]) == i ? new Smc2Slot(ancestors[k] - firsts[i], null, seeds[k]) : new Smc2Slot(-1, Smc2LineageWords.Of(lineages[ancestors[k]]), seeds[k])).ToArray(),
                        moveSeed, step));
                    for (int i = 0; i < b; i++)
                        for (int j = 0; j < regenerated[i].Accepted.Length; j++)
                            if (regenerated[i].Accepted[j] is { } birth) next[firsts[i] + j] = new Smc2Lineage(birth.State, step, []);
                    lineages = next;
                    allFinished = regenerated.All(r => r.AllFinished);
                    Array.Clear(logWeights);
                }
                progress?.Report(new SmcProgress(step, ess, pushed + LogWeightStatistics.LogMeanExp(logWeights), resample));
            }
            // One uniform per particle of positive weight, in order, as Infer.Smc2 draws the returned values.
            var draws = new RngWords?[n];
            for (int k = 0; k < n; k++)
                if (!double.IsNegativeInfinity(logWeights[k]))
                {
                    draws[k] = RngWords.Of(rng.State);
                    rng.NextDouble();
                }
            var finished = await All("Finish", (g, i) => g.Finish(draws[firsts[i]..firsts[i + 1]]));
            var values = new (ChoiceMap, T)[n];
            for (int i = 0; i < b; i++)
                for (int j = 0; j < finished[i].Parameters.Length; j++)
                    values[firsts[i] + j] = (ValueCodec.DecodeMap(finished[i].Parameters[j]), finished[i].Values[j] is { } v ? ValueCodec.Decode<T>(v) : default!);
            return new WeightedSample<(ChoiceMap, T)>(values, logWeights, pushed + LogWeightStatistics.LogMeanExp(logWeights));
        }
        finally
        {
            await Task.WhenAll(grains.Select(g => Quietly(g.Release())));
        }
    }
}
