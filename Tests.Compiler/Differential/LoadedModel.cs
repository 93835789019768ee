using System.Reflection;
using System.Runtime.ExceptionServices;

namespace Probabilistic.Compiler.Tests.Differential;

/// <summary>A check run on a loaded model at its value type.</summary>
public interface IModelCheck
{
    /// <summary>
    /// Checks <paramref name="model"/> (the <c>[Compiled]</c> method's model, its twin attached by the interceptor) of
    /// <paramref name="program"/>; <paramref name="plain"/> is the same body without the attribute (Outside programs only).
    /// </summary>
    void Check<T>(ModelProgram program, Model<T> model, Model<T>? plain) where T : notnull;
}

/// <summary>A generated program's models, loaded from its batch's assembly.</summary>
/// <param name="Program">The program.</param>
/// <param name="Index">Its index in the batch (class <c>Diff.P&lt;Index&gt;</c>).</param>
/// <param name="Model">The <c>Model&lt;T&gt;</c> its <c>Make()</c> returned.</param>
/// <param name="Plain">The <c>Model&lt;T&gt;</c> of <c>MakePlain()</c>, for an Outside program.</param>
public sealed record LoadedModel(ModelProgram Program, int Index, object Model, object? Plain)
{
    /// <summary>The model's value type T.</summary>
    public Type ValueType => Model.GetType().BaseTypeChain().First(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Model<>)).GetGenericArguments()[0];

    private static readonly MethodInfo Typed = typeof(LoadedModel).GetMethod(nameof(RunTyped), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Runs <paramref name="check"/> at the model's value type (exceptions unwrapped).</summary>
    public void Run(IModelCheck check)
    {
        try
        {
            Typed.MakeGenericMethod(ValueType).Invoke(null, [check, this]);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
        }
    }

    private static void RunTyped<T>(IModelCheck check, LoadedModel m) where T : notnull => check.Check(m.Program, (Model<T>)m.Model, (Model<T>?)m.Plain);

    /// <inheritdoc />
    public override string ToString() => ModelPrinter.File(Program, "P" + Index);
}

internal static class TypeChain
{
    public static IEnumerable<Type> BaseTypeChain(this Type t)
    {
        for (Type? x = t; x is not null; x = x.BaseType) yield return x;
    }
}
