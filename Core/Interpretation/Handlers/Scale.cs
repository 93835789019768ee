namespace Probabilistic.Interpretation.Handlers;

/// <summary>
/// Multiplies every score by <paramref name="factor"/> (NumPyro's <c>scale</c>): a subsampled plate installs one with
/// size/subsample size for its minibatch, in the scalar and the tensor backend alike, so that the minibatch's total is an
/// unbiased estimate of the whole plate's (Hoffman, Blei, Wang, Paisley 2013, "Stochastic variational inference", §2.4).
/// Handlers below that score choices themselves read the product of the scales in force as
/// <see cref="Machine.Scale"/>.
/// </summary>
internal sealed class Scale(double factor, Handler next) : ForwardingHandler(next)
{
    /// <summary>This handler's factor.</summary>
    public double Factor => factor;

    /// <inheritdoc />
    public override Rng? PriorRng => Next.PriorRng;


    /// <inheritdoc />
    public override bool OnScore(Real logWeight, Address? address, bool isObservation) =>
        Next.OnScore(factor == 1 ? logWeight : factor * logWeight, address, isObservation);
}
