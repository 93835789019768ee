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

    public readonly Handler Handler = handler;

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
    public bool Suspended;
    public bool Finished;

    /// <summary>Where <c>Param</c> nodes read their values; null for their initial values.</summary>
    public IParameterSource? Parameters;

    /// <summary>Where subsampled plates take their minibatches; null to run every index.</summary>
    public ISubsampler? Subsampler;

    /// <summary>
    /// The factor every score is multiplied by: size/subsample size inside each enclosing subsampled plate (1 outside
    /// them). Observations and factors are scaled by their nodes; handlers that score choices themselves multiply
    /// by it (variational inference's; with no subsampler it is always 1).
    /// </summary>
    public double Scale = 1;

    /// <summary>The subsampler a run loaded by <see cref="Start{T}"/> begins with (variational inference sets it).</summary>
    public ISubsampler? StartSubsampler;

    /// <summary>
    /// True while no cursor can share this machine's frames: the run started fresh, was never saved,
    /// and its handler never suspends. Combinators may then reuse their frames in place.
    /// </summary>
    public bool OwnsFrames => _ownsFrames && Handler.NeverSuspends;
    private bool _ownsFrames;
    private int _depth;
    private object? _result;

    /// <summary>The parameter source a run loaded by <see cref="Start{T}"/> begins with (variational inference sets it).</summary>
    public IParameterSource? StartParameters;

    /// <summary>Loads a program to run from its start.</summary>
    public void Start<T>(Model<T> model)
    {
        Node = model ?? throw new ArgumentNullException(nameof(model), "A model must not be null.");
        Stack = DoneFrame<T>.Instance;
        Prefix = Address.Root;
        Suspended = Finished = false;
        _result = null;
        _ownsFrames = true;
        Parameters = StartParameters;
        Subsampler = StartSubsampler;
        Scale = 1;
    }

    /// <summary>Loads a suspended program.</summary>
    public void Load(Cursor cursor)
    {
        Node = cursor.Node;
        Stack = cursor.Stack;
        _prefix = cursor.Prefix;
        _indexBase = cursor.IndexBase;
        _index = cursor.Index;
        Parameters = cursor.Parameters;
        Subsampler = cursor.Subsampler;
        Scale = cursor.Scale;
        Suspended = Finished = false;
        _result = null;
        _ownsFrames = false;
    }

    /// <summary>The current state as a resumable value (from then on, frames are shared).</summary>
    public Cursor Save()
    {
        _ownsFrames = false;
        return new(Node!, Stack, _prefix, _indexBase, _index, Parameters, Subsampler, Scale);
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
    public Address Resolve(Address local) => Prefix.IsRoot ? local : local.IsRoot ? Prefix : Prefix / local;
}
