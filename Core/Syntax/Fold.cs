using Probabilistic.Interpretation;

namespace Probabilistic.Syntax;

/// <summary>
/// <c>Fold(name, steps, init, step)</c>: a Markov chain s_{t+1} = step(s_t, t), step t's choices under
/// <c>name/t</c> (or under the current namespace when <paramref name="name"/> is null, for loops over data).
/// One frame per step; the machine never recurses, so a million steps run in constant CLR stack.
/// </summary>
internal sealed class FoldNode<S>(Address? name, int steps, S init, Func<S, int, Model<S>> step) : Model<S>
{
    internal override void Run(Machine m)
    {
        if (steps == 0)
        {
            m.Return(init);
            return;
        }
        var basePrefix = m.Prefix;
        Enter(m, basePrefix, name is null ? basePrefix : m.Resolve(name), init, 0);
    }

    private void Enter(Machine m, Address basePrefix, Address foldPrefix, S state, int t)
    {
        m.Push(new StepFrame(this, basePrefix, foldPrefix, t, m.Stack));
        Step(m, basePrefix, foldPrefix, state, t);
    }

    private void Step(Machine m, Address basePrefix, Address foldPrefix, S state, int t)
    {
        if (name is null) m.Prefix = basePrefix;
        else
        {
            m.SetIndexedPrefix(foldPrefix, t);
            if (m.ObservesScopes) m.Handler.OnScopeEnter(ScopeKind.FoldStep, foldPrefix, t);
        }
        m.Node = step(state, t) ?? throw new ModelException($"The step function of Fold '{name}' returned null at step {t}.", foldPrefix);
    }

    private sealed class StepFrame(FoldNode<S> node, Address basePrefix, Address foldPrefix, int t, Frame? next) : Frame<S>(next), IProceedFrame<S>
    {
        private int _t = t;

        public override void Resume(S value, Machine m)
        {
            if (m.ObservesScopes && node.IsNamed && !m.Handler.OnScopeExit(ScopeKind.FoldStep, _t, _t + 1 >= node.Steps))
            {
                m.Suspend(new ScopeExitNode<S>(value, this));
                return;
            }
            Proceed(value, m);
        }

        public void Proceed(S value, Machine m)
        {
            int t = _t + 1;
            if (t >= node.Steps)
            {
                m.Prefix = basePrefix;
                m.Return(value);
            }
            else if (m.OwnsFrames)
            {
                // No cursor can hold this frame, so it is reused for the next step instead of copied.
                _t = t;
                m.Push(this);
                node.Step(m, basePrefix, foldPrefix, value, t);
            }
            else node.Enter(m, basePrefix, foldPrefix, value, t);
        }
    }

    private int Steps => steps;

    private bool IsNamed => name is not null;
}

/// <summary>
/// Runs <c>body(0..count−1)</c> in order and returns their values as an array; each body under
/// <c>name/i</c> when named (<c>Plate</c>), else in the current namespace (<c>Sequence</c>).
/// Values collect in an immutable list so that suspended copies never share mutable state.
/// </summary>
internal sealed class CollectNode<T>(Address? name, int count, Func<int, Model<T>> body) : Model<T[]>
{
    internal override void Run(Machine m)
    {
        if (count == 0)
        {
            m.Return(Array.Empty<T>());
            return;
        }
        var basePrefix = m.Prefix;
        Enter(m, basePrefix, name is null ? basePrefix : m.Resolve(name), null, 0);
    }

    private void Enter(Machine m, Address basePrefix, Address platePrefix, Cell? done, int i)
    {
        m.Push(new ItemFrame(this, basePrefix, platePrefix, done, i, m.Stack));
        if (name is null) m.Prefix = basePrefix;
        else
        {
            m.SetIndexedPrefix(platePrefix, i);
            if (m.ObservesScopes) m.Handler.OnScopeEnter(ScopeKind.PlateElement, platePrefix, i);
        }
        m.Node = body(i) ?? throw new ModelException($"The body of Plate '{name}' returned null at index {i}.", platePrefix);
    }

    private sealed record Cell(T Head, Cell? Tail);

    private sealed class ItemFrame(CollectNode<T> node, Address basePrefix, Address platePrefix, Cell? done, int i, Frame? next) : Frame<T>(next), IProceedFrame<T>
    {
        public override void Resume(T value, Machine m)
        {
            if (m.ObservesScopes && node.IsNamed && !m.Handler.OnScopeExit(ScopeKind.PlateElement, i, i + 1 >= node.Count))
            {
                m.Suspend(new ScopeExitNode<T>(value, this));
                return;
            }
            Proceed(value, m);
        }

        public void Proceed(T value, Machine m)
        {
            var cell = new Cell(value, done);
            if (i + 1 < node.Count)
            {
                node.Enter(m, basePrefix, platePrefix, cell, i + 1);
                return;
            }
            var result = new T[node.Count];
            for (int k = result.Length - 1; k >= 0; k--, cell = cell!.Tail) result[k] = cell!.Head;
            m.Prefix = basePrefix;
            m.Return(result);
        }
    }

    private int Count => count;

    private bool IsNamed => name is not null;
}

/// <summary>A frame that can carry on after a handler suspended the machine at the end of its element or step.</summary>
internal interface IProceedFrame<T>
{
    /// <summary>Does what the frame's resumption does once the handler let the scope end.</summary>
    void Proceed(T value, Machine m);
}

/// <summary>
/// Where a machine waits when a handler suspended it at the end of a plate element or fold step (see
/// <see cref="Handler.OnScopeExit"/>): running it carries on as the frame would have. Immutable, so a saved
/// cursor here can be resumed many times.
/// </summary>
internal sealed class ScopeExitNode<T>(T value, IProceedFrame<T> frame) : Model<T>, IScopeExit
{
    public object? BoxedValue => value;

    internal override void Run(Machine m) => frame.Proceed(value, m);
}
