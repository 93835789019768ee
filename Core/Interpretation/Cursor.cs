using Probabilistic.Syntax;

namespace Probabilistic.Interpretation;

/// <summary>
/// A suspended program: the node to run next, the continuation stack and the address prefix
/// (<paramref name="Prefix"/>, or <paramref name="IndexBase"/>/<paramref name="Index"/> when that is not null and not yet built),
/// the parameter source in force (<paramref name="Parameters"/>), and the minibatch source and score scale of subsampled
/// plates (<paramref name="Subsampler"/>, <paramref name="Scale"/>).
/// All three are immutable, so a cursor is a value: resampled particles share it, and enumeration
/// resumes it once per value of a choice, without copying or re-running the program.
/// </summary>
internal readonly record struct Cursor(ModelNode Node, Frame? Stack, Address Prefix, Address? IndexBase = null, int Index = 0, IParameterSource? Parameters = null, ISubsampler? Subsampler = null, double Scale = 1);
