using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Probabilistic.Compiler;

/// <summary>
/// Reads the body of a <c>[Compiled]</c> method into a <see cref="ParsedProgram"/>: the static fragment (Gen's static
/// modeling language restriction, Cusumano-Towner et al., PLDI 2019, §5): query expressions over Sample, Observe, Factor,
/// Return, Fold and ObserveEach, with constant addresses and fold sizes known from the method's arguments. Anything else
/// is a diagnostic (see <see cref="Diagnostics"/>) and no program.
/// </summary>
internal sealed partial class ModelParser
{
    internal static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private readonly SemanticModel _model;
    private readonly IMethodSymbol _method;
    private readonly bool _nested;
    private readonly CancellationToken _cancel;
    private readonly List<Diagnostic> _diagnostics = [];
    private readonly ParsedProgram _program = new();
    private readonly Dictionary<ISymbol, Variable> _variables = new(SymbolEqualityComparer.Default);
    // Symbols the generated code declares under another name (a Plate's index parameter).
    private readonly Dictionary<ISymbol, string> _renamed = new(SymbolEqualityComparer.Default);
    private readonly INamedTypeSymbol? _modelStatics, _modelOfT, _linq, _dist, _normal, _bernoulli, _categorical, _real;
    private int _foldDepth;
    private ExpressionSyntax? _body;
    private readonly HashSet<SyntaxNode> _reportedStatements = [];

    // True when the local is declared inside the model expression (in a lambda or pattern there), so the generated code has it too.
    private bool DeclaredInModel(ILocalSymbol local) =>
        _body is not null && local.DeclaringSyntaxReferences.All(r => r.SyntaxTree == _body.SyntaxTree && _body.Span.Contains(r.Span));

    /// <param name="model">The semantic model of the method's syntax tree.</param>
    /// <param name="method">The method.</param>
    /// <param name="nested">True when the generated program is nested in the method's (partial) type, so its private members are reachable.</param>
    /// <param name="cancel">Cancellation.</param>
    public ModelParser(SemanticModel model, IMethodSymbol method, bool nested, CancellationToken cancel)
    {
        _model = model;
        _method = method;
        _nested = nested;
        _cancel = cancel;
        var c = model.Compilation;
        _modelStatics = c.GetTypeByMetadataName("Probabilistic.Model");
        _modelOfT = c.GetTypeByMetadataName("Probabilistic.Model`1");
        _linq = c.GetTypeByMetadataName("Probabilistic.ModelLinq");
        _dist = c.GetTypeByMetadataName("Probabilistic.Distributions.Dist");
        _normal = c.GetTypeByMetadataName("Probabilistic.Distributions.Normal");
        _bernoulli = c.GetTypeByMetadataName("Probabilistic.Distributions.Bernoulli");
        _categorical = c.GetTypeByMetadataName("Probabilistic.Distributions.Categorical");
        _real = c.GetTypeByMetadataName("Probabilistic.Real");
    }

    /// <summary>The diagnostics found (empty when the method compiles).</summary>
    public IReadOnlyList<Diagnostic> Found => _diagnostics;

    /// <summary>Parses <paramref name="body"/>, the model expression the method returns; null when it is outside the fragment.</summary>
    /// <param name="body">The model expression.</param>
    /// <param name="resultType">T of the method's Model&lt;T&gt;.</param>
    /// <param name="locals">The local declarations before the return (lifted into the program, see <see cref="LiftedLocal"/>).</param>
    public ParsedProgram? Parse(ExpressionSyntax body, ITypeSymbol resultType, IReadOnlyList<LocalDeclarationStatementSyntax> locals)
    {
        _body = body;
        foreach (var local in locals) LiftLocal(local);
        if (_diagnostics.Count > 0) return null;
        var result = Temporary(resultType);
        if (result is null) return null;
        _program.Result = result;
        result.IsRead = true;
        CompileModel(body, result, _program.Body);
        if (_diagnostics.Count == 0) CheckDrawsBeforeScores(_program.Body, scoreFollows: false);
        if (_diagnostics.Count == 0) PruneDeadLets();
        return _diagnostics.Count == 0 ? _program : null;
    }

