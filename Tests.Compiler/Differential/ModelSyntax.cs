using System.Collections.Immutable;

namespace Probabilistic.Compiler.Tests.Differential;

/// <summary>The value types of a generated model's variables: <c>Real</c>, <c>bool</c>, <c>int</c>.</summary>
public enum Ty
{
    Real,
    Bool,
    Int,
}

// ---- expressions: the user's C# expressions inside a model (typed, so a generated program always compiles) ------------

/// <summary>A C# expression of a generated model, over its variables, arguments and data.</summary>
public abstract record Expr
{
    /// <summary>The value type (a Real-typed expression may be C# <c>double</c> or <c>Real</c>: both convert to Real).</summary>
    public abstract Ty Type { get; }
}

/// <summary>A double literal.</summary>
public sealed record RealLit(double Value) : Expr
{
    public override Ty Type => Ty.Real;
}

/// <summary>A bool literal.</summary>
public sealed record BoolLit(bool Value) : Expr
{
    public override Ty Type => Ty.Bool;
}

/// <summary>An int literal.</summary>
public sealed record IntLit(int Value) : Expr
{
    public override Ty Type => Ty.Int;
}

/// <summary>A variable bound in the model (<see cref="Name"/> may be a tuple's component, <c>v3.Item1</c>).</summary>
public sealed record Var(string Name, Ty VarType) : Expr
{
    public override Ty Type => VarType;

    /// <summary>The bound name (before any <c>.Item</c>).</summary>
    public string Root => Name.Split('.')[0];
}

/// <summary>A method parameter used as a scalar: <c>a</c> (double) or <c>n</c> (int).</summary>
public sealed record ArgRef(string Name, Ty ArgType) : Expr
{
    public override Ty Type => ArgType;
}

/// <summary>An element of a data parameter: <c>y[k]</c>, <c>b[t]</c>, <c>c[..]</c>, <c>u[..]</c> (index an int expression in range).</summary>
public sealed record Datum(string Array, Expr Index, Ty ElementType) : Expr
{
    public override Ty Type => ElementType;
}

/// <summary>A constant element of a Plate's array: <c>w[k]</c> (the plate's count exceeds k).</summary>
public sealed record PlateElement(string Array, int Index, Ty ElementType) : Expr
{
    public override Ty Type => ElementType;
}

/// <summary>A plate's whole array (only as a model's result).</summary>
public sealed record PlateArray(string Array, Ty ElementType) : Expr
{
    public override Ty Type => ElementType;
}

/// <summary><c>Left Op Right</c> for Real (+ − ×) or int (+ ×).</summary>
public sealed record Arith(char Op, Expr Left, Expr Right) : Expr
{
    public override Ty Type => Left.Type;
}

/// <summary>
/// A real function: <c>Tanh</c>, <c>Logistic</c>, <c>Softplus</c>, <c>Abs</c> (RealMath), and two wrappers that keep a
/// parameter valid whatever their argument: <c>Pos</c> (0.5 + softplus, a scale or rate) and <c>Prob</c>
/// (0.05 + 0.9·logistic, a probability).
/// </summary>
public sealed record Fn(string Name, Expr Arg) : Expr
{
    public override Ty Type => Ty.Real;
}

/// <summary><c>Test ? Then : Else</c>.</summary>
public sealed record IfElse(Expr Test, Expr Then, Expr Else) : Expr
{
    public override Ty Type => Then.Type;
}

/// <summary>A comparison: <c>&gt;</c> of reals or <c>==</c> of ints.</summary>
public sealed record Cmp(string Op, Expr Left, Expr Right) : Expr
{
    public override Ty Type => Ty.Bool;
}

/// <summary><c>!Arg</c>.</summary>
public sealed record Not(Expr Arg) : Expr
{
    public override Ty Type => Ty.Bool;
}

/// <summary>An int as a real, <c>(double)(Arg)</c>.</summary>
public sealed record IntToReal(Expr Arg) : Expr
{
    public override Ty Type => Ty.Real;
}

// ---- distributions ---------------------------------------------------------------------------------------------------

/// <summary>How a distribution is written: <c>Dist</c>'s static method (<c>Normal(..)</c>) or its constructor (<c>new Normal(..)</c>).</summary>
public enum DistStyle
{
    Call,
    New,
}

/// <summary>A distribution expression.</summary>
public abstract record DistSpec
{
    /// <summary>The type of its values.</summary>
    public abstract Ty Type { get; }

    /// <summary>True for a finite discrete distribution (Bernoulli, Categorical): what <c>Enumerate</c> can enumerate.</summary>
    public virtual bool IsFinite => false;

