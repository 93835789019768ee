using Probabilistic.Interpretation.Handlers;

namespace Probabilistic.Interpretation;

/// <summary>
/// The handlers a program installed for the sub-program running now (a parameter source, a subsampled plate's scale, a
/// user's handler), innermost first: an immutable list, so a <see cref="Cursor"/> keeps it as a value. Each entry is an
/// unbound template; a machine binds copies of them on top of its own run's handler (<see cref="Bind"/>), so a cursor
/// saved on one machine resumes on another with the scoped handlers in force again.
/// </summary>
internal sealed class Scope(ForwardingHandler handler, Scope? outer)
{
    /// <summary>The innermost scoped handler (a template).</summary>
    public readonly ForwardingHandler Handler = handler;

    /// <summary>The scopes around it.</summary>
    public readonly Scope? Outer = outer;

    /// <summary>The stack: copies of the scoped handlers, innermost on top, on <paramref name="run"/>.</summary>
    public static Handler Bind(Scope? scope, Handler run) => scope is null ? run : scope.Handler.Bind(Bind(scope.Outer, run));

    /// <summary>
    /// The scope variational inference runs a model or guide in: parameters from <paramref name="parameters"/>, and
    /// (when not null) subsampled plates' minibatches from <paramref name="subsampler"/>.
    /// </summary>
    public static Scope? Of(IParameterSource? parameters, ISubsampler? subsampler = null)
    {
        Scope? s = parameters is null ? null : new Scope(new Substitute(parameters, null!), null);
        return subsampler is null ? s : new Scope(new Subsample(subsampler, null!), s);
    }
}
