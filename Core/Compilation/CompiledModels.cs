using Probabilistic.Interpretation;

namespace Probabilistic.Compilation;

/// <summary>Attaches generated twins to interpreted models, and finds them.</summary>
public static class CompiledModels
{
    /// <summary>
    /// <paramref name="model"/> with its compiled <paramref name="twin"/> attached: it still runs interpreted under every
    /// interpretation (the twin changes nothing there), and algorithms that can use the twin find it with
    /// <see cref="TryGetTwin{T}"/>. Called by generated code at each call of a <see cref="CompiledAttribute"/> method.
    /// </summary>
    public static Model<T> Attach<T>(Model<T> model, CompiledModel<T> twin)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(twin);
        return new CompiledNode<T>(model is CompiledNode<T> c ? c.Interpreted : model, twin);
    }

    /// <summary>The compiled twin attached to <paramref name="model"/>, if any.</summary>
    public static bool TryGetTwin<T>(Model<T> model, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CompiledModel<T>? twin)
    {
        twin = (model as CompiledNode<T>)?.Twin;
        return twin is not null;
    }

    /// <summary>The interpreted program of <paramref name="model"/> (itself when no twin is attached).</summary>
    public static Model<T> Interpreted<T>(Model<T> model) => model is CompiledNode<T> c ? c.Interpreted : model;
}

/// <summary>An interpreted model carrying its compiled twin; interpretation runs the interpreted program unchanged.</summary>
internal sealed class CompiledNode<T>(Model<T> interpreted, CompiledModel<T> twin) : Model<T>
{
    public Model<T> Interpreted { get; } = interpreted;

    public CompiledModel<T> Twin { get; } = twin;

    internal override void Run(Machine m) => m.Node = Interpreted;
}