    // A local declared before the return reads only the arguments, statics and the locals before it (no model variable is in
    // scope there): the program computes it when it is built. A model-valued local (a draw bound to a variable, read by the
    // query) or a using/ref local is not lifted: PROB006.
    private void LiftLocal(LocalDeclarationStatementSyntax statement)
    {
        if (!statement.UsingKeyword.IsKind(SyntaxKind.None) || statement.Declaration.Type is RefTypeSyntax)
        {
            Report(Diagnostics.UnsupportedBody, statement, Short(statement));
            return;
        }
        foreach (var declarator in statement.Declaration.Variables)
        {
            if (_model.GetDeclaredSymbol(declarator, _cancel) is not ILocalSymbol symbol || declarator.Initializer is null
                || IsModelValued(symbol.Type) || symbol.Type.IsAnonymousType || symbol.Type.ContainsAnonymous())
            {
                Report(Diagnostics.UnsupportedBody, statement, Short(statement));
                return;
            }
            string code = symbol.Name + "__pre" + _program.Locals.Count;
            string expression = Expression(declarator.Initializer.Value, out _, out _, ReadsOf(out _));
            // A 'var' local is declared nullable; its field is declared as the initializer's flow state says (so a
            // non-null array passed on is not flagged by the nullable analysis of the generated code).
            var type = statement.Declaration.Type.IsVar
                && _model.GetTypeInfo(declarator.Initializer.Value, _cancel).Nullability.FlowState == NullableFlowState.NotNull
                ? symbol.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated) : symbol.Type;
            _program.Locals.Add(new LiftedLocal(type.ToDisplayString(TypeFormat), code, expression));
            _renamed[symbol] = code;
        }
    }

    private bool IsModelValued(ITypeSymbol type) => type switch
    {
        INamedTypeSymbol n when SymbolEqualityComparer.Default.Equals(n.OriginalDefinition, _modelOfT) => true,
        INamedTypeSymbol n => n.TypeArguments.Any(IsModelValued),
        IArrayTypeSymbol a => IsModelValued(a.ElementType),
        _ => false,
    };

    private void Report(DiagnosticDescriptor d, SyntaxNode at, params object[] args) =>
        _diagnostics.Add(Diagnostic.Create(d, at.GetLocation(), args));

    private static string Short(SyntaxNode n)
    {
        var s = string.Join(" ", n.ToString().Split(['\r', '\n'], System.StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
        return s.Length <= 80 ? s : s.Substring(0, 77) + "...";
    }

    private Variable? NewVariable(string name, ITypeSymbol type, SyntaxNode at)
    {
        if (type.IsAnonymousType || type.ContainsAnonymous())
        {
            Report(Diagnostics.UnnamedType, at, Short(at));
            return null;
        }
        var v = new Variable(_program.Variables.Count, name, type.ToDisplayString(TypeFormat));
        _program.Variables.Add(v);
        return v;
    }

    private Variable? Temporary(ITypeSymbol type) => NewVariable("__t" + _program.Variables.Count, type, _method.DeclaringSyntaxReferences[0].GetSyntax(_cancel));

    private ITypeSymbol? ModelValueType(ExpressionSyntax e)
    {
        var t = _model.GetTypeInfo(e, _cancel).Type as INamedTypeSymbol;
        return t is not null && SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, _modelOfT) ? t.TypeArguments[0] : null;
    }

    // ---- model expressions -------------------------------------------------------------------------------------------

    private void CompileModel(ExpressionSyntax e, Variable target, List<Instruction> into)
    {
        _cancel.ThrowIfCancellationRequested();
        while (e is ParenthesizedExpressionSyntax p) e = p.Expression;
        switch (e)
        {
            case QueryExpressionSyntax q:
                CompileQuery(q, target, into);
                return;
            case InvocationExpressionSyntax call:
                CompileCall(call, target, into);
                return;
            case ConditionalExpressionSyntax cond:
                {
                    var random = RandomIn(cond.Condition);
                    Report(Diagnostics.ModelChosenByValue, e, Short(e), random is null ? "" : $" ('{random.Name}' is sampled)");
                    return;
                }
            case SwitchExpressionSyntax sw:
                {
                    var random = RandomIn(sw.GoverningExpression);
                    Report(Diagnostics.ModelChosenByValue, e, Short(e), random is null ? "" : $" ('{random.Name}' is sampled)");
                    return;
                }
            default:
                Report(Diagnostics.UnsupportedModel, e, Short(e), "it is a model value the compiler cannot see into (write the model inline as a query over Sample, Observe, Factor, Return and Fold)");
                return;
        }
    }

    private void CompileQuery(QueryExpressionSyntax q, Variable target, List<Instruction> into)
    {
        if (!CompileFrom(q.FromClause, into)) return;
        foreach (var clause in q.Body.Clauses)
        {
            switch (clause)
            {
                case FromClauseSyntax from:
                    if (!CompileFrom(from, into)) return;
                    break;
                case LetClauseSyntax let:
                    {
                        if (_model.GetDeclaredSymbol(let, _cancel) is not { } symbol) return;
                        var type = _model.GetTypeInfo(let.Expression, _cancel);
                        var v = NewVariable(let.Identifier.ValueText, type.ConvertedType ?? type.Type!, let);
                        if (v is null) return;
                        var instruction = new Let(v, Expression(let.Expression, out bool random, out bool constant, ReadsOf(out var reads)), constant);
                        instruction.Reads.AddRange(reads);
                        v.IsRandom = random;
                        _variables[symbol] = v;
                        into.Add(instruction);
                        break;
                    }
                default:
                    Report(Diagnostics.UnsupportedClause, clause, clause.GetFirstToken().ValueText);
                    return;
            }
        }
        if (q.Body.Continuation is { } into2)
        {
            Report(Diagnostics.UnsupportedClause, into2, "into");
            return;
        }
        if (q.Body.SelectOrGroup is SelectClauseSyntax select)
        {
            var instruction = new Let(target, Expression(select.Expression, out bool random, out bool constant, ReadsOf(out var reads)), constant);
            instruction.Reads.AddRange(reads);
            target.IsRandom = random;
            into.Add(instruction);
        }
        else Report(Diagnostics.UnsupportedClause, q.Body.SelectOrGroup, "group");
    }

    private bool CompileFrom(FromClauseSyntax from, List<Instruction> into)
    {
        if (from.Type is not null)
        {
            Report(Diagnostics.UnsupportedClause, from, "from " + from.Type + " " + from.Identifier.ValueText);
            return false;
        }
        var valueType = ModelValueType(from.Expression);
        if (_model.GetDeclaredSymbol(from, _cancel) is not { } symbol || valueType is null)
        {
            Report(Diagnostics.UnsupportedModel, from.Expression, Short(from.Expression), "its type is not Model<T>");
            return false;
        }
        var v = NewVariable(from.Identifier.ValueText, valueType, from);
        if (v is null) return false;
        int before = _diagnostics.Count;
        CompileModel(from.Expression, v, into);
        _variables[symbol] = v;
        return _diagnostics.Count == before;
    }

    private void CompileCall(InvocationExpressionSyntax call, Variable target, List<Instruction> into)
    {
        var method = _model.GetSymbolInfo(call, _cancel).Symbol as IMethodSymbol;
        if (method is null)
        {
            Report(Diagnostics.UnsupportedModel, call, Short(call), "the call does not bind to one method");
            return;
        }
        if (SymbolEqualityComparer.Default.Equals(method.ContainingType, _linq))
        {
            Report(Diagnostics.UnsupportedModel, call, Short(call), $"'{method.Name}' in method syntax is not compiled (write the model as a query expression)");
            return;
        }
        if (TryCompileTensorPrimitive(call, method, target, into)) return;
        if (!SymbolEqualityComparer.Default.Equals(method.ContainingType, _modelStatics))
        {
            Report(Diagnostics.UnsupportedModel, call, Short(call), $"it calls '{method.ContainingType.Name}.{method.Name}', a model-returning method the compiler cannot see into");
            return;
        }
        var args = call.ArgumentList.Arguments;
        if (args.Any(a => a.NameColon is not null))
        {
            Report(Diagnostics.UnsupportedModel, call, Short(call), "named arguments to model primitives are not compiled");
            return;
        }
        switch (method.Name)
        {
            case "Sample" when args.Count == 2:
                {
                    if (!ConstantAddress(args[0].Expression)) return;
                    var d = ParseDistribution(args[1].Expression, method.TypeArguments[0], out var reads);
                    var draw = new Draw(target, d, call.GetLocation()) { Name = Expression(args[0].Expression, out _, out _, ReadsOf(out _)) };
                    draw.Reads.AddRange(reads);
                    target.IsRandom = true;
                    into.Add(draw);
                    return;
                }
            case "Plate" when args.Count == 3 && !BodyIsModel(method.Parameters[2].Type):
                {
                    // Plate(name, count, dist) and Plate(name, count, i => dist): count independent draws into an array.
                    if (!ConstantAddress(args[0].Expression)) return;
                    if (!StaticSize(args[1].Expression, out string count)) return;
                    var distArg = args[2].Expression;
                    // The index gets a generated name (the user's may be bound elsewhere in the model or be a parameter's).
                    string index = "__i" + target.Id;
                    if (distArg is SimpleLambdaExpressionSyntax { ExpressionBody: { } lambdaBody } simple)
                    {
                        if (_model.GetDeclaredSymbol(simple.Parameter, _cancel) is { } indexSymbol) _renamed[indexSymbol] = index;
                        distArg = lambdaBody;
                    }
                    else if (distArg is LambdaExpressionSyntax)
                    {
                        Report(Diagnostics.UnsupportedModel, distArg, Short(distArg), "a Plate's distribution is compiled when it is an expression or a lambda i => <distribution>");
                        return;
                    }
                    var d = ParseDistribution(distArg, method.TypeArguments[0], out var reads);
                    var draw = new Draw(target, d, call.GetLocation()) { Count = count, Index = index, Name = Expression(args[0].Expression, out _, out _, ReadsOf(out _)) };
                    draw.Reads.AddRange(reads);
                    target.IsRandom = true;
                    target.IsRead = true;
                    into.Add(draw);
                    return;
                }
            case "Observe" when args.Count is 2 or 3:
                {
                    if (args.Count == 3 && !ConstantAddress(args[0].Expression)) return;
                    var distArg = args[args.Count - 2].Expression;
                    var valueArg = args[args.Count - 1].Expression;
                    var valueType = method.TypeArguments[0];
                    var d = ParseDistribution(distArg, valueType, out var reads);
                    string value = Expression(valueArg, out _, out _, reads);
                    var valueExprType = _model.GetTypeInfo(valueArg, _cancel).Type;
                    var score = new Score(d, value, valueExprType?.ToDisplayString(TypeFormat), null,
                        "Observe" + (args.Count == 3 ? " at " + args[0].Expression : "") + " under " + Short(distArg))
                    { Address = args.Count == 3 ? Expression(args[0].Expression, out _, out _, ReadsOf(out _)) : null };
                    score.Reads.AddRange(reads);
                    into.Add(score);
                    AssignUnit(target, into);
                    return;
                }
            case "Factor" when args.Count == 1:
                {
                    var score = new Score(null, null, null, Expression(args[0].Expression, out _, out _, ReadsOf(out var reads)), "Factor");
                    score.Reads.AddRange(reads);
                    into.Add(score);
                    AssignUnit(target, into);
                    return;
                }
            case "Return" when args.Count == 1:
                {
                    var let = new Let(target, Expression(args[0].Expression, out bool random, out bool constant, ReadsOf(out var reads)), constant);
                    let.Reads.AddRange(reads);
                    target.IsRandom = random;
                    into.Add(let);
                    return;
                }
            case "Fold" when args.Count == 4:
                CompileFold(call, method, args, target, into);
                return;
            case "ObserveEach" when args.Count is 2 or 3:
                CompileObserveEach(call, method, args, target, into);
                return;
            case "Condition":
                Report(Diagnostics.UnsupportedModel, call, Short(call), "Condition(b) scores only when b is false, so the number of scores depends on a value (write Factor(b ? 0 : double.NegativeInfinity))");
                return;
            default:
                Report(Diagnostics.UnsupportedModel, call, Short(call), $"'{method.Name}' is not compiled yet (the compiler knows Sample, Observe, Factor, Return, Plate of a distribution, Fold and ObserveEach)");
                return;
        }
    }

    private bool BodyIsModel(ITypeSymbol parameter) =>
        parameter is INamedTypeSymbol { DelegateInvokeMethod.ReturnType: INamedTypeSymbol r } && SymbolEqualityComparer.Default.Equals(r.OriginalDefinition, _modelOfT);

    private void AssignUnit(Variable target, List<Instruction> into) =>
        into.Add(new Let(target, "global::Probabilistic.Unit.Value", isConstant: false));

    private void CompileFold(InvocationExpressionSyntax call, IMethodSymbol method, SeparatedSyntaxList<ArgumentSyntax> args, Variable target, List<Instruction> into)
    {
        if (_foldDepth > 0)
        {
            Report(Diagnostics.NestedFold, call, Short(call));
            return;
        }
        if (!ConstantAddress(args[0].Expression)) return;
        if (!StaticSize(args[1].Expression, out string steps)) return;
        if (args[3].Expression is not ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: 2, ExpressionBody: { } body } lambda)
        {
            Report(Diagnostics.UnsupportedModel, args[3].Expression, Short(args[3].Expression), "a Fold's step is compiled when it is a lambda (prev, t) => <model expression>");
            return;
        }
        var carryType = method.TypeArguments[0];
        string init = Expression(args[2].Expression, out _, out _, ReadsOf(out var initReads));
        var prevSymbol = _model.GetDeclaredSymbol(lambda.ParameterList.Parameters[0], _cancel);
        var stepSymbol = _model.GetDeclaredSymbol(lambda.ParameterList.Parameters[1], _cancel);
        var prev = NewVariable(lambda.ParameterList.Parameters[0].Identifier.ValueText, carryType, lambda.ParameterList.Parameters[0]);
        var t = NewVariable(lambda.ParameterList.Parameters[1].Identifier.ValueText, _model.Compilation.GetSpecialType(SpecialType.System_Int32), lambda.ParameterList.Parameters[1]);
        var bodyValue = Temporary(carryType);
        if (bodyValue is not null) bodyValue.IsRead = true;
        if (prev is null || t is null || bodyValue is null || prevSymbol is null || stepSymbol is null) return;
        prev.IsRandom = true;
        _variables[prevSymbol] = prev;
        _variables[stepSymbol] = t;
        var fold = new FoldLoop(_program.Folds.Count, args[0].Expression.ToString(), carryType.ToDisplayString(TypeFormat), init, prev, t, target)
        {
            StepsExpression = steps,
            NameExpression = Expression(args[0].Expression, out _, out _, ReadsOf(out _)),
            BodyValue = bodyValue,
        };
        fold.Reads.AddRange(initReads);
        _program.Folds.Add(fold);
        _foldDepth++;
        CompileModel(body, bodyValue, fold.Body);
        _foldDepth--;
        target.IsRandom = true;
        into.Add(fold);
    }

    private void CompileObserveEach(InvocationExpressionSyntax call, IMethodSymbol method, SeparatedSyntaxList<ArgumentSyntax> args, Variable target, List<Instruction> into)
    {
        if (_foldDepth > 0)
        {
            Report(Diagnostics.NestedFold, call, Short(call));
            return;
        }
        if (args.Count == 3 && !ConstantAddress(args[0].Expression)) return;
        var dataArg = args[args.Count - 2].Expression;
        if (!StaticSize(dataArg, out string data)) return;
        if (args[args.Count - 1].Expression is not ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: 2, ExpressionBody: { } distExpr } lambda)
        {
            Report(Diagnostics.UnsupportedModel, args[args.Count - 1].Expression, Short(args[args.Count - 1].Expression), "ObserveEach's likelihood is compiled when it is a lambda (datum, i) => <distribution>");
            return;
        }
        // ObserveEach<TData>(data, (TData, int) => IDistribution<TData>) or the real overload (IReadOnlyList<double>, (double, int) => IDistribution<Real>).
        var dataType = method.Parameters[args.Count - 2].Type is INamedTypeSymbol { TypeArguments.Length: 1 } list ? list.TypeArguments[0] : null;
        var observedType = ((INamedTypeSymbol)method.Parameters[args.Count - 1].Type).TypeArguments[2] is INamedTypeSymbol { TypeArguments.Length: 1 } dist ? dist.TypeArguments[0] : null;
        var datumSymbol = _model.GetDeclaredSymbol(lambda.ParameterList.Parameters[0], _cancel);
        var indexSymbol = _model.GetDeclaredSymbol(lambda.ParameterList.Parameters[1], _cancel);
        if (dataType is null || observedType is null || datumSymbol is null || indexSymbol is null)
        {
            Report(Diagnostics.UnsupportedModel, call, Short(call), "this ObserveEach overload is not compiled");
            return;
        }
        var unit = _model.Compilation.GetTypeByMetadataName("Probabilistic.Unit")!;
        var i = NewVariable(lambda.ParameterList.Parameters[1].Identifier.ValueText, _model.Compilation.GetSpecialType(SpecialType.System_Int32), lambda.ParameterList.Parameters[1]);
        var datum = NewVariable(lambda.ParameterList.Parameters[0].Identifier.ValueText, dataType, lambda.ParameterList.Parameters[0]);
        var bodyValue = Temporary(unit);
        if (bodyValue is not null) bodyValue.IsRead = true;
        if (i is null || datum is null || bodyValue is null) return;
        _variables[indexSymbol] = i;
        _variables[datumSymbol] = datum;
        var fold = new FoldLoop(_program.Folds.Count, "ObserveEach", "global::Probabilistic.Unit", "global::Probabilistic.Unit.Value", null, i, target)
        {
            BodyValue = bodyValue,
            // ObserveEach's ArgumentNullException.ThrowIfNull(data), when the program is built as when the model is.
            DataExpression = "(" + data + ") ?? throw new global::System.ArgumentNullException(\"data\")",
            DataType = dataType.ToDisplayString(TypeFormat),
        };
        fold.StepsExpression = "this." + fold.DataField + ".Count";
        _program.Folds.Add(fold);
        var datumLet = new Let(datum, "this." + fold.DataField + "[@" + i.Code + "]", isConstant: false);
        datumLet.Reads.Add(i);
        i.IsRead = true;
        fold.Body.Add(datumLet);
        _foldDepth++;
        var d = ParseDistribution(distExpr, observedType, out var reads);
        // A named ObserveEach's observations are at name/i (the Score's Address is the name; the index is the step's).
        var score = new Score(d, "@" + datum.Code, dataType.ToDisplayString(TypeFormat), null, "ObserveEach under " + Short(distExpr))
        { Address = args.Count == 3 ? Expression(args[0].Expression, out _, out _, ReadsOf(out _)) : null };
        datum.IsRead = true;
        score.Reads.AddRange(reads);
        score.Reads.Add(datum);
        fold.Body.Add(score);
        AssignUnit(bodyValue, fold.Body);
        _foldDepth--;
        into.Add(fold);
    }

    // ---- checks ------------------------------------------------------------------------------------------------------

    private bool ConstantAddress(ExpressionSyntax e)
    {
        if (_model.GetConstantValue(e, _cancel).HasValue) return true;
        Report(Diagnostics.AddressNotConstant, e, Short(e));
        return false;
    }

    // A size (Fold's steps, ObserveEach's data) reads only the method's arguments and statics: no variable bound in the model.
    private bool StaticSize(ExpressionSyntax e, out string text)
    {
        text = Expression(e, out _, out _, ReadsOf(out var reads));
        if (reads.Count == 0) return true;
        var v = reads[0];
        Report(Diagnostics.SizeNotStatic, e, Short(e), v.Name, v.IsRandom ? "a sampled value" : "a value bound");
        return false;
    }

    private Variable? RandomIn(ExpressionSyntax e)
    {
        Expression(e, out _, out _, ReadsOf(out var reads));
        return reads.FirstOrDefault(v => v.IsRandom);
    }

    // A let is read when some expression reads it, but a let read only by lets that nothing reads is dead too: its
    // generated local would be assigned and never used (CS0219 when the value is a constant, an error under
    // TreatWarningsAsErrors). Unmark such lets to a fixed point; the result and the folds' body values stay read.
    private void PruneDeadLets()
    {
        var kept = new HashSet<Variable> { _program.Result };
        foreach (var f in _program.Folds) kept.Add(f.BodyValue);
        var all = new List<Instruction>();
        void Collect(List<Instruction> body)
        {
            foreach (var i in body)
            {
                all.Add(i);
                if (i is FoldLoop f) Collect(f.Body);
            }
        }
        Collect(_program.Body);
        for (bool changed = true; changed;)
        {
            changed = false;
            var live = new HashSet<Variable>(all.Where(i => i is not Let { Target.IsRead: false }).SelectMany(i => i.Reads));
            foreach (var let in all.OfType<Let>())
            {
                if (!let.Target.IsRead || live.Contains(let.Target) || kept.Contains(let.Target)) continue;
                let.Target.IsRead = false;
                changed = true;
            }
        }
    }

    private void CheckDrawsBeforeScores(List<Instruction> body, bool scoreFollows)
    {
        for (int k = body.Count - 1; k >= 0; k--)
        {
            switch (body[k])
            {
                case Score:
                    scoreFollows = true;
                    break;
                case Draw d when !scoreFollows:
                    _diagnostics.Add(Diagnostic.Create(Diagnostics.SampleAfterLastScore, d.Location, d.Target.Name.StartsWith("__t", System.StringComparison.Ordinal) ? "Sample" : d.Target.Name));
                    break;
                case FoldLoop f:
                    CheckDrawsBeforeScores(f.Body, scoreFollows);
                    scoreFollows |= f.Body.OfType<Score>().Any();
                    break;
            }
        }
    }
}
