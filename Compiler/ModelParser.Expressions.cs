using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Probabilistic.Compiler;

// The user's expressions as generated code: qualified members, unique variable names, the variables each reads.
internal sealed partial class ModelParser
{
    // ---- expressions ---------------------------------------------------------------------------------------------------

    private static List<Variable> ReadsOf(out List<Variable> reads) => reads = [];

    /// <summary>The user's expression as generated code: members reached by simple name qualified, the variables it reads recorded.</summary>
    private string Expression(ExpressionSyntax e, out bool random, out bool constant, List<Variable> reads)
    {
        constant = _model.GetConstantValue(e, _cancel).HasValue;
        var rewriter = new Qualifier(this, reads);
        var rewritten = rewriter.Visit(e);
        random = reads.Any(v => v.IsRandom);
        foreach (var v in reads) v.IsRead = true;
        return "(" + rewritten.WithoutTrivia().ToFullString() + ")";
    }

    private sealed class Qualifier(ModelParser parser, List<Variable> reads) : CSharpSyntaxRewriter
    {
        public override SyntaxNode? VisitIdentifierName(IdentifierNameSyntax node)
        {
            switch (node.Parent)
            {
                case MemberAccessExpressionSyntax ma when ma.Name == node:
                case QualifiedNameSyntax qn when qn.Right == node:
                case NameColonSyntax:
                case NameEqualsSyntax:
                case AliasQualifiedNameSyntax:
                    return node;
            }
            var info = parser._model.GetSymbolInfo(node, parser._cancel);
            var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
            if (symbol is null) return node;
            if (parser._variables.TryGetValue(symbol, out var v))
            {
                if (!reads.Contains(v)) reads.Add(v);
                return SyntaxFactory.IdentifierName(v.Code).WithTriviaFrom(node);
            }
            if (parser._renamed.TryGetValue(symbol, out var renamed)) return SyntaxFactory.IdentifierName(renamed).WithTriviaFrom(node);
            if (symbol is ILocalSymbol inModel && parser.DeclaredInModel(inModel))
                return SyntaxFactory.IdentifierName(RenameOf(inModel)).WithTriviaFrom(node);
            if (symbol is ILocalSymbol local)
            {
                // A guard that declares a local (a pattern variable, an out var): the generated program has no such local.
                var statement = local.DeclaringSyntaxReferences.Select(r => r.GetSyntax(parser._cancel).FirstAncestorOrSelf<StatementSyntax>()).FirstOrDefault(st => st is not null);
                if (statement is not null && parser._reportedStatements.Add(statement))
                    parser.Report(Diagnostics.UnsupportedBody, statement, Short(statement));
                return node;
            }
            if (symbol is IParameterSymbol or ILocalSymbol or IRangeVariableSymbol or ITypeParameterSymbol or INamespaceSymbol) return node;
            var containing = symbol.ContainingType;
            if (containing is null) return node;
            if (symbol is INamedTypeSymbol && !IsWithin(parser._method.ContainingType, containing)) return node;
            if (!symbol.IsStatic && symbol is not INamedTypeSymbol) return node;
            if (!parser._nested && symbol.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
            {
                parser.Report(Diagnostics.InaccessibleMember, node, symbol.Name, symbol.DeclaredAccessibility.ToString().ToLowerInvariant(), containing.Name);
                return node;
            }
            string qualified = containing.ToDisplayString(TypeFormat) + "." + node.Identifier.Text;
            return symbol is INamedTypeSymbol
                ? SyntaxFactory.ParseTypeName(qualified).WithTriviaFrom(node)
                : SyntaxFactory.ParseExpression(qualified).WithTriviaFrom(node);
        }

        // A pattern or out variable of the model's expressions: the generated code declares it in a case block shared with
        // other expressions (the user's lambdas gave each its own scope), so it gets a unique name too.
        public override SyntaxNode? VisitSingleVariableDesignation(SingleVariableDesignationSyntax node) =>
            parser._model.GetDeclaredSymbol(node, parser._cancel) is ILocalSymbol local
                ? node.WithIdentifier(SyntaxFactory.Identifier(RenameOf(local)).WithTriviaFrom(node.Identifier))
                : base.VisitSingleVariableDesignation(node);

        private string RenameOf(ILocalSymbol local)
        {
            if (!parser._renamed.TryGetValue(local, out var name)) parser._renamed[local] = name = local.Name + "__l" + parser._renamed.Count;
            return name;
        }

        private static bool IsWithin(INamedTypeSymbol? type, INamedTypeSymbol container)
        {
            for (var t = type; t is not null; t = t.ContainingType)
                if (SymbolEqualityComparer.Default.Equals(t, container)) return true;
            return false;
        }
    }
}

internal static class TypeSymbolExtensions
{
    /// <summary>True when the type mentions an anonymous type (in a type argument, an array's element, a tuple's element).</summary>
    public static bool ContainsAnonymous(this ITypeSymbol type) => type switch
    {
        { IsAnonymousType: true } => true,
        IArrayTypeSymbol a => a.ElementType.ContainsAnonymous(),
        INamedTypeSymbol n => n.TypeArguments.Any(t => t.ContainsAnonymous()),
        _ => false,
    };
}
