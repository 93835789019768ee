namespace Probabilistic.Inference;

/// <summary>
/// One transition of static HMC as Stan's <c>base_static_hmc</c>: L = max(1, ⌊T / ε⌋) leapfrog steps for
/// an integration time T, then a Metropolis accept/reject on the energy error (Neal 2011, "MCMC using
/// Hamiltonian dynamics", §5.3). A final energy error above 1000 is reported as a divergence.
/// </summary>
internal sealed class StaticHmcTransition(Hamiltonian hamiltonian, double integrationTime)
{
    private readonly PhasePoint _z = new(hamiltonian.Dimension);

    public DrawStatistics Transition(PhasePoint state, double epsilon, Rng rng)
    {
        hamiltonian.SampleMomentum(state, rng);
        _z.CopyFrom(state);
        double h0 = hamiltonian.Energy(_z);
        int steps = Math.Max(1, (int)(integrationTime / epsilon));
        for (int i = 0; i < steps; i++) hamiltonian.Leapfrog(_z, epsilon);
        double h = hamiltonian.Energy(_z);
        double accept = Math.Exp(h0 - h);
        if (!(accept < 1 && rng.NextDouble() > accept)) state.CopyFrom(_z);
        return new DrawStatistics
        {
            LogDensity = state.LogDensity,
            AcceptStat = accept > 1 ? 1 : accept,
            StepSize = epsilon,
            TreeDepth = 0,
            LeapfrogSteps = steps,
            Divergent = h - h0 > 1000,
            Energy = hamiltonian.Energy(state),
        };
    }
}
