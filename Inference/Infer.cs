namespace Probabilistic.Inference;

/// <summary>
/// The entry points of the inference algorithms, one per algorithm file:
/// <c>using static Probabilistic.Inference.Infer;</c> then <c>Enumerate(model)</c>, ….
/// Each algorithm is a short composition of the building blocks in this assembly.
/// </summary>
public static partial class Infer
{
}
