using System.Collections.Generic;

namespace Probabilistic.Compiler;

/// <summary>A value the compiled program names: a range variable, a let, a Fold's parameters, or a temporary.</summary>
internal sealed class Variable(int id, string name, string type)
{
    /// <summary>A number unique in the program.</summary>
    public int Id { get; } = id;

    /// <summary>The C# identifier the user's expressions use (a generated one for temporaries).</summary>
    public string Name { get; } = name;

    /// <summary>
    /// The identifier the generated code declares it under: the name and the id (<c>x__3</c>), unique in the program, so
    /// that names the user reuses in sibling scopes (or shares with a parameter) never clash in the flattened program.
    /// </summary>
    public string Code => Name + "__" + Id;

    /// <summary>The fully qualified type.</summary>
    public string Type { get; } = type;

    /// <summary>True for a sampled value or one computed from one.</summary>
    public bool IsRandom { get; set; }

    /// <summary>The state field that keeps it across a score; null until the emitter decides one is needed.</summary>
    public string? Field { get; set; }

    /// <summary>True when some expression reads it.</summary>
    public bool IsRead { get; set; }
}

/// <summary>How a distribution is drawn from and scored: a direct call on one of the allocation-free families, or the user's expression.</summary>
internal enum Family
{
    /// <summary>The user's distribution object: <c>Sample(rng)</c> and <c>LogProb(value)</c>.</summary>
    General,
    /// <summary><c>Normal.Draw/LogDensity(mu, sigma)</c>.</summary>
    Normal,
    /// <summary><c>Bernoulli.Draw/LogDensity(p)</c>.</summary>
    Bernoulli,
    /// <summary><c>Categorical.Draw/LogDensity(probs)</c>.</summary>
    Categorical,
}

/// <summary>A distribution expression as the emitter writes it.</summary>
internal sealed class Distribution(Family family, string expression, string valueType, IReadOnlyList<string> arguments)
{
    /// <summary>The family (General when the expression is emitted as written).</summary>
    public Family Family { get; } = family;

    /// <summary>The user's expression (rewritten), used for General.</summary>
    public string Expression { get; } = expression;

    /// <summary>The type of its values (T of IDistribution&lt;T&gt;), fully qualified.</summary>
    public string ValueType { get; } = valueType;

    /// <summary>The parameters as doubles (or a double span for Categorical), for the direct families.</summary>
    public IReadOnlyList<string> Arguments { get; } = arguments;
}

/// <summary>One step of the straight-line program.</summary>
internal abstract class Instruction
{
    /// <summary>The variables its expressions read.</summary>
    public List<Variable> Reads { get; } = [];
}

/// <summary><c>var target = draw from distribution</c>.</summary>
internal sealed class Draw(Variable target, Distribution distribution, Microsoft.CodeAnalysis.Location location) : Instruction
{
    public Microsoft.CodeAnalysis.Location Location { get; } = location;
    public Variable Target { get; } = target;
    public Distribution Distribution { get; } = distribution;
    /// <summary>For <c>Plate(name, count, dist)</c>: the number of elements (an expression over the arguments); null for one draw.</summary>
    public string? Count { get; set; }
    /// <summary>For a plate: the generated name of the element index (the lambda's <c>i</c> in <c>i =&gt; dist</c> is rewritten to it).</summary>
    public string Index { get; set; } = "__i";
    /// <summary>Its address expression (a constant): the choice's (a plate's elements are its children 0..count−1).</summary>
    public string? Name { get; set; }
}

/// <summary><c>var target = expression</c> (a let, a Return, a query's select).</summary>
internal sealed class Let(Variable target, string expression, bool isConstant) : Instruction
{
    public Variable Target { get; } = target;
    public string Expression { get; } = expression;
    public bool IsConstant { get; } = isConstant;
}

