namespace Probabilistic.Inference;

/// <summary>What one HMC or NUTS transition reports (CmdStan's sampler columns).</summary>
internal struct TransitionStatistics
{
    public double LogDensity;
    public double AcceptStat;
    public double StepSize;
    public int TreeDepth;
    public int LeapfrogSteps;
    public bool Divergent;
    public double Energy;
}
