using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Probabilistic.Compiler;

internal static partial class GradientEmitter
{
    /// <summary>
    /// The lines of the generated code and their marks: a forward-only line (an addition to the log density or to an
    /// adjoint in the forward pass, a domain check, a plate's store) is left out when a loop body is recomputed in the
    /// reverse sweep; a stored line has one text for the forward pass (compute and store) and one for the recompute (load).
    /// </summary>
    private static class Lines
    {
        private const char ForwardOnlyMark = '\u0001';
        private const char StoredMark = '\u0002';
        private const char StoredSeparator = '\u0003';

        public static string ForwardOnly(string line) => ForwardOnlyMark + line;

        public static string Stored(string forward, string recompute) => StoredMark + forward + StoredSeparator + recompute;

        public static bool IsForwardOnly(string line) => line.Length > 0 && line[0] == ForwardOnlyMark;

        public static string ForwardText(string line) =>
            line.Length == 0 ? line
            : line[0] == ForwardOnlyMark ? line.Substring(1)
            : line[0] == StoredMark ? line.Substring(1, line.IndexOf(StoredSeparator) - 1)
            : line;

        /// <summary>The line as a recomputing loop runs it, or null when it is forward-only.</summary>
        public static string? RecomputeText(string line) =>
            line.Length == 0 ? line
            : line[0] == ForwardOnlyMark ? null
            : line[0] == StoredMark ? line.Substring(line.IndexOf(StoredSeparator) + 1)
            : line;

        public static string Indent(string line) =>
            line.Length == 0 ? line
            : line[0] == ForwardOnlyMark ? ForwardOnlyMark + "    " + line.Substring(1)
            : line[0] == StoredMark ? StoredMark + "    " + line.Substring(1).Replace(StoredSeparator.ToString(), StoredSeparator + "    ")
            : "    " + line;

        public static IEnumerable<string> Indent(IEnumerable<string> lines) => lines.Select(Indent);

        /// <summary>
        /// Drops the local declarations of a recomputed loop body that nothing after them reads (the values only the log
        /// density or a forward-accumulated partial needed), until none is left.
        /// </summary>
        public static List<string> Prune(List<string> lines)
        {
            var kept = lines.ToList();
            bool changed = true;
            while (changed)
            {
                changed = false;
                for (int i = kept.Count - 1; i >= 0; i--)
                {
                    var names = Declared(kept[i]);
                    if (names is null) continue;
                    if (names.Any(n => IsRead(n, kept.Skip(i + 1)))) continue;
                    kept.RemoveAt(i);
                    changed = true;
                }
            }
            return kept;
        }

        /// <summary>Whether a line reads (or assigns) the identifier <paramref name="name"/>.</summary>
        public static bool IsRead(string name, IEnumerable<string> lines) =>
            lines.Any(l => Regex.IsMatch(l, @"(?<![\w@])@?" + Regex.Escape(name) + @"(?!\w)"));

        // The names a line declares when it is one local declaration of doubles, ints or bools with pure initializers
        // (every generated local is; a call is to System.Math or a special function), else null.
        public static string[]? Declared(string line)
        {
            var t = line.Trim();
            if (!(t.StartsWith("double ", StringComparison.Ordinal) || t.StartsWith("int ", StringComparison.Ordinal) || t.StartsWith("bool ", StringComparison.Ordinal))) return null;
            if (t.Contains("++") || t.Contains("--") || t.Contains("__Buffer") || t.Contains("__Zeroed")) return null;
            if (SyntaxFactory.ParseStatement(t) is not LocalDeclarationStatementSyntax d || d.ContainsDiagnostics) return null;
            return d.Declaration.Variables.Select(v => v.Identifier.ValueText).ToArray();
        }
    }

