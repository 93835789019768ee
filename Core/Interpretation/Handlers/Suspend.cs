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

/// <summary>
/// The intermediate target p_s of sequential Monte Carlo as a model: <paramref name="model"/> run up to its
/// <paramref name="at"/>-th score (or its end), returning default there (Del Moral, Doucet, Jasra 2006). Every operation
/// of the generative function interface on it (Simulate, Generate, Assess, Update, Regenerate) stops there too, so an
/// MCMC kernel over its traces (resample-move SMC's move, Gilks &amp; Berzuini 2001) leaves p_s invariant. Where
/// <see cref="Suspend"/> parks the run, the view ends it: the GFI's handlers above see a finished run. Run it at the
/// top of a machine only (it discards the continuation, and the scopes with it).
/// </summary>
internal sealed class SuspendedModel<T>(Model<T> model, int at) : Model<T>
{
    /// <summary>The full model.</summary>
    public Model<T> Model => model;

    /// <summary>The score after which the view ends.</summary>
    public int At => at;

    internal override void Run(Machine m) => m.Enter(new Cut(at, m, m.Stack), model);

    // Counts the scores passing down; after the at-th, replaces the continuation so that the score's return ends the run.
    private sealed class Cut(int at, Machine machine, Frame? below) : ForwardingHandler(null!)
    {
        private int _scores;

        public override bool OnScore(Real logWeight, Address? address, bool isObservation)
        {
            bool go = Next.OnScore(logWeight, address, isObservation);
            if (++_scores == at) machine.Stack = new EndFrame(below);
            return go;
        }
    }

    private sealed class EndFrame(Frame? below) : Frame<Unit>(below)
    {
        public override void Resume(Unit value, Machine m) => m.Return<T>(default!);
    }
}
