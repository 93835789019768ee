namespace Probabilistic.Inference;

/// <summary>A density that can say why it last returned −∞ (a distribution rejected its parameters).</summary>
public interface IRejectionSource
{
    /// <summary>The message of the last rejection, or null.</summary>
    string? LastRejection { get; }
}
