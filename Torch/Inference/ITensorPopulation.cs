using TorchSharp;
using static TorchSharp.torch;

namespace Probabilistic.Torch;

/// <summary>
/// The particles of <c>Infer.TensorSmc</c> between its steps, as the filter's loop drives them: the interpreter
/// re-executing the program (<see cref="InterpretedTensorPopulation{T}"/>) or a compiled tensor particle program
/// advanced from its saved state (<see cref="CompiledTensorPopulation"/>). Both draw step t's choices from a generator
/// seeded by the loop, so they make the same population for a seed.
/// </summary>
internal interface ITensorPopulation : IDisposable
{
    /// <summary>
    /// Step <paramref name="t"/>: draws the choices up to observation t for every particle and returns that
    /// observation's log density (<c>[N]</c>), or null when the program has no observation t (it then runs to its end).
    /// Tensors it returns belong to <paramref name="scope"/>; what it keeps it moves out of it.
    /// </summary>
    Tensor? Step(int t, TensorRunOptions stepRun, DisposeScope scope);

    /// <summary>Resamples every particle to the rows <paramref name="ancestors"/> (in <paramref name="scope"/>, which it may take ownership from).</summary>
    void Resample(Tensor ancestors, DisposeScope scope);

    /// <summary>After the last step: every choice's values by address (particles leading), in the order first drawn; the caller owns them.</summary>
    Dictionary<Address, Tensor> TakeParticles();
}
