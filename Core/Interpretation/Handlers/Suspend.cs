namespace Probabilistic.Interpretation.Handlers;

/// <summary>
/// Stops the run just after its <see cref="At"/>-th score (counting from 1; observations and factors alike), passing
/// every score on first: the intermediate targets of sequential Monte Carlo (the run up to the k-th observation,
/// Del Moral, Doucet, Jasra 2006), resample-move SMC's and particle Gibbs' partial runs. The machine is then suspended;
/// <see cref="Machine.Save"/> gives a cursor that runs on from there, and <see cref="At"/> can be moved on.
/// </summary>
internal sealed class Suspend(int at, Handler next) : ForwardingHandler(next)
{
    /// <summary>The score after which the run stops (the count so far included).</summary>
    public int At = at;

    /// <summary>How many scores have passed so far.</summary>
    public int Scores;

    /// <inheritdoc />
    public override bool NeverSuspends => false;

    /// <inheritdoc />
    public override bool OnScore(Real logWeight, Address? address, bool isObservation)
    {
        bool go = Next.OnScore(logWeight, address, isObservation);
        return ++Scores != At && go;
    }
}
