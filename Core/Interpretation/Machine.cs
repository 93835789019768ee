using Probabilistic.Syntax;

namespace Probabilistic.Interpretation;

/// <summary>
/// The small-step interpreter: a loop over nodes with an explicit, immutable continuation stack
/// (<see cref="Frame"/>), so no program depth reaches the CLR stack. Values return to their frame
/// through typed calls (no boxing); after a bounded number of direct returns the value is wrapped
/// in a node and handed back to the loop, which keeps the CLR stack bounded.
/// </summary>
internal sealed class Machine(Handler handler)
{
    private const int MaxDirectReturns = 48;

    /// <summary>The run's handler (a stack of them, or one): the bottom of <see cref="Handler"/>.</summary>
    public readonly Handler RunHandler = handler;

    /// <summary>
    /// The top of the handler stack in force: the handlers the program installed for the sub-program running now
    /// (<see cref="Scope"/>, bound on <see cref="RunHandler"/>), or the run's handler. Nodes send their effects here.
    /// </summary>
    public Handler Handler = handler;

    /// <summary>The scoped handlers in force (templates, innermost first); part of a <see cref="Cursor"/>.</summary>
    public Scope? Scope;

    /// <summary>The handler's <see cref="Handler.ObservesScopes"/>, read once: plates and folds then call its scope hooks.</summary>
    public readonly bool ObservesScopes = handler.ObservesScopes;

    /// <summary>The handler's <see cref="Handler.ObservesDistributions"/>, read once: observations then call its <c>OnObserve</c>.</summary>
    public readonly bool ObservesDistributions = handler.ObservesDistributions;
    public ModelNode? Node;
    public Frame? Stack;
    private Address _prefix = Address.Root;
    // When non-null, the namespace is _indexBase/_index, not yet built: interpretations that never
    // ask for an address (bootstrap particle filters) then allocate no address per step.
    private Address? _indexBase;
    private int _index;
    // The last address Resolve built, and from what: handlers stacked on one choice resolve it once.
    private Address? _resolvedPrefix, _resolvedLocal, _resolved;
    public bool Suspended;
    public bool Finished;

    /// <summary>
    /// The factor scores are multiplied by here: the product of the <see cref="Handlers.Scale"/>s in force (size/subsample
    /// size inside each enclosing subsampled plate; 1 outside them). Observations and factors are scaled by those handlers;
    /// handlers that score choices themselves multiply by it (variational inference's). The run stack's part is fixed
    /// when the machine is made, and the scoped part changes only as scopes are entered, left or loaded, so the product
    /// is kept here rather than walked down the stack at every choice.
    /// </summary>
    public double Scale { get; private set; } = RunStackScale(handler);

    private readonly double _runScale = RunStackScale(handler);

    private static double RunStackScale(Handler handler)
    {
        double product = 1;
        for (var h = handler; h is Handlers.ForwardingHandler f; h = f.Next)
            if (f is Handlers.Scale scale) product *= scale.Factor;
        return product;
    }

    private double ScaleOf(Scope? scope)
    {
        double product = _runScale;
        for (var s = scope; s is not null; s = s.Outer)
            if (s.Handler is Handlers.Scale scale) product *= scale.Factor;
        return product;
    }

    /// <summary>
    /// True while no cursor can share this machine's frames: the run started fresh, was never saved,
    /// and its handler never suspends. Combinators may then reuse their frames in place.
    /// </summary>
    public bool OwnsFrames => _ownsFrames && Handler.NeverSuspends;
    private bool _ownsFrames;
    private int _depth;
    private object? _result;

    /// <summary>Loads a program to run from its start, under the scoped handlers <paramref name="scope"/> (none by default).</summary>
    public void Start<T>(Model<T> model, Scope? scope = null)
    {
        Node = model ?? throw new ArgumentNullException(nameof(model), "A model must not be null.");
        Stack = DoneFrame<T>.Instance;
        Prefix = Address.Root;
        Suspended = Finished = false;
        _result = null;
        _ownsFrames = true;
        SetScope(scope);
    }

    /// <summary>Loads a suspended program.</summary>
    public void Load(Cursor cursor)
    {
        Node = cursor.Node;
        Stack = cursor.Stack;
        _prefix = cursor.Prefix;
        _indexBase = cursor.IndexBase;
        _index = cursor.Index;
        SetScope(cursor.Scope);
        Suspended = Finished = false;
        _result = null;
        _ownsFrames = false;
    }

