using Probabilistic.Interpretation;

namespace Probabilistic.Syntax;

/// <summary><c>m.SelectMany(k)</c>: runs <c>m</c>, then the program <c>k</c> builds from its value.</summary>
internal sealed class BindNode<A, B>(Model<A> m, Func<A, Model<B>> k) : Model<B>
{
    internal override void Run(Machine machine)
    {
        // A Sample on the left is handled in place: no frame is pushed (no frame allocation per bind: the interpreter's main saving, docs/ARCHITECTURE.md §3).
        if (m is SampleNode<A> s && machine.Handler.SamplesInPlace)
        {
            machine.Node = k(s.Choose(machine)) ?? throw NullContinuation();
            return;
        }
        machine.Push(new Frame(k, machine.Stack));
        machine.Node = m;
    }

    internal static ModelException NullContinuation() => new("A SelectMany continuation returned null instead of a model.");

    private sealed class Frame(Func<A, Model<B>> k, Interpretation.Frame? next) : Frame<A>(next)
    {
        public override void Resume(A value, Machine machine) => machine.Node = k(value) ?? throw NullContinuation();
    }
}

/// <summary><c>m.SelectMany(k, project)</c>: LINQ's two-variable bind, without an extra closure per step.</summary>
internal sealed class BindProjectNode<A, B, C>(Model<A> m, Func<A, Model<B>> k, Func<A, B, C> project) : Model<C>
{
    internal override void Run(Machine machine)
    {
        if (m is SampleNode<A> s && machine.Handler.SamplesInPlace)
        {
            Continue(s.Choose(machine), machine);
            return;
        }
        machine.Push(new First(this, machine.Stack));
        machine.Node = m;
    }

    private void Continue(A a, Machine machine)
    {
        var next = k(a) ?? throw BindNode<A, B>.NullContinuation();
        if (next is SampleNode<B> s && machine.Handler.SamplesInPlace)
        {
            machine.Return(project(a, s.Choose(machine)));
            return;
        }
        if (next is Pure<B> p)
        {
            machine.Return(project(a, p.Value));
            return;
        }
        machine.Push(new Second(project, a, machine.Stack));
        machine.Node = next;
    }

    private sealed class First(BindProjectNode<A, B, C> node, Interpretation.Frame? next) : Frame<A>(next)
    {
        public override void Resume(A value, Machine machine) => node.Continue(value, machine);
    }

    private sealed class Second(Func<A, B, C> project, A a, Interpretation.Frame? next) : Frame<B>(next)
    {
        public override void Resume(B value, Machine machine) => machine.Return(project(a, value));
    }
}

/// <summary><c>m.Select(f)</c>: maps the return value.</summary>
internal sealed class MapNode<A, B>(Model<A> m, Func<A, B> f) : Model<B>
{
    internal override void Run(Machine machine)
    {
        if (m is SampleNode<A> s && machine.Handler.SamplesInPlace)
        {
            machine.Return(f(s.Choose(machine)));
            return;
        }
        if (m is Pure<A> p)
        {
            machine.Return(f(p.Value));
            return;
        }
        machine.Push(new Frame(f, machine.Stack));
        machine.Node = m;
    }

    private sealed class Frame(Func<A, B> f, Interpretation.Frame? next) : Frame<A>(next)
    {
        public override void Resume(A value, Machine machine) => machine.Return(f(value));
    }
}

/// <summary><c>m.Select(state, f)</c>: maps the return value with explicit state, so a <c>static</c> lambda allocates no closure.</summary>
internal sealed class MapWithStateNode<A, S, B>(Model<A> m, S state, Func<S, A, B> f) : Model<B>
{
    internal override void Run(Machine machine)
    {
        if (m is SampleNode<A> s && machine.Handler.SamplesInPlace)
        {
            machine.Return(f(state, s.Choose(machine)));
            return;
        }
        machine.Push(new Frame(this, machine.Stack));
        machine.Node = m;
    }

    private B Apply(A value) => f(state, value);

    private sealed class Frame(MapWithStateNode<A, S, B> node, Interpretation.Frame? next) : Frame<A>(next)
    {
        public override void Resume(A value, Machine machine) => machine.Return(node.Apply(value));
    }
}

/// <summary><c>m.SelectMany(state, k)</c>: bind with explicit state, so a <c>static</c> lambda allocates no closure.</summary>
internal sealed class BindWithStateNode<A, S, B>(Model<A> m, S state, Func<S, A, Model<B>> k) : Model<B>
{
    internal override void Run(Machine machine)
    {
        if (m is SampleNode<A> s && machine.Handler.SamplesInPlace)
        {
            machine.Node = Next(s.Choose(machine));
            return;
        }
        machine.Push(new Frame(this, machine.Stack));
        machine.Node = m;
    }

    private Model<B> Next(A value) => k(state, value) ?? throw BindNode<A, B>.NullContinuation();

    private sealed class Frame(BindWithStateNode<A, S, B> node, Interpretation.Frame? next) : Frame<A>(next)
    {
        public override void Resume(A value, Machine machine) => machine.Node = node.Next(value);
    }
}
