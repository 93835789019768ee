namespace Probabilistic.Compilation;

/// <summary>
/// A compiled particle program (<see cref="IParticleProgram{TState, TResult}"/>) whose choices an algorithm can fix,
/// weigh and record through a <see cref="IParticleChoices"/> policy: the constrained filter of PMMH and SMC² (the
/// selected θ given, each weighed by its log density), conditional SMC's reference particle (its path replayed) and the
/// genealogy of particle Gibbs (every particle's choices recorded). Each choice site of the program is a slot and a key,
/// as in <see cref="SlotConstraints"/>: a scalar choice is key 0, a plate's element i is key i, a fold's step t is key t,
/// a plate in a fold's step is key t·2³² + i. The policy is a struct type argument, so the JIT compiles each policy's
/// run separately and the plain <see cref="IParticleProgram{TState, TResult}.Advance"/> (the <see cref="NoChoices"/>
/// policy) keeps no trace of the branches.
/// </summary>
/// <typeparam name="TState">The particle's state.</typeparam>
/// <typeparam name="TResult">The model's return type.</typeparam>
public interface IChoiceParticleProgram<TState, TResult> : IParticleProgram<TState, TResult> where TState : struct
{
    /// <summary>
    /// Whether the program's constant addresses cannot collide, so that <see cref="Locate"/> and <see cref="ChoiceAddress"/>
    /// are the interpreter's addresses (when false, the interpreter runs the model and raises its duplicate-address error).
    /// </summary>
    bool SlotsDistinct { get; }

    /// <summary>The slot and key of <paramref name="address"/>; false when no choice of the program has that address.</summary>
    bool Locate(Address address, out int slot, out long key);

    /// <summary>The interpreter's address of the choice at <paramref name="slot"/> and <paramref name="key"/>.</summary>
    Address ChoiceAddress(int slot, long key);

    /// <summary>
    /// As <see cref="IParticleProgram{TState, TResult}.Advance"/>, each choice on the way first offered to
    /// <paramref name="choices"/>: a value it gives is taken (checked to be of the choice's type, as the interpreter's
    /// <c>SampleNode.Score</c> checks it) and its log density handed back through <see cref="IParticleChoices.Given"/>;
    /// any other is drawn from its prior with <paramref name="rng"/>. Every choice is then reported by <see cref="IParticleChoices.Made{TValue}"/>.
    /// </summary>
    double Advance<TChoices>(ref TState state, Rng rng, ref TChoices choices) where TChoices : struct, IParticleChoices;

    /// <summary>As <see cref="IParticleProgram{TState, TResult}.Result"/>, the choices made after the last score offered to <paramref name="choices"/>.</summary>
    TResult Result<TChoices>(ref TState state, Rng rng, ref TChoices choices) where TChoices : struct, IParticleChoices;
}

/// <summary>What an algorithm does with a compiled particle's choices (see <see cref="IChoiceParticleProgram{TState, TResult}"/>).</summary>
public interface IParticleChoices
{
    /// <summary>The value to take for the choice at <paramref name="slot"/> and <paramref name="key"/>, if any (else it is drawn).</summary>
    bool TryGive(int slot, long key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out object? value);

    /// <summary>The log density of the value just given (the policy adds it to the particle's weight, or not).</summary>
    void Given(double logDensity);

    /// <summary>The choice just made (given or drawn), with its value.</summary>
    void Made<TValue>(int slot, long key, TValue value);

    /// <summary>
    /// Whether the program hands the policy the log density of each drawn value too (<see cref="Drawn"/>, before
    /// <see cref="Made{TValue}"/>), as resample-move's partial traces keep it. False by default: the JIT reads it as a
    /// constant for each struct policy, so a policy that does not ask pays nothing.
    /// </summary>
    static virtual bool WantsLogDensities => false;

    /// <summary>The log density of the value just drawn from its prior (called only when <see cref="WantsLogDensities"/>).</summary>
    void Drawn(double logDensity) { }
}

/// <summary>The policy that gives nothing and records nothing: the plain particle program.</summary>
public struct NoChoices : IParticleChoices
{
    /// <inheritdoc />
    public readonly bool TryGive(int slot, long key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out object? value)
    {
        value = null;
        return false;
    }

    /// <inheritdoc />
    public readonly void Given(double logDensity) { }

    /// <inheritdoc />
    public readonly void Made<TValue>(int slot, long key, TValue value) { }
}
