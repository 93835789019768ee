namespace Probabilistic.Inference.Particles;

public sealed partial class Population<T>
{
    /// <summary>
    /// An independent copy that continues with its own random streams (those of <paramref name="seed"/>):
    /// the particle arrays are copied, the cursors and choice histories (immutable) are shared. SMC² uses
    /// it when resampling parameter particles, so that copies of one inner filter evolve independently.
    /// </summary>
    internal Population<T> Clone(ulong seed)
    {
        var c = (Population<T>)MemberwiseClone();
        c._seed = seed;
        c._cursors = (Interpretation.Cursor[])_cursors.Clone();
        c._logWeights = (double[])_logWeights.Clone();
        c._finished = (bool[])_finished.Clone();
        c._values = (T[])_values.Clone();
        c._eves = (int[])_eves.Clone();
        c._histories = (ChoiceHistory?[]?)_histories?.Clone();
        c._logLikelihoods = (double[])_logLikelihoods.Clone();
        c._tallies = (int[])_tallies.Clone();
        c._causes = (ZeroWeightCause[])_causes.Clone();
        return c;
    }
}
