namespace Probabilistic;

/// <summary>The value of a model that returns nothing of interest (an observation, a factor).</summary>
public readonly record struct Unit
{
    /// <summary>The only value.</summary>
    public static readonly Unit Value = default;

    /// <inheritdoc />
    public override string ToString() => "()";
}
