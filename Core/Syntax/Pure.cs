using Probabilistic.Interpretation;

namespace Probabilistic.Syntax;

/// <summary><c>Return(value)</c>: a program that makes no choice and returns <see cref="Value"/>.</summary>
internal sealed class Pure<T>(T value) : Model<T>
{
    public T Value { get; } = value;

    internal override void Run(Machine m) => m.Return(Value);
}

/// <summary>The shared <c>Return(Unit)</c> node.</summary>
internal static class PureUnit
{
    public static readonly Pure<Unit> Instance = new(Unit.Value);
}