/// <summary>An observation (Distribution and Value set) or a factor (LogWeight set): one score, where the particle suspends.</summary>
internal sealed class Score(Distribution? distribution, string? value, string? valueTypeOfExpression, string? logWeight, string description) : Instruction
{
    public Distribution? Distribution { get; } = distribution;
    public string? Value { get; } = value;
    /// <summary>The static type of the value expression (to check a real datum is finite), fully qualified.</summary>
    public string? ValueTypeOfExpression { get; } = valueTypeOfExpression;
    public string? LogWeight { get; } = logWeight;
    /// <summary>What the score is, for error messages (e.g. <c>Observe under Normal</c>).</summary>
    public string Description { get; } = description;
    /// <summary>For <c>Observe(name, dist, value)</c>: its address expression (a constant); null for an unnamed observation or a factor.</summary>
    public string? Address { get; set; }
}

/// <summary>
/// <c>Fold(name, steps, init, (prev, t) =&gt; body)</c> (and <c>ObserveEach</c>, a fold of observations): the carried state
/// and the step index live in the particle's state; Steps is computed from the method's arguments when the program is built.
/// </summary>
internal sealed class FoldLoop(int index, string name, string carryType, string init, Variable? previous, Variable? step, Variable target) : Instruction
{
    public int Index { get; } = index;
    public string Name { get; } = name;
    public string CarryType { get; } = carryType;
    public string Init { get; } = init;
    public Variable? Previous { get; } = previous;
    public Variable? Step { get; } = step;
    public Variable Target { get; } = target;
    public List<Instruction> Body { get; } = [];
    /// <summary>The body's value: the next carried state.</summary>
    public Variable BodyValue { get; set; } = null!;
    /// <summary>The number of steps, an expression over the method's parameters (and <see cref="DataField"/>).</summary>
    public string StepsExpression { get; set; } = "";
    /// <summary>For Fold: its address expression (a constant), for the message of a negative number of steps; null for ObserveEach.</summary>
    public string? NameExpression { get; set; }
    /// <summary>For ObserveEach: the data, kept in the program (a field computed from the arguments), and its element type.</summary>
    public string? DataExpression { get; set; }
    public string? DataType { get; set; }
    public string DataField => "__data" + Index;
    public string CarryField => "__fold" + Index + "State";
    public string StepField => "__fold" + Index + "Step";
    public string StepsField => "__fold" + Index + "Steps";
}

/// <summary>
/// A local declared before the method's <c>return</c> (data preprocessing, e.g. <c>var x = Columns(a, b);</c>): its
/// initializer reads only the method's parameters, statics and the locals before it, so every generated program computes
/// it once when it is built (in its constructor, as it does a fold's data) and keeps it in a field named <see cref="Code"/>;
/// the model's expressions read it under that name.
/// </summary>
internal sealed class LiftedLocal(string type, string code, string expression)
{
    /// <summary>The declared type, fully qualified.</summary>
    public string Type { get; } = type;
    /// <summary>The field's (and the unpacked local's) name in the generated code, unique in the program.</summary>
    public string Code { get; } = code;
    /// <summary>The initializer, rewritten; it reads the parameters and earlier lifted locals by their names.</summary>
    public string Expression { get; } = expression;
}

/// <summary>A parsed [Compiled] method: its straight-line program and what it returns.</summary>
internal sealed class ParsedProgram
{
    /// <summary>The locals declared before the return, in order (<see cref="LiftedLocal"/>).</summary>
    public List<LiftedLocal> Locals { get; } = [];

    public List<Instruction> Body { get; } = [];
    public Variable Result { get; set; } = null!;
    public List<Variable> Variables { get; } = [];
    public List<FoldLoop> Folds { get; } = [];
    /// <summary>Constant probability vectors hoisted into static fields (name, element list).</summary>
    public List<(string Name, string Elements)> Constants { get; } = [];
    /// <summary>The tensor backend's primitives in the program (ModelParser.Tensor.cs, TensorEmitter).</summary>
    public TensorParts Tensor { get; } = new();
}