    /// <summary>The current state as a resumable value (from then on, frames are shared).</summary>
    public Cursor Save()
    {
        _ownsFrames = false;
        return new(Node!, Stack, _prefix, _indexBase, _index, Scope);
    }

    private void SetScope(Scope? scope)
    {
        if (ReferenceEquals(scope, Scope)) return; // the bound stack is already this scope's
        Scope = scope;
        Handler = Scope.Bind(scope, RunHandler);
        Scale = ScaleOf(scope);
    }

    /// <summary>
    /// Runs <paramref name="inner"/> with a copy of <paramref name="handler"/> (a template) on top of the stack; it is
    /// removed when <paramref name="inner"/> returns, and a cursor saved inside keeps it (<see cref="Scope"/>).
    /// </summary>
    public void Enter<T>(Handlers.ForwardingHandler handler, Model<T> inner)
    {
        Push(new ExitScopeFrame<T>(Scope, Stack));
        Scope = new Scope(handler, Scope);
        Handler = handler.Bind(Handler);
        if (handler is Handlers.Scale scale) Scale *= scale.Factor;
        Node = inner;
    }

    /// <summary>Leaves the innermost scoped handler: <paramref name="outer"/> is the scope in force before it.</summary>
    internal void Exit(Scope? outer)
    {
        if (Scope!.Handler is Handlers.Scale) Scale = ScaleOf(outer);
        Scope = outer;
        Handler = ((Handlers.ForwardingHandler)Handler).Next;
    }

    /// <summary>The current namespace: every address made here is under it.</summary>
    public Address Prefix
    {
        get
        {
            if (_indexBase is not null)
            {
                _prefix = _indexBase.Child(_index);
                _indexBase = null;
            }
            return _prefix;
        }
        set
        {
            _prefix = value;
            _indexBase = null;
        }
    }

    /// <summary>Sets the namespace to <paramref name="indexBase"/>/<paramref name="index"/> without building that address until asked.</summary>
    public void SetIndexedPrefix(Address indexBase, int index)
    {
        _indexBase = indexBase;
        _index = index;
    }

    /// <summary>Runs until the program finishes or the handler suspends it.</summary>
    public void Run()
    {
        while (!Suspended && !Finished)
        {
            var n = Node ?? throw new InvalidOperationException("Machine: no node to run.");
            Node = null;
            _depth = 0;
            n.Run(this);
        }
    }

    /// <summary>Suspends at <paramref name="node"/>: resuming runs that node again.</summary>
    public void Suspend(ModelNode node)
    {
        Node = node;
        Suspended = true;
    }

    /// <summary>Passes a value to the top frame.</summary>
    public void Return<T>(T value)
    {
        if (_depth >= MaxDirectReturns)
        {
            Node = new Pure<T>(value);
            return;
        }
        var f = (Frame<T>)Stack!;
        Stack = f.Next;
        _depth++;
        f.Resume(value, this);
        _depth--;
    }

    /// <summary>Continues a machine suspended at a <c>Sample</c> node with the given value for that choice.</summary>
    public void ResumeWith(object value)
    {
        var s = (Syntax.ISampleNode)Node!;
        Node = null;
        Suspended = false;
        _depth = 0;
        s.ResumeWith(value, this);
    }

    /// <summary>Pushes a frame.</summary>
    public void Push(Frame frame) => Stack = frame;

    internal void Finish<T>(T value)
    {
        _result = value;
        Finished = true;
    }

    /// <summary>The return value once <see cref="Finished"/>.</summary>
    public T Result<T>() => Finished ? (T)_result! : throw new InvalidOperationException("Machine: the program has not finished.");

    /// <summary>The full address of a choice or observation named <paramref name="local"/> here.</summary>
    public Address Resolve(Address local)
    {
        var prefix = Prefix;
        if (prefix.IsRoot) return local;
        if (local.IsRoot) return prefix;
        if (ReferenceEquals(prefix, _resolvedPrefix) && ReferenceEquals(local, _resolvedLocal)) return _resolved!;
        _resolvedPrefix = prefix;
        _resolvedLocal = local;
        return _resolved = prefix / local;
    }
}
