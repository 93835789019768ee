namespace Probabilistic.Inference.Variational;

/// <summary>
/// One draw from a guide: the values of its choices by address, log q of them (on the gradient tape), and the
/// log q of each choice whose gradient is estimated by the score function (REINFORCE), for the surrogate objective.
/// </summary>
internal sealed class GuideDraw
{
    public readonly Dictionary<Address, object> Values = [];
    public Real LogQ;
    public readonly List<(Address Address, Real LogQ)> ScoreTerms = [];
}
