using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Probabilistic.Compiler;

/// <summary>
/// Compiles <c>[Compiled]</c> model methods at build time. For each such method in the static fragment it generates a
/// particle program (a state struct, a program struct advanced by a switch on the program counter, and a
/// <c>CompiledModel&lt;T&gt;</c> twin) and a public (or internal) factory <c>&lt;Type&gt;Compiled.&lt;Method&gt;(same parameters)</c>;
/// for each call of a <c>[Compiled]</c> method — declared here or in a referenced assembly whose generator made the factory —
/// an interceptor (C# 12 <c>[InterceptsLocation]</c>) that calls the method and attaches the twin
/// (<c>CompiledModels.Attach</c>). A method outside the fragment gets a <c>PROB0xx</c> warning and runs interpreted.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class CompiledModelGenerator : IIncrementalGenerator
{
    /// <summary>The attribute that marks a model method for compilation.</summary>
    public const string AttributeName = "Probabilistic.Compilation.CompiledAttribute";

    /// <summary>The namespace of the generated interceptors (the consuming project lists it in <c>InterceptorsNamespaces</c>).</summary>
    public const string InterceptorsNamespace = "Probabilistic.Compiled";

    /// <summary>The tracking names of the pipeline's steps (<c>IncrementalGeneratorRunStep</c>), for tests and timing.</summary>
    public static class Steps
    {
        /// <summary>Each [Compiled] method's analysis: its generated sources and diagnostics (equatable).</summary>
        public const string Models = "Models";
        /// <summary>The names of the [Compiled] methods a call may invoke (this compilation's and the referenced factories').</summary>
        public const string CompiledNames = "CompiledNames";
        /// <summary>Each invocation whose invoked name is one of <see cref="CompiledNames"/> (syntax only, nothing bound).</summary>
        public const string CandidateCalls = "CandidateCalls";
        /// <summary>Each candidate call bound: a call of a [Compiled] method, with its interceptable location (equatable).</summary>
        public const string CompiledCalls = "CompiledCalls";
    }

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Every value that crosses a step is equatable (strings, diagnostics), so a run after an edit that changes nothing a
        // model reads reports its outputs Unchanged and writes no source. Roslyn re-runs the attribute's transform on every
        // compilation change (it binds); the call sites are bound only where the invoked name is a [Compiled] method's.
        var models = context.SyntaxProvider.ForAttributeWithMetadataName(AttributeName,
            static (node, _) => node is MethodDeclarationSyntax,
            static (ctx, cancel) => Analyze((MethodDeclarationSyntax)ctx.TargetNode, (IMethodSymbol)ctx.TargetSymbol, ctx.SemanticModel, cancel))
            .WithTrackingName(Steps.Models);

        context.RegisterSourceOutput(models, static (spc, m) =>
        {
            foreach (var d in m.Diagnostics) spc.ReportDiagnostic(d);
            if (m.Source is not null) spc.AddSource(m.HintName!, m.Source);
            if (m.DensitySource is not null) spc.AddSource(m.HintName!.Replace(".g.cs", ".Density.g.cs"), m.DensitySource);
        });

        // Binding every invocation of the project (to find the [Compiled] ones) cost more than compiling the models: a call is
        // bound only when its invoked name is a [Compiled] method's — declared here (the attribute's targets) or with a
        // factory in a referenced assembly.
        var referencedNames = context.CompilationProvider.Select(static (c, cancel) => ReferencedFactoryNames(c, cancel));
        var names = models.Select(static (m, _) => m.Name).Collect().Combine(referencedNames)
            .Select(static (n, _) => new EquatableArray<string>([.. n.Left.Concat(n.Right.Items).Distinct().OrderBy(x => x, System.StringComparer.Ordinal)]))
            .WithTrackingName(Steps.CompiledNames);
        var candidates = context.SyntaxProvider.CreateSyntaxProvider(
            static (node, _) => node is InvocationExpressionSyntax call && InvokedName(call) is not null,
            static (ctx, _) => (InvocationExpressionSyntax)ctx.Node)
            .Combine(names)
            .Where(static c => System.Array.BinarySearch(c.Right.Items, InvokedName(c.Left)!, System.StringComparer.Ordinal) >= 0)
            .Select(static (c, _) => c.Left)
            .WithTrackingName(Steps.CandidateCalls);
        var calls = candidates.Combine(context.CompilationProvider)
            .Select(static (c, cancel) => CallSite(c.Left, c.Right, cancel))
            .Where(static c => c is not null)
            .WithTrackingName(Steps.CompiledCalls);

        var compiledHere = models.Where(static m => m.Source is not null).Select(static (m, _) => m.Key).Collect();
        context.RegisterSourceOutput(calls.Collect().Combine(compiledHere),
            static (spc, input) => EmitInterceptors(spc, input.Left!, input.Right));
    }

    // ---- one [Compiled] method -------------------------------------------------------------------------------------------

    // What the generator makes of one method; equal when every generated text and diagnostic is (so an unrelated edit leaves
    // the step's output Unchanged and its files are not added again).
    private sealed class Analysis(string key, string name, string? hintName, string? source, ImmutableArray<Diagnostic> diagnostics, string? densitySource = null)
        : System.IEquatable<Analysis>
    {
        /// <summary>The generated log density (<see cref="DensityEmitter"/>), or null when the model has a discrete or vector choice.</summary>
        public string? DensitySource { get; } = densitySource;

        public string Key { get; } = key;
        /// <summary>The method's name (the calls bound are those of a name like it).</summary>
        public string Name { get; } = name;
        public string? HintName { get; } = hintName;
        public string? Source { get; } = source;
        public ImmutableArray<Diagnostic> Diagnostics { get; } = diagnostics;

        public bool Equals(Analysis? other) =>
            other is not null && Key == other.Key && Name == other.Name && HintName == other.HintName && Source == other.Source
            && DensitySource == other.DensitySource && Diagnostics.SequenceEqual(other.Diagnostics);

        public override bool Equals(object? obj) => Equals(obj as Analysis);

        public override int GetHashCode() => (Key.GetHashCode() * 31 + (Source?.Length ?? 0)) * 31 + Diagnostics.Length;
    }

    private static string KeyOf(IMethodSymbol m) =>
        m.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + m.Name + "("
        + string.Join(", ", m.Parameters.Select(p => p.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))) + ")";

    private static Analysis Analyze(MethodDeclarationSyntax syntax, IMethodSymbol method, SemanticModel model, CancellationToken cancel)
    {
        string key = KeyOf(method);
        Analysis Fail(DiagnosticDescriptor d, SyntaxNode at, params object[] args) =>
            new(key, method.Name, null, null, [Diagnostic.Create(d, at == syntax ? syntax.Identifier.GetLocation() : at.GetLocation(), args)]);

        string display = method.ContainingType.Name + "." + method.Name;
        var modelOfT = model.Compilation.GetTypeByMetadataName("Probabilistic.Model`1");
        if (!method.IsStatic) return Fail(Diagnostics.UnsupportedMethod, syntax, display, "it is an instance method (only static model methods are compiled)");
        if (method.IsGenericMethod) return Fail(Diagnostics.UnsupportedMethod, syntax.TypeParameterList!, display, "it is generic");
        for (var t = method.ContainingType; t is not null; t = t.ContainingType)
            if (t.IsGenericType) return Fail(Diagnostics.UnsupportedMethod, syntax, display, $"its type '{t.Name}' is generic");
        if (method.ReturnType is not INamedTypeSymbol ret || !SymbolEqualityComparer.Default.Equals(ret.OriginalDefinition, modelOfT))
            return Fail(Diagnostics.UnsupportedMethod, syntax.ReturnType, display, "it does not return Model<T>");
        if (method.Parameters.Any(p => p.RefKind != RefKind.None))
            return Fail(Diagnostics.UnsupportedMethod, syntax.ParameterList, display, "a parameter is passed by reference");
        if (!Reachable(method)) return Fail(Diagnostics.UnsupportedMethod, syntax, display, "it (or its type) is private, so calls to it cannot be intercepted (make it internal or public)");

        ExpressionSyntax? body = syntax.ExpressionBody?.Expression;
        var locals = new List<LocalDeclarationStatementSyntax>();
        if (body is null && syntax.Body is { } block)
        {
            var statements = block.Statements;
            for (int i = 0; i < statements.Count - 1; i++)
            {
                // A local declaration before the return is data preprocessing: the parser lifts it into the program (or reports it).
                if (statements[i] is LocalDeclarationStatementSyntax local) locals.Add(local);
                else if (!IsGuard(statements[i])) return Fail(Diagnostics.UnsupportedBody, statements[i], Short(statements[i]));
            }
            if (statements.Count == 0 || statements.Last() is not ReturnStatementSyntax { Expression: { } returned })
                return Fail(Diagnostics.UnsupportedBody, statements.Count == 0 ? block : statements[statements.Count - 1], statements.Count == 0 ? "{ }" : Short(statements[statements.Count - 1]));
            body = returned;
        }
        if (body is null) return Fail(Diagnostics.UnsupportedBody, syntax, Short(syntax));

        bool nested = AllPartial(method.ContainingType);
        var parser = new ModelParser(model, method, nested, cancel);
        var program = parser.Parse(body, ret.TypeArguments[0], locals);
        if (program is null) return new Analysis(key, method.Name, null, null, [.. parser.Found]);
        var tensorDiagnostics = TensorEmitter.Prepare(program, syntax.Identifier.GetLocation());
        string source = SourceWriter.Write(method, syntax, program, nested);
        string hint = string.Join(".", Chain(method.ContainingType).Select(t => t.Name)) + "." + TwinBaseName(method) + ".g.cs";
        if (method.ContainingNamespace is { IsGlobalNamespace: false } ns) hint = ns.ToDisplayString() + "." + hint;
        return new Analysis(key, method.Name, hint, source, [.. tensorDiagnostics], DensityEmitter.Write(method, syntax, program, nested));
    }

    private static string Short(SyntaxNode n)
    {
        var s = string.Join(" ", n.ToString().Split(['\r', '\n'], System.StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
        return s.Length <= 80 ? s : s.Substring(0, 77) + "...";
    }

    private static bool IsGuard(StatementSyntax s) => s switch
    {
        ThrowStatementSyntax => true,
        ExpressionStatementSyntax { Expression: ThrowExpressionSyntax } => true,
        ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: var n } } } => n.StartsWith("ThrowIf", System.StringComparison.Ordinal),
        IfStatementSyntax { Else: null, Statement: ThrowStatementSyntax } => true,
        IfStatementSyntax { Else: null, Statement: BlockSyntax { Statements.Count: 1 } b } when b.Statements[0] is ThrowStatementSyntax => true,
        _ => false,
    };

    internal static IEnumerable<INamedTypeSymbol> Chain(INamedTypeSymbol type)
    {
        var list = new List<INamedTypeSymbol>();
        for (var t = type; t is not null; t = t.ContainingType) list.Insert(0, t);
        return list;
    }

    private static bool AllPartial(INamedTypeSymbol type) =>
        Chain(type).All(t => t.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax td && td.Modifiers.Any(SyntaxKind.PartialKeyword)));

    private static bool Reachable(ISymbol s)
    {
        for (var x = s; x is not null and not INamespaceSymbol; x = x.ContainingSymbol)
            if (x.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal) return false;
        return true;
    }

    /// <summary>Public when the method and its types are public (a referenced assembly's generator can then find it), internal otherwise.</summary>
    internal static bool IsPublic(ISymbol s)
    {
        for (var x = s; x is not null and not INamespaceSymbol; x = x.ContainingSymbol)
            if (x.DeclaredAccessibility != Accessibility.Public) return false;
        return true;
    }

    /// <summary>The name the generated types of a method start with: the method's name, with an index when the type has overloads.</summary>
    internal static string TwinBaseName(IMethodSymbol method)
    {
        var overloads = method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().ToList();
        return overloads.Count == 1 ? method.Name : method.Name + "_" + overloads.IndexOf(method);
    }

    /// <summary>The factory class's name: the type's chain of names, then <c>Compiled</c>.</summary>
    internal static string FactoryClassName(INamedTypeSymbol type) => string.Join("_", Chain(type).Select(t => t.Name)) + "Compiled";

    // ---- call sites ------------------------------------------------------------------------------------------------------

    /// <summary>The simple name an invocation calls (<c>M(…)</c>, <c>X.M(…)</c>); null for a generic name or any other callee (not a [Compiled] method's call).</summary>
    private static string? InvokedName(InvocationExpressionSyntax call) => call.Expression switch
    {
        IdentifierNameSyntax id => id.Identifier.ValueText,
        MemberAccessExpressionSyntax { Name: IdentifierNameSyntax id } => id.Identifier.ValueText,
        _ => null,
    };

    // The methods of the factory classes (<Type>Compiled) of the referenced assemblies that reference Probabilistic.Core: a
    // call of a [Compiled] method declared there gets an interceptor only when such a factory exists (FactoryExists).
    private static EquatableArray<string> ReferencedFactoryNames(Compilation compilation, CancellationToken cancel)
    {
        var found = new SortedSet<string>(System.StringComparer.Ordinal);
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            cancel.ThrowIfCancellationRequested();
            if (!assembly.Modules.Any(m => m.ReferencedAssemblies.Any(r => r.Name == "Probabilistic.Core"))) continue;
            var pending = new Stack<INamespaceSymbol>();
            pending.Push(assembly.GlobalNamespace);
            while (pending.Count > 0)
            {
                var ns = pending.Pop();
                foreach (var inner in ns.GetNamespaceMembers()) pending.Push(inner);
                foreach (var type in ns.GetTypeMembers())
                    if (type.IsStatic && type.Name.EndsWith("Compiled", System.StringComparison.Ordinal))
                        foreach (var member in type.GetMembers())
                            if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary }) found.Add(member.Name);
            }
        }
        return new EquatableArray<string>([.. found]);
    }

    // One call of a [Compiled] method, as the interceptor is written (no symbol: equal when the text is).
    private sealed class Call(string key, bool declaredHere, bool intercepted, string attribute, string where, string returnType, string declaration) : System.IEquatable<Call>
    {
        public string Key { get; } = key;
        /// <summary>Whether the method has a twin (compiled here, or a factory in its assembly that this one can call).</summary>
        public bool Intercepted { get; } = intercepted;
        public string Attribute { get; } = attribute;
        public string Where { get; } = where;
        /// <summary>The interceptor's return type.</summary>
        public string ReturnType { get; } = returnType;
        /// <summary>The interceptor's parameter list and body, after its name (<c>Intercept&lt;n&gt;</c>).</summary>
        public string Declaration { get; } = declaration;
        /// <summary>Whether the method is declared in the compilation (its twin exists when the method compiled here).</summary>
        public bool DeclaredHere { get; } = declaredHere;

        public bool Equals(Call? other) =>
            other is not null && Key == other.Key && Intercepted == other.Intercepted && Attribute == other.Attribute && Where == other.Where
            && ReturnType == other.ReturnType && Declaration == other.Declaration && DeclaredHere == other.DeclaredHere;

        public override bool Equals(object? obj) => Equals(obj as Call);

        public override int GetHashCode() => Key.GetHashCode() * 31 + Where.GetHashCode();
    }

    private static Call? CallSite(InvocationExpressionSyntax call, Compilation compilation, CancellationToken cancel)
    {
        var model = compilation.GetSemanticModel(call.SyntaxTree);
        if (model.GetSymbolInfo(call, cancel).Symbol is not IMethodSymbol method) return null;
        if (!method.IsStatic || method.IsGenericMethod) return null;
        if (!method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == AttributeName)) return null;
        var location = model.GetInterceptableLocation(call, cancel);
        if (location is null) return null;
        bool declaredHere = SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, compilation.Assembly);
        string result = ((INamedTypeSymbol)method.ReturnType).TypeArguments[0].ToDisplayString(ModelParser.TypeFormat);
        return new Call(KeyOf(method), declaredHere, !declaredHere && FactoryExists(method, compilation), location.GetInterceptsLocationAttributeSyntax(),
            location.GetDisplayLocation(), "global::Probabilistic.Model<" + result + ">", InterceptorDeclaration(method));
    }

    // "(parameters) =>\n    Attach(Type.Method(args), Factory.Method(args));\n": the method's interceptor after its name.
    private static string InterceptorDeclaration(IMethodSymbol method)
    {
        string type = method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        string ns = method.ContainingNamespace is { IsGlobalNamespace: false } cn ? "global::" + cn.ToDisplayString() + "." : "global::";
        string factory = ns + FactoryClassName(method.ContainingType);
        var ps = method.Parameters;
        string parameters = string.Join(", ", ps.Select(p => (p.IsParams ? "params " : "") + p.Type.ToDisplayString(ModelParser.TypeFormat) + " @" + p.Name));
        string args = string.Join(", ", ps.Select(p => "@" + p.Name));
        var sb = new StringBuilder();
        sb.Append('(').Append(parameters).Append(") =>\n");
        sb.Append("            global::Probabilistic.Compilation.CompiledModels.Attach(").Append(type).Append('.').Append(method.Name).Append('(').Append(args)
          .Append("), ").Append(factory).Append('.').Append(method.Name).Append('(').Append(args).Append("));\n");
        return sb.ToString();
    }

    private static void EmitInterceptors(SourceProductionContext spc, ImmutableArray<Call?> calls, ImmutableArray<string> compiledHere)
    {
        if (calls.IsDefaultOrEmpty) return;
        var here = new HashSet<string>(compiledHere);
        var sb = new StringBuilder();
        sb.Append("// <auto-generated/>\n#nullable enable\n\n");
        sb.Append("namespace System.Runtime.CompilerServices\n{\n");
        sb.Append("    [global::System.AttributeUsage(global::System.AttributeTargets.Method, AllowMultiple = true)]\n");
        sb.Append("    file sealed class InterceptsLocationAttribute : global::System.Attribute\n    {\n");
        sb.Append("        public InterceptsLocationAttribute(int version, string data)\n        {\n            _ = version;\n            _ = data;\n        }\n    }\n}\n\n");
        sb.Append("namespace ").Append(InterceptorsNamespace).Append("\n{\n");
        sb.Append("    /// <summary>Every call of a [Compiled] model method returns the interpreted model with its compiled twin attached.</summary>\n");
        sb.Append("    file static class CompiledModelInterceptors\n    {\n");
        int n = 0;
        foreach (var group in calls.Where(c => c is not null).GroupBy(c => c!.Key).OrderBy(g => g.Key, System.StringComparer.Ordinal))
        {
            var first = group.First()!;
            if (first.DeclaredHere ? !here.Contains(group.Key) : !first.Intercepted) continue;
            foreach (var c in group.OrderBy(c => c!.Where, System.StringComparer.Ordinal))
                sb.Append("        ").Append(c!.Attribute).Append(" // ").Append(System.IO.Path.GetFileName(c.Where)).Append('\n');
            sb.Append("        public static ").Append(first.ReturnType).Append(" Intercept").Append(n++).Append(first.Declaration);
        }
        sb.Append("    }\n}\n");
        if (n > 0) spc.AddSource("CompiledModelInterceptors.g.cs", sb.ToString());
    }

    // A [Compiled] method of a referenced assembly has a twin when that assembly's generator made its factory.
    private static bool FactoryExists(IMethodSymbol method, Compilation compilation)
    {
        string ns = method.ContainingNamespace is { IsGlobalNamespace: false } cn ? cn.ToDisplayString() + "." : "";
        var factory = method.ContainingAssembly.GetTypeByMetadataName(ns + FactoryClassName(method.ContainingType));
        return factory is not null && factory.GetMembers(method.Name).OfType<IMethodSymbol>().Any(f =>
            f.Parameters.Length == method.Parameters.Length
            && f.Parameters.Zip(method.Parameters, (a, b) => SymbolEqualityComparer.Default.Equals(a.Type, b.Type)).All(x => x)
            && compilation.IsSymbolAccessibleWithin(f, compilation.Assembly));
    }
}
