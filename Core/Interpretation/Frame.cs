namespace Probabilistic.Interpretation;

/// <summary>
/// A cell of the interpreter's continuation stack: an immutable linked list, so a suspended
/// program (a <see cref="Cursor"/>) is two references and can be resumed many times.
/// </summary>
internal abstract class Frame(Frame? next)
{
    public readonly Frame? Next = next;
}

/// <summary>A frame that waits for a value of type <typeparamref name="T"/>.</summary>
internal abstract class Frame<T>(Frame? next) : Frame(next)
{
    /// <summary>Receives the value; the frame has already been popped. Sets the machine's next node or returns a value further.</summary>
    public abstract void Resume(T value, Machine m);
}

/// <summary>The bottom frame of a run: stores the final value.</summary>
internal sealed class DoneFrame<T>() : Frame<T>(null)
{
    public static readonly DoneFrame<T> Instance = new();

    public override void Resume(T value, Machine m) => m.Finish(value);
}

/// <summary>Restores the address prefix when a namespaced sub-program returns.</summary>
internal sealed class RestorePrefixFrame<T>(Address prefix, Frame? next) : Frame<T>(next)
{
    public override void Resume(T value, Machine m)
    {
        m.Prefix = prefix;
        m.Return(value);
    }
}

/// <summary>Removes the handler a sub-program was run with (<see cref="Machine.Enter{T}"/>) when it returns.</summary>
internal sealed class ExitScopeFrame<T>(Scope? outer, Frame? next) : Frame<T>(next)
{
    public override void Resume(T value, Machine m)
    {
        m.Exit(outer);
        m.Return(value);
    }
}