    /// <summary>The number of values for a finite distribution.</summary>
    public virtual int Support => 0;
}

/// <summary>Normal(mu, sigma), compiled to the static <c>Normal.Draw/LogDensity</c>.</summary>
public sealed record NormalDist(Expr Mu, Expr Sigma, DistStyle Style) : DistSpec
{
    public override Ty Type => Ty.Real;
}

/// <summary>Bernoulli(p), compiled to the static <c>Bernoulli.Draw/LogDensity</c>.</summary>
public sealed record BernoulliDist(Expr P, DistStyle Style) : DistSpec
{
    public override Ty Type => Ty.Bool;
    public override bool IsFinite => true;
    public override int Support => 2;
}

/// <summary>How a Categorical's probabilities are written.</summary>
public enum CategoricalForm
{
    /// <summary><c>Categorical(0.2, 0.3, 0.5)</c>: constants, hoisted into a static array by the generator.</summary>
    Constants,
    /// <summary><c>Categorical(new[] { 0.2, 0.3, 0.5 })</c>: one array argument.</summary>
    Array,
    /// <summary><c>Categorical(p, 1 - p)</c> with double expressions (the static path, a fresh array per draw).</summary>
    Doubles,
    /// <summary><c>Categorical(p, 1 - p)</c> with Real expressions: the <c>params Real[]</c> overload, used as a general distribution.</summary>
    Reals,
}

/// <summary>
/// Categorical over K = <see cref="Constants"/>.Length values (Constants, Array) or K = 2, 3 values from one
/// probability <see cref="P"/> (Doubles, Reals: p, 1 − p or p/2, (1 − p)/2, 1/2).
/// </summary>
public sealed record CategoricalDist(CategoricalForm Form, ImmutableArray<double> Constants, Expr? P, int K, DistStyle Style) : DistSpec
{
    public override Ty Type => Ty.Int;
    public override bool IsFinite => true;
    public override int Support => K;
}

/// <summary>A distribution the compiler uses through <c>IDistribution&lt;T&gt;</c>: Gamma, Beta, Exponential, LogNormal, Poisson.</summary>
public sealed record GeneralDist(string Family, ImmutableArray<Expr> Args, DistStyle Style) : DistSpec
{
    public override Ty Type => Family == "Poisson" ? Ty.Int : Ty.Real;

    /// <summary>True when its values lie in (0, 1) (Beta).</summary>
    public bool Unit => Family == "Beta";
}

// ---- sizes -----------------------------------------------------------------------------------------------------------

/// <summary>A Fold's steps or a Plate's count, from the arguments only: a constant, <c>n</c>, or <c>y.Length</c>.</summary>
public sealed record Size(string Text, int Value);

// ---- clauses ---------------------------------------------------------------------------------------------------------

/// <summary>A clause of a query expression (<c>from v in …</c> or <c>let v = …</c>); <see cref="Name"/> is the range variable.</summary>
public abstract record Clause(string Name);

/// <summary><c>from v in Sample("addr", dist)</c>.</summary>
public sealed record SampleClause(string Name, string Address, DistSpec Dist) : Clause(Name);

/// <summary><c>from v in Observe([addr,] dist, value)</c> (Address null: unnamed).</summary>
public sealed record ObserveClause(string Name, string? Address, DistSpec Dist, Expr Value) : Clause(Name);

/// <summary><c>from v in Factor(logWeight)</c>.</summary>
public sealed record FactorClause(string Name, Expr LogWeight) : Clause(Name);

/// <summary><c>let v = value</c>.</summary>
public sealed record LetClause(string Name, Expr Value) : Clause(Name);

/// <summary><c>from v in Return(value)</c>.</summary>
public sealed record ReturnClause(string Name, Expr Value) : Clause(Name);

/// <summary><c>from v in Plate("addr", count, dist)</c>, or <c>Plate("addr", count, i => dist)</c> when <see cref="Index"/> is set.</summary>
public sealed record PlateClause(string Name, string Address, Size Count, DistSpec Dist, string? Index) : Clause(Name);

/// <summary>The carried state of a Fold: a Real, an int, or a tuple (Real, int).</summary>
public enum Carry
{
    Real,
    Int,
    Pair,
}

/// <summary>
/// <c>from v in Fold("addr", steps, init, (Prev, Step) => body)</c>; <see cref="Init"/> has one expression per carried
/// component, and so does the body's select.
/// </summary>
public sealed record FoldClause(string Name, string Address, Size Steps, Carry Carry, ImmutableArray<Expr> Init, string Prev, string Step, Query Body) : Clause(Name);

