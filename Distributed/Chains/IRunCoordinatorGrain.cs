namespace Probabilistic.Distributed;

/// <summary>
/// The coordinator of one HMC or NUTS run, keyed by the run's id: each call of <see cref="Advance"/> is a round that moves
/// every chain grain ("run id/k") to one iteration in parallel, gathers their new draws, publishes them on the run's
/// stream, and computes R̂ and ESS. Rounds are idempotent (a round repeated runs nothing twice), so the caller drives the
/// run by repeating a round whose answer it lost, after a silo died for instance (<see cref="Cluster"/> does).
/// </summary>
public interface IRunCoordinatorGrain : IGrainWithStringKey
{
    /// <summary>Moves every chain to iteration <paramref name="toIteration"/> (no further than its end) and reports the run.</summary>
    Task<RoundReport> Advance(RunRequest request, int toIteration, CancellationToken cancellationToken = default);
}
