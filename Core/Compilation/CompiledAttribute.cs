namespace Probabilistic.Compilation;

/// <summary>
/// Marks a model method for compilation at build time: the <c>Probabilistic.Compiler</c> source generator (shipped with
/// Probabilistic.Core as an analyzer) generates the method's twin — an allocation-free particle program — and every call
/// to the method returns the interpreted model with the twin attached (<see cref="CompiledModels.Attach{T}"/>), which the
/// inference algorithms then run. A method outside the static fragment (an address set that depends on a sampled value,
/// a construct the generator does not know) gets warning <c>PROB0xx</c> naming the construct and its line, and runs
/// interpreted. The call site does not change.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class CompiledAttribute : Attribute;