/// <summary><c>from v in ObserveEach([name,] data, (Datum, Index) => dist)</c>.</summary>
public sealed record ObserveEachClause(string Name, string? Address, string Data, string Datum, string Index, DistSpec Dist) : Clause(Name);

/// <summary><c>from v in (nested query)</c>.</summary>
public sealed record NestedClause(string Name, Query Body) : Clause(Name);

/// <summary>Outside the static fragment: <c>from v in Plate("addr", k + 1, dist)</c> with k sampled (PROB003).</summary>
public sealed record SampledCountClause(string Name, string Address, Var Sampled, DistSpec Dist) : Clause(Name);

/// <summary>Outside the static fragment: <c>from v in (b ? Sample("a", d1) : Sample("b", d2))</c> with b sampled (PROB004).</summary>
public sealed record ChosenModelClause(string Name, Var Test, string Address, DistSpec Then, string ElseAddress, DistSpec Else) : Clause(Name);

/// <summary>Outside the static fragment: <c>from v in Sample(b ? "a" : "b", dist)</c> with b sampled (PROB002).</summary>
public sealed record SampledAddressClause(string Name, Var Test, string Address, string ElseAddress, DistSpec Dist) : Clause(Name);

/// <summary>A query expression: its clauses and its select (one expression, or two for a tuple).</summary>
public sealed record Query(ImmutableArray<Clause> Clauses, ImmutableArray<Expr> Select);

// ---- programs --------------------------------------------------------------------------------------------------------

/// <summary>
/// The arguments a generated model is called with: data arrays of one length L (<c>y</c> reals, <c>b</c> bools,
/// <c>c</c> ints in {0, 1}, <c>u</c> reals in (0, 1)), a size <c>n</c> ≤ L and a real <c>a</c>.
/// </summary>
public sealed record ModelArgs(ImmutableArray<double> Y, ImmutableArray<bool> B, ImmutableArray<int> C, ImmutableArray<double> U, int N, double A)
{
    /// <summary>The data's length L.</summary>
    public int Length => Y.Length;
}

/// <summary>Which part of the language a program comes from.</summary>
public enum ProgramKind
{
    /// <summary>The static fragment, any distribution.</summary>
    Fragment,
    /// <summary>The static fragment with only Bernoulli and Categorical draws: <c>Enumerate</c> gives its exact posterior.</summary>
    Discrete,
    /// <summary>Outside the fragment (an address depending on a sampled value), finite discrete: a diagnostic, and runs interpreted.</summary>
    Outside,
}

/// <summary>
/// A generated model program: <c>[Compiled] static Model&lt;T&gt; Model(double[] y, bool[] b, int[] c, double[] u, int n,
/// double a) =&gt; body;</c> and the arguments it is called with. <see cref="ModelPrinter"/> writes its C# source.
/// </summary>
public sealed record ModelProgram(ProgramKind Kind, Query Body, ModelArgs Args)
{
    /// <summary>The C# type of the model's value.</summary>
    public string ResultType => ModelPrinter.ResultType(Body.Select);

    /// <summary>The diagnostic id an out-of-fragment program gets (null inside the fragment).</summary>
    public string? ExpectedDiagnostic => Outside()?.Id;

    /// <summary>The source text the diagnostic of an out-of-fragment program points at.</summary>
    public string? ExpectedSpan => Outside()?.Span;

    private (string Id, string Span)? Outside()
    {
        foreach (var c in ModelWalk.Clauses(Body))
        {
            switch (c)
            {
                case SampledCountClause s: return ("PROB003", s.Sampled.Name + " + 1");
                case ChosenModelClause m: return ("PROB004", ModelPrinter.ChosenModel(m));
                case SampledAddressClause a: return ("PROB002", ModelPrinter.SampledAddress(a));
            }
        }
        return null;
    }

    /// <inheritdoc />
    public override string ToString() => ModelPrinter.Method(this, "Model", compiled: true);
}

/// <summary>Walks of a query's clauses.</summary>
public static class ModelWalk
{
    /// <summary>Every clause, nested queries' and fold bodies' included, in text order.</summary>
    public static IEnumerable<Clause> Clauses(Query q)
    {
        foreach (var c in q.Clauses)
        {
            yield return c;
            var inner = c switch { FoldClause f => f.Body, NestedClause n => n.Body, _ => null };
            if (inner is null) continue;
            foreach (var d in Clauses(inner)) yield return d;
        }
    }
}
