using Microsoft.CodeAnalysis;

namespace Probabilistic.Compiler;

/// <summary>
/// The warnings the generator gives a <c>[Compiled]</c> method it cannot compile, one id per reason. Each names the
/// construct and says why; the method then runs interpreted (no twin, no interceptor).
/// </summary>
internal static class Diagnostics
{
    private const string Category = "Probabilistic.Compiler";

    private static DiagnosticDescriptor Warning(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    /// <summary>A model expression the compiler does not know (a call to another model method, a model-valued variable, Plate, Condition, ...).</summary>
    public static readonly DiagnosticDescriptor UnsupportedModel = Warning("PROB001", "Model construct outside the static fragment",
        "'{0}' cannot be compiled: {1}; the model runs interpreted");

    /// <summary>An address (a Sample or Fold name) that is not a compile-time constant.</summary>
    public static readonly DiagnosticDescriptor AddressNotConstant = Warning("PROB002", "Address is not a constant",
        "The address '{0}' is not a compile-time constant: the static fragment needs every address known when the model is compiled; the model runs interpreted");

    /// <summary>A Fold's step count (or ObserveEach's data) that depends on a value bound inside the model.</summary>
    public static readonly DiagnosticDescriptor SizeNotStatic = Warning("PROB003", "Size depends on a value bound in the model",
        "'{0}' depends on '{1}', {2} inside the model: the number of steps must be known when the model is called (from its arguments only); the model runs interpreted");

    /// <summary>A choice between models made by a value (a conditional or switch over models).</summary>
    public static readonly DiagnosticDescriptor ModelChosenByValue = Warning("PROB004", "A value decides which primitives run",
        "'{0}' chooses between models by a value{1}: in the static fragment the primitives that run do not depend on values; the model runs interpreted");

    /// <summary>A query clause other than from, let and select.</summary>
    public static readonly DiagnosticDescriptor UnsupportedClause = Warning("PROB005", "Query clause not supported",
        "The query clause '{0}' cannot be compiled: only 'from x in <model>', 'let' and 'select' are; the model runs interpreted");

    /// <summary>A method body that is not one model expression.</summary>
    public static readonly DiagnosticDescriptor UnsupportedBody = Warning("PROB006", "Method body is not one model expression",
        "The statement '{0}' cannot be compiled: a [Compiled] method is expression-bodied, or argument guards and data locals (computed from the arguments, not model-valued) followed by 'return <model>;'; the model runs interpreted");

    /// <summary>A method the generator cannot intercept or twin (instance, generic, ref parameters, private, not returning Model&lt;T&gt;).</summary>
    public static readonly DiagnosticDescriptor UnsupportedMethod = Warning("PROB007", "Method cannot be compiled",
        "The method '{0}' cannot be compiled: {1}; it runs interpreted");

    /// <summary>A Sample after the program's last observation or factor.</summary>
    public static readonly DiagnosticDescriptor SampleAfterLastScore = Warning("PROB008", "Sample after the last score",
        "'{0}' is drawn after the model's last observation or factor: a particle program draws only on the way to a score; the model runs interpreted");

    /// <summary>A Fold or ObserveEach inside a Fold's step.</summary>
    public static readonly DiagnosticDescriptor NestedFold = Warning("PROB009", "Nested Fold",
        "'{0}' is inside the step of another Fold: nested folds are not compiled yet; the model runs interpreted");

    /// <summary>A private member of a non-partial type, which generated code outside the type cannot reach.</summary>
    public static readonly DiagnosticDescriptor InaccessibleMember = Warning("PROB010", "Member not reachable from generated code",
        "'{0}' is {1} in '{2}', which is not partial: the generated program lives outside the type; declare '{2}' (and its containing types) partial or make the member internal; the model runs interpreted");

    /// <summary>A value whose type has no name (an anonymous type) that must be kept in the particle's state.</summary>
    public static readonly DiagnosticDescriptor UnnamedType = Warning("PROB011", "Value of an anonymous type",
        "'{0}' has an anonymous type, which the particle's state cannot name; use a tuple or a named type; the model runs interpreted");
}
