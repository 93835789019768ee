namespace Probabilistic.Inference;

/// <summary>
/// The entry points of the inference algorithms, one per algorithm file:
/// <c>using static Probabilistic.Inference.Infer;</c> then <c>Enumerate(model)</c>, ….
/// Each algorithm is a short composition of the building blocks in this assembly.
/// </summary>
/// <remarks>
/// <para><b>Cancellation</b> — one rule for every algorithm that takes a <see cref="CancellationToken"/>: a run whose
/// token is cancelled stops at its next check (between steps, iterations, sweeps or chunks of samples) and throws an
/// <see cref="OperationCanceledException"/> carrying the token; it never returns a result as if it had completed.
/// Where the work done so far is itself a valid, smaller result, the exception is an
/// <see cref="InferenceCanceledException{TResult}"/> whose <c>PartialResult</c> holds it:</para>
/// <list type="bullet">
/// <item>importance sampling (<c>Importance</c>, with or without a proposal, and <c>SummarizeImportance</c>): the
/// samples drawn so far, a smaller importance sample with its own log Ẑ;</item>
/// <item>MCMC with kept draws and optimizers (NUTS/HMC: the draws every chain reached; Gibbs: likewise; SVI: the fit so
/// far).</item>
/// </list>
/// <para>Particle filters (<c>Smc</c>, <c>Rmsmc</c>, <c>Smc2</c>) and the particle MCMC algorithms built on them
/// (<c>Pmmh</c>, <c>ParticleGibbs</c>) and <c>Mh</c> throw a plain <see cref="OperationCanceledException"/>: a filter
/// stopped part-way has particles that have not seen every observation, which is no posterior of the model.
/// <c>Enumerate</c> (checked between executions) and <c>Pathfinder</c> (checked at each iterate of a path) throw a plain
/// one too: a partial enumeration leaves out executions, so its normalized weights are no posterior, and an unfinished
/// path has no best approximation.</para>
/// </remarks>
public static partial class Infer
{
}
