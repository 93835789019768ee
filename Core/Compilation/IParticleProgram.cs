namespace Probabilistic.Compilation;

/// <summary>
/// A model compiled into a resumable state machine (the way C# compiles an <c>async</c> method): a particle is a
/// <typeparamref name="TState"/> struct holding what the program keeps alive across a score (a <c>Fold</c>'s carried
/// state, the step index, the locals used after the score, the program counter), and <see cref="Advance"/> runs it to its
/// next score by a direct call. A population of particles is an array of these structs; nothing is allocated per step.
/// The step boundaries are the interpreter's: a particle suspends after each observation or factor (what SMC's
/// <c>Suspend</c> handler does), so the compiled and the interpreted filters visit the same targets.
/// </summary>
/// <typeparam name="TState">The particle's state; copying it copies the particle.</typeparam>
/// <typeparam name="TResult">The model's return type.</typeparam>
public interface IParticleProgram<TState, TResult> where TState : struct
{
    /// <summary>How many scores (observations and factors) one run of the program makes: SMC's number of steps.</summary>
    int Steps { get; }

    /// <summary>Sets <paramref name="state"/> to the program's start, before its first choice.</summary>
    void Start(ref TState state);

    /// <summary>
    /// Runs the particle from <paramref name="state"/> through its next score, drawing each latent choice on the way from
    /// its prior with <paramref name="rng"/> (the same draws, in the same order, as the distribution's <c>Sample</c>), and
    /// returns that score's log weight (scaled as the interpreter scales it). Called exactly <see cref="Steps"/> times.
    /// </summary>
    double Advance(ref TState state, Rng rng);

    /// <summary>
    /// The model's return value, once <see cref="Advance"/> has run <see cref="Steps"/> times: it runs whatever follows the
    /// last score, drawing with <paramref name="rng"/> the choices made there (e.g. those before a Fold of no steps), as the
    /// interpreter's particle draws them in its finishing step.
    /// </summary>
    TResult Result(ref TState state, Rng rng);
}
