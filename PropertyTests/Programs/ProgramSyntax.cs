using System.Collections.Immutable;
using System.Globalization;

namespace Probabilistic.PropertyTests.Programs;

// A small language of finite discrete programs: the *description* that the generator builds, that
// ProgramCompiler turns into a Model<int>, and that ReferenceEvaluator runs on its own.
//
// Every statement that yields a value appends it to an environment of ints (a Bernoulli choice
// yields 0 or 1). A variable reference is resolved modulo the environment's size (so −1 is the
// latest value; an empty environment reads as a constant), so every description is well formed,
// including the ones shrinking makes by deleting statements.

/// <summary>A finite distribution over ints: a Bernoulli (0 = false, 1 = true) or a categorical.</summary>
public abstract record DistSpec
{
    public abstract double LogProb(int value);

    /// <summary>The values of positive probability, in increasing order.</summary>
    public abstract IReadOnlyList<int> Support { get; }

    protected static string Num(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);
}

public sealed record FlipSpec(double P) : DistSpec
{
    public override double LogProb(int value) => value switch { 1 => Math.Log(P), 0 => Math.Log(1 - P), _ => double.NegativeInfinity };

    public override IReadOnlyList<int> Support => P == 0 ? [0] : P == 1 ? [1] : [0, 1];

    public override string ToString() => $"Flip({Num(P)})";
}

public sealed record CatSpec(ImmutableArray<double> Probs) : DistSpec
{
    public override double LogProb(int value) => value >= 0 && value < Probs.Length ? Math.Log(Probs[value]) : double.NegativeInfinity;

    public override IReadOnlyList<int> Support => Enumerable.Range(0, Probs.Length).Where(i => Probs[i] > 0).ToArray();

    public override string ToString() => $"Cat({string.Join(", ", Probs.Select(Num))})";
}

/// <summary>A test on the environment.</summary>
public abstract record Cond
{
    public abstract bool Holds(ImmutableArray<int> env);

    public abstract string Show(int envSize);
}

/// <summary>
/// Holds when variable <see cref="Var"/> (modulo the environment's size) is at least <see cref="Threshold"/>;
/// with no variable yet, the value tested is 1.
/// </summary>
public sealed record AtLeast(int Var, int Threshold) : Cond
{
    public static int Resolve(int var, int envSize) => (var % envSize + envSize) % envSize;

    public override bool Holds(ImmutableArray<int> env) => (env.IsEmpty ? 1 : env[Resolve(Var, env.Length)]) >= Threshold;

    public override string Show(int envSize) => envSize == 0 ? $"1 >= {Threshold}" : $"x{Resolve(Var, envSize)} >= {Threshold}";
}

/// <summary>Never holds: <c>Condition(false)</c>.</summary>
public sealed record Never : Cond
{
    public override bool Holds(ImmutableArray<int> env) => false;

    public override string Show(int envSize) => "false";
}

/// <summary>A distribution, or, when <see cref="When"/> is given, one of two chosen by a test on earlier values.</summary>
public sealed record DistChoice(DistSpec Then, Cond? When = null, DistSpec? Else = null)
{
    public DistSpec Resolve(ImmutableArray<int> env) => When is null || Else is null || When.Holds(env) ? Then : Else;

    public string Show(int envSize) => When is null || Else is null ? Then.ToString() : $"({When.Show(envSize)} ? {Then} : {Else})";
}

public abstract record Stmt
{
    /// <summary>True when the statement appends a value to the environment.</summary>
    public abstract bool Binds { get; }
}

/// <summary><c>x = Sample(name, dist)</c>; a Bernoulli (FlipSpec) or a categorical (CatSpec), never mixed at one name.</summary>
public sealed record Choose(string Name, DistChoice Dist) : Stmt
{
    public override bool Binds => true;
}

/// <summary><c>x = if cond then {…} else {…}</c>: the value is the taken block's return value.</summary>
public sealed record Branch(Cond When, Block Then, Block Else) : Stmt
{
    public override bool Binds => true;
}

/// <summary><c>x = Call(name, {…})</c>: the block's choices live under the namespace <c>name</c>.</summary>
public sealed record Nest(string Name, Block Body) : Stmt
{
    public override bool Binds => true;
}

public sealed record FactorStmt(double LogWeight) : Stmt
{
    public override bool Binds => false;
}

public sealed record ConditionStmt(Cond When) : Stmt
{
    public override bool Binds => false;
}

/// <summary><c>Observe([name,] dist, datum)</c>; the datum is 0/1 for a Bernoulli.</summary>
public sealed record ObserveStmt(string? Name, DistChoice Dist, int Datum) : Stmt
{
    public override bool Binds => false;
}

/// <summary>A sequence of statements and the return value: (Σ of the listed variables) mod <see cref="Modulus"/>.</summary>
public sealed record Block(ImmutableArray<Stmt> Stmts, ImmutableArray<int> ReturnVars, int Modulus)
{
    public int Return(ImmutableArray<int> env) =>
        env.IsEmpty ? 0 : ReturnVars.Sum(v => env[AtLeast.Resolve(v, env.Length)]) % Modulus;

    public string ShowReturn(int envSize) =>
        envSize == 0 || ReturnVars.IsEmpty ? "0" : $"({string.Join(" + ", ReturnVars.Select(v => $"x{AtLeast.Resolve(v, envSize)}"))}) mod {Modulus}";
}

/// <summary>A whole program with the seed its properties use for the library's random draws.</summary>
public sealed record ProgramSpec(Block Body, ulong Seed)
{
    public override string ToString() => $"seed {Seed}{Environment.NewLine}{ProgramPrinter.Print(Body)}";
}
