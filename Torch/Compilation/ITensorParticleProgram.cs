using static TorchSharp.torch;

namespace Probabilistic.Torch.Compilation;

/// <summary>
/// Implemented by the compiled twin (<see cref="Probabilistic.Compilation.CompiledModel{T}"/>) of a <c>[Compiled]</c>
/// tensor model — one whose choices are drawn from <see cref="TensorDist"/> distributions and whose scores are
/// <see cref="TensorModel.Observe(TensorDistribution, Tensor)"/> or <see cref="TensorModel.Factor"/>: the generator
/// (<c>Probabilistic.Compiler</c>) then also emits a tensor particle program. <c>Infer.TensorSmc</c> finds it with
/// <see cref="Probabilistic.Compilation.CompiledModels.TryGetTwin{T}"/> and a type test.
/// </summary>
public interface ITensorCompiledModel
{
    /// <summary>The model's tensor particle program for the arguments of the call (its folds' sizes are evaluated here, when the model runs).</summary>
    ITensorParticleProgram TensorProgram();
}

/// <summary>
/// A tensor model compiled into a resumable state machine over a vectorized population: the particles are the leading
/// dimension N of every per-particle tensor, so one <see cref="ITensorParticleState"/> holds the whole population.
/// Advancing it runs from the saved state to the next score (what the C# compiler does to an <c>async</c> method), so
/// SMC costs O(1) program steps per observation instead of re-running the program from its start.
/// </summary>
public interface ITensorParticleProgram
{
    /// <summary>How many scores (observations and factors) one run of the program makes: SMC's number of steps.</summary>
    int Steps { get; }

    /// <summary>A population at the program's start, before its first choice.</summary>
    ITensorParticleState Start();
}

/// <summary>
/// The saved state of a vectorized population: the program counter, each fold's carried state and step index, and the
/// values read after a score (the live locals), per-particle values as tensors whose leading dimension is N.
/// </summary>
public interface ITensorParticleState
{
    /// <summary>
    /// Runs every particle through the next score: draws the choices on the way from their priors with
    /// <paramref name="step"/> (in program order, as the interpreter draws them) and returns the score's log density,
    /// one value per particle (shape <c>[N]</c>). Called exactly <see cref="ITensorParticleProgram.Steps"/> times.
    /// </summary>
    Tensor Advance(TensorParticleStep step);

    /// <summary>Runs what follows the last score (drawing the choices made there with <paramref name="step"/>), after <see cref="ITensorParticleProgram.Steps"/> advances.</summary>
    void Finish(TensorParticleStep step);

    /// <summary>
    /// Replaces every per-particle tensor of the state (a value computed from a choice, with leading dimension N) by its
    /// rows <paramref name="ancestors"/> (<c>index_select</c> along dimension 0), as resampling does; values shared by all
    /// particles are kept.
    /// </summary>
    void Resample(Tensor ancestors);

    /// <summary>The tensors the state holds now (for the caller's ownership of the ones the program made).</summary>
    IEnumerable<Tensor> Tensors { get; }
}
