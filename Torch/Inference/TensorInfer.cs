using static TorchSharp.torch;

namespace Probabilistic.Torch;

/// <summary>
/// The tensor backend's entry points, declared as static extension members of <see cref="Probabilistic.Inference.Infer"/>
/// (C# 14 extension blocks; a partial class cannot span the two assemblies): with <c>using Probabilistic.Torch;</c> in
/// scope, write <c>Infer.TensorSmc(model, options, progress, cancellationToken)</c>, <c>Infer.TensorImportance</c>,
/// <c>Infer.TensorHmc</c> and <c>Infer.TensorSvi</c> beside the scalar <c>Infer.Smc</c>, <c>Infer.Nuts</c>, <c>Infer.Svi</c>.
/// Each follows the cancellation rule stated on <see cref="Probabilistic.Inference.Infer"/>. (From F#, which does not see
/// C# extension members, call them as static methods of this class: <c>TensorInfer.TensorSmc(model, …)</c>.)
/// </summary>
public static partial class TensorInfer
{
    /// <summary>Moves <paramref name="next"/> out of the current dispose scope into <paramref name="owned"/>, disposing the old tensor.</summary>
    private static void Replace(ref Tensor owned, Tensor next)
    {
        var old = owned;
        owned = next.DetachFromDisposeScope();
        old.Dispose();
    }
}
