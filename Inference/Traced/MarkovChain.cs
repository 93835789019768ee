namespace Probabilistic.Inference.Traced;

/// <summary>
/// The loop of every Metropolis–Hastings-type chain (<c>Mh</c> over traces, <c>Pmmh</c> over (θ, Ẑ), <c>ParticleGibbs</c>
/// over reference trajectories): burn-in, then keep every thin-th state, counting accepted transitions.
/// </summary>
internal static class MarkovChain
{
    /// <summary>
    /// The Metropolis–Hastings test: accepts with probability min(1, exp(<paramref name="logAlpha"/>)), drawing a uniform only
    /// when it is below 1. A NaN ratio is a <see cref="ModelException"/> "<paramref name="who"/>: the acceptance ratio is NaN
    /// (<paramref name="cause"/>)." — every MH step in the library (trace kernels, PMMH, SMC², resample-move) takes this one.
    /// </summary>
    public static bool Accept(double logAlpha, Rng rng, string who, string cause)
    {
        if (double.IsNaN(logAlpha)) throw new ModelException($"{who}: the acceptance ratio is NaN ({cause}).");
        return logAlpha >= 0 || Math.Log(rng.NextOpenDouble()) < logAlpha;
    }

    /// <summary>
    /// Runs <paramref name="burnIn"/> + <paramref name="samples"/>·<paramref name="thin"/> transitions from
    /// <paramref name="state"/>, keeping <paramref name="keep"/>(state) after every thin-th transition past the burn-in;
    /// <paramref name="report"/>(iteration, total, accepted so far, state) hears of every transition, and the token is
    /// checked before each.
    /// </summary>
    public static (List<TKept> Kept, int Accepted, int Total) Run<TState, TKept>(TState state, Func<TState, (TState State, bool Accepted)> transition,
        Func<TState, TKept> keep, int burnIn, int samples, int thin, Action<int, int, int, TState>? report, CancellationToken cancellationToken)
    {
        int total = burnIn + samples * thin, accepted = 0;
        var kept = new List<TKept>(samples);
        for (int it = 1; it <= total; it++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            (state, bool a) = transition(state);
            if (a) accepted++;
            if (it > burnIn && (it - burnIn) % thin == 0) kept.Add(keep(state));
            report?.Invoke(it, total, accepted, state);
        }
        return (kept, accepted, total);
    }
}
