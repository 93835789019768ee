using Probabilistic.Syntax;

namespace Probabilistic.Interpretation;

/// <summary>
/// A suspended program: the node to run next, the continuation stack, the address prefix
/// (<paramref name="Prefix"/>, or <paramref name="IndexBase"/>/<paramref name="Index"/> when that is not null and not yet built),
/// and the handlers the program installed for the sub-program it is in (<paramref name="Scope"/>: a parameter source,
/// a subsampled plate's scale and minibatch source).
/// All are immutable, so a cursor is a value: resampled particles share it, and enumeration
/// resumes it once per value of a choice, without copying or re-running the program.
/// </summary>
internal readonly record struct Cursor(ModelNode Node, Frame? Stack, Address Prefix, Address? IndexBase = null, int Index = 0, Scope? Scope = null);
