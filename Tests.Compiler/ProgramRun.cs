using System.Reflection;
using Probabilistic.Compilation;

namespace Probabilistic.Compiler.Tests;

/// <summary>One run of a compiled particle program: each score's log weight, the state after each score, the result, and the next number its Rng would give.</summary>
public sealed record ProgramRun<T>(int Steps, IReadOnlyList<double> Weights, IReadOnlyList<object> States, T Result, ulong NextRandom)
{
    /// <summary>The sum of the scores' log weights.</summary>
    public double LogWeight => Weights.Sum();

    /// <summary>
    /// The value of the range variable <paramref name="name"/> kept in the state after score <paramref name="step"/> (the
    /// generated field is named <c>__v&lt;id&gt;_&lt;name&gt;</c>).
    /// </summary>
    public TValue Field<TValue>(int step, string name)
    {
        var state = States[step];
        var field = state.GetType().GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            .Single(f => f.Name.StartsWith("__v", StringComparison.Ordinal) && f.Name.EndsWith("_" + name, StringComparison.Ordinal));
        return (TValue)field.GetValue(state)!;
    }
}

/// <summary>Runs a twin's particle program once with <c>new Rng(seed)</c>: Start, Advance × Steps, Result.</summary>
public sealed class RunProgram<T>(ulong seed) : ICompiledModelVisitor<T, ProgramRun<T>>
{
    /// <inheritdoc />
    public ProgramRun<T> VisitParticleProgram<TState, TProgram>(TProgram program)
        where TState : struct
        where TProgram : struct, IParticleProgram<TState, T>
    {
        var rng = new Rng(seed);
        TState state = default;
        program.Start(ref state);
        var weights = new List<double>();
        var states = new List<object>();
        for (int k = 0; k < program.Steps; k++)
        {
            weights.Add(program.Advance(ref state, rng));
            states.Add(state);
        }
        var result = program.Result(ref state, rng);
        return new ProgramRun<T>(program.Steps, weights, states, result, rng.NextULong());
    }

    /// <summary>Runs the twin attached to <paramref name="model"/> (which must have one).</summary>
    public static ProgramRun<T> Of(Model<T> model, ulong seed)
    {
        Assert.True(CompiledModels.TryGetTwin(model, out var twin), "the model has no compiled twin attached");
        return twin.Accept(new RunProgram<T>(seed));
    }
}
