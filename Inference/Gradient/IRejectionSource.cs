namespace Probabilistic.Inference;

/// <summary>A density that can say why it last returned −∞ (a distribution rejected its parameters).</summary>
public interface IRejectionSource
{
    /// <summary>The message of the last rejection, or null.</summary>
    string? LastRejection { get; }

    /// <summary>
    /// When the last evaluation's density was −∞ because an observation had density zero (a datum outside its
    /// distribution's support), that observation described (address or position, value, distribution, support); else null.
    /// </summary>
    string? LastZeroDensityObservation => null;
}
