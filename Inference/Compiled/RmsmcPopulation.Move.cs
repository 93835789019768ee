using Probabilistic.Compilation;
using Probabilistic.Inference.Particles;
using Probabilistic.Inference.Traced;

namespace Probabilistic.Inference.Compiled;

internal sealed partial class RmsmcPopulation<TState, TProgram, T>
{
    /// <summary>
    /// <see cref="Population{T}.Rejuvenate(int)"/> on the compiled particles: <paramref name="steps"/> single-site MH steps with
    /// prior proposals (Wingate et al., AISTATS 2011, §3) on each particle's partial trace, targeting the program up to
    /// its current score, so the weights do not change. Particle i draws from stream k·(N+1) + i of the interpreter's move
    /// seed (the population's seed xor 0x6A09E667F3BCC909) in step k.
    /// </summary>
    private void Rejuvenate(int steps)
    {
        ulong streamsPerStep = (ulong)Count + 1;
        ulong moveSeed = _seed ^ 0x6A09E667F3BCC909UL;
        ForRanges((from, to) =>
        {
            var scratch = new MoveScratch();
            var rng = new Rng(0);
            for (int i = from; i < to; i++)
            {
                rng.Reset(moveSeed, (ulong)_step * streamsPerStep + (ulong)i);
                for (int k = 0; k < steps; k++)
                    if (!Move(i, rng, scratch)) break;
            }
        });
    }

    /// <summary>
    /// One MH step of particle <paramref name="i"/> (<c>Population.Move</c>'s arithmetic and draws, in its order): a choice
    /// of the partial trace picked uniformly, the program re-run from its start to the current score with every other
    /// choice given its previous value (rescored: the change of log density is the kept delta) and that one redrawn from
    /// its prior, accepted with log α = kept delta + (log L' − log L) + log |x| − log |x'|. False when the trace has no choice.
    /// </summary>
    private bool Move(int i, Rng rng, MoveScratch scratch)
    {
        int count = ScoredChoice.Flatten(_paths[i], ref scratch.Previous);
        if (count == 0) return false;
        var previous = scratch.Previous;
        if (scratch.LogDensities.Length < count) scratch.LogDensities = new double[Math.Max(count, 2 * scratch.LogDensities.Length)];
        int site = rng.NextInt(count);
        var replay = new Replaying(previous, count, site, scratch.LogDensities, _twinName);
        var program = _program;
        var state = default(TState);
        program.Start(ref state);
        double logLikelihood = 0;
        for (int s = 0; s < _step; s++) logLikelihood += program.Advance(ref state, rng, ref replay);
        if (replay.Replayed == 0) return true;
        double logAlpha = replay.KeptDelta + logLikelihood - _logLikelihoods[i] + Math.Log(count) - Math.Log(replay.Replayed);
        if (!MarkovChain.Accept(logAlpha, rng, "Population.Rejuvenate", "a partial trace of probability 0?")) return true;
        // The new path shares the old one's choices up to the first whose log density changed (those before the moved
        // choice, in a static program): same values, same densities.
        var densities = scratch.LogDensities;
        int shared = 0;
        while (shared < site && BitConverter.DoubleToInt64Bits(densities[shared]) == BitConverter.DoubleToInt64Bits(previous[shared].LogDensity)) shared++;
        var path = shared == 0 ? null : previous[shared - 1];
        for (int j = shared; j < replay.Replayed; j++)
            path = new ScoredChoice(previous[j].Slot, previous[j].Key, j == site ? replay.SiteValue! : previous[j].Value, densities[j], path);
        _paths[i] = path;
        _logLikelihoods[i] = logLikelihood;
        _states[i] = state;
        return true;
    }

    /// <summary>A range's buffers, reused by its particles' moves.</summary>
    private sealed class MoveScratch
    {
        public ScoredChoice[] Previous = new ScoredChoice[16];
        public double[] LogDensities = new double[16];
    }

    /// <summary>
    /// The replay policy of a move (the interpreter's <c>ReplayHandler</c>): a static program makes the previous run's
    /// choices in the same order, so the j-th choice offered is the previous j-th; all but the <c>site</c>-th are given their
    /// previous value, and each given value's change of log density is added to <see cref="KeptDelta"/>.
    /// </summary>
    private struct Replaying(ScoredChoice[] previous, int count, int site, double[] logDensities, string twinName) : IParticleChoices
    {
        public double KeptDelta;
        public int Replayed;
        public object? SiteValue;

        public static bool WantsLogDensities => true;

        public readonly bool TryGive(int slot, long key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out object? value)
        {
            if (Replayed >= count || previous[Replayed].Slot != slot || previous[Replayed].Key != key)
                throw new InvalidOperationException($"Rmsmc: the compiled twin {twinName} made choice {Replayed} at slot {slot}, key {key} on a replay, where its previous run made " +
                    (Replayed >= count ? $"only {count} choices" : $"it at slot {previous[Replayed].Slot}, key {previous[Replayed].Key}") + "; a compiled program's choices must not depend on its values.");
            if (Replayed == site)
            {
                value = null;
                return false;
            }
            value = previous[Replayed].Value;
            return true;
        }

        public void Given(double logDensity)
        {
            KeptDelta += logDensity - previous[Replayed].LogDensity;
            logDensities[Replayed] = logDensity;
        }

        public readonly void Drawn(double logDensity) => logDensities[Replayed] = logDensity;

        public void Made<TValue>(int slot, long key, TValue value)
        {
            if (Replayed == site) SiteValue = value;
            Replayed++;
        }
    }
}
