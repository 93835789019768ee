namespace Probabilistic.Inference;

/// <summary>
/// The sampler's statistics for one Hamiltonian Monte Carlo draw, as CmdStan writes them beside each draw
/// (CmdStan User's Guide, "MCMC Sampling: Stan CSV output"): <c>lp__</c>, <c>accept_stat__</c>, <c>stepsize__</c>,
/// <c>treedepth__</c>, <c>n_leapfrog__</c>, <c>divergent__</c>, <c>energy__</c>.
/// </summary>
/// <param name="LogDensity"><c>lp__</c>: the log density of the target at the draw, up to a constant.</param>
/// <param name="AcceptStat"><c>accept_stat__</c>: the average Metropolis acceptance probability over the trajectory.</param>
/// <param name="StepSize"><c>stepsize__</c>: the leapfrog step size used.</param>
/// <param name="TreeDepth"><c>treedepth__</c>: the depth of the NUTS tree (0 for static HMC).</param>
/// <param name="LeapfrogSteps"><c>n_leapfrog__</c>: the number of leapfrog steps taken.</param>
/// <param name="Divergent"><c>divergent__</c>: true when the trajectory diverged (energy error above the threshold).</param>
/// <param name="Energy"><c>energy__</c>: the Hamiltonian (potential plus kinetic energy) at the draw.</param>
public readonly record struct DrawStatistics(double LogDensity, double AcceptStat, double StepSize, int TreeDepth, int LeapfrogSteps, bool Divergent, double Energy);
