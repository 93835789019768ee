using Probabilistic.Syntax;

namespace Probabilistic.Interpretation.Handlers;

/// <summary>
/// The bottom of a stack: draws every choice that reaches it fresh from its prior with <paramref name="rng"/> (NumPyro's
/// <c>seed</c> with the default sampling), sums those draws' log densities in <see cref="FreshLogProb"/> (Update's
/// weight subtracts them), and accepts every score. With a null <paramref name="rng"/> a choice that reaches it is an
/// error: <paramref name="refusal"/> says why (Assess: every choice must be given), naming the address.
/// </summary>
internal sealed class Seed(Rng? rng, string? refusal = null) : Handler
{
    /// <summary>Σ log p of the choices drawn here.</summary>
    public double FreshLogProb;

    /// <inheritdoc />
    public override Rng? FreshRng => rng;

    /// <inheritdoc />
    public override Choice OnSample(ISampleNode node, Machine m)
    {
        var address = m.Resolve(node.Local);
        if (rng is null)
            throw new ModelException(refusal is null
                ? $"The choice at '{address}' has no value in this interpretation, and it draws no fresh values."
                : string.Format(System.Globalization.CultureInfo.InvariantCulture, refusal, address), address);
        var c = node.Draw(address, rng);
        FreshLogProb += c.LogProb;
        return c;
    }

    /// <inheritdoc />
    public override bool OnScore(Real logWeight, Address? address, bool isObservation) => true;
}