    /// <summary>Where an operand's adjoint goes: a temporary declared by its one reader, or an adjoint variable added to.</summary>
    private sealed class Operand(string code, string? sink, bool temporary, double? literal = null, bool integral = false)
    {
        public string Code { get; } = code;
        public string? Sink { get; } = sink;
        public bool Temporary { get; } = temporary;
        public bool Active => Sink is not null;
        /// <summary>The value, when the operand is a numeric constant known to the generator.</summary>
        public double? Literal { get; } = literal;
        /// <summary>The constant is an integer literal (its code is left as written: it may be an index).</summary>
        public bool Integral { get; } = integral;
    }

    /// <summary>
    /// Lines of one scope (the method, or a loop's body): its forward pass, the adjoints its reverse pass declares, and its
    /// reverse chunks in forward order. A loop directly in the method (<see cref="Stores"/>) may store values per iteration
    /// in workspace arrays allocated before the loop (<see cref="Prelude"/>).
    /// </summary>
    private sealed class Scope(Scope? parent, string? index = null, string? count = null)
    {
        public Scope? Parent { get; } = parent;
        public bool IsTop => Parent is null;
        /// <summary>The loop's index variable, for a loop's body.</summary>
        public string? Index { get; } = index;
        /// <summary>The loop's number of iterations, an expression valid before the loop.</summary>
        public string? Count { get; } = count;
        public bool Stores => Parent is { IsTop: true } && Index is not null && Count is not null;
        public List<string> Prelude { get; } = [];
        public List<string> Forward { get; } = [];
        public List<string> Declarations { get; } = [];
        public List<List<string>> Chunks { get; } = [];
        /// <summary>Identifier → (value code, adjoint name, is an array) for the reals of this scope.</summary>
        public Dictionary<string, (string Value, string Adjoint, bool IsArray)> Names { get; } = [];

        public bool TryFind(string name, out (string Value, string Adjoint, bool IsArray) v)
        {
            for (var s = this; s is not null; s = s.Parent)
                if (s.Names.TryGetValue(name, out v)) return true;
            v = default;
            return false;
        }

        // The reverse sweep: declarations, then the chunks last first.
        public IEnumerable<string> Reverse()
        {
            foreach (var d in Declarations) yield return d;
            for (int c = Chunks.Count - 1; c >= 0; c--)
                foreach (var line in Chunks[c]) yield return line;
        }

        // The forward lines a reverse loop recomputes: everything but the forward-only lines, stored values loaded.
        public IEnumerable<string> Recompute() => Forward.Select(Lines.RecomputeText).Where(l => l is not null).Select(l => l!);
    }

    /// <summary>A double as a C# literal (round-trip), parenthesized when negative.</summary>
    private static string Literal(double v)
    {
        if (double.IsNaN(v) || double.IsInfinity(v)) throw Unsupported();
        string s = v.ToString("R", CultureInfo.InvariantCulture);
        if (s.IndexOfAny(['.', 'E', 'e']) < 0) s += ".0";
        return v < 0 || (v == 0 && 1 / v < 0) ? "(" + s + ")" : s;
    }

    /// <summary>
    /// The value of a constant expression of numeric literals, parentheses, casts to double and unary minus, and whether
    /// it is an integer (no real literal, no cast to double).
    /// </summary>
    private static (double Value, bool Integral)? TryLiteral(ExpressionSyntax e)
    {
        switch (e)
        {
            case ParenthesizedExpressionSyntax p: return TryLiteral(p.Expression);
            case CastExpressionSyntax { Type: PredefinedTypeSyntax t } c when t.Keyword.IsKind(SyntaxKind.DoubleKeyword):
                return TryLiteral(c.Expression) is { } inner ? (inner.Value, false) : null;
            case PrefixUnaryExpressionSyntax u when u.IsKind(SyntaxKind.UnaryMinusExpression):
                return TryLiteral(u.Operand) is { } o ? (-o.Value, o.Integral) : null;
            case LiteralExpressionSyntax l when l.IsKind(SyntaxKind.NumericLiteralExpression):
                return l.Token.Value switch
                {
                    int i => (i, true),
                    long n => (n, true),
                    uint u => (u, true),
                    ulong ul => (ul, true),
                    double d => (d, false),
                    _ => null,
                };
            default: return null;
        }
    }
}
