using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Probabilistic.Compiler;

/// <summary>
/// Writes the generated reverse-mode gradient of a model's log density over <c>double</c> (issue #16, "Generated
/// gradients"): <c>TryLogDensityGradient</c> of <c>ICompiledGradient</c>, a forward pass that computes every value into
/// <c>double</c> locals (workspace arrays for a Plate, a map over an array and a Fold's carried states) and a reverse pass
/// whose adjoints are locals (workspace adjoint arrays for the arrays), no tape (Griewank &amp; Walther, "Evaluating
/// Derivatives", 2nd ed., §3.2, the reverse sweep of an evaluation procedure; a loop's body is recomputed in the reverse
/// sweep from its stored inputs, §12.2 "checkpointing" with one checkpoint per iteration, except the values of its
/// transcendental operations, which a loop directly in the method stores per iteration).
/// <para>Speed: the arrays are the object's fields, reused by every call (<c>ForThread</c> gives another thread a copy with
/// its own); the partials of a score go straight into the adjoints of the values it reads when those live for the whole
/// call (the score's own adjoint is 1, known in the forward pass), so a loop of observations has no reverse sweep; the
/// terms over data only (a normalizing constant, −log σ of a data scale, a score of data) are summed on the first call of
/// a workspace and kept, as the compiled tape keeps its constants; numeric constants are folded into literals; values a
/// reverse loop does not read are not recomputed there.</para>
/// The fragment it knows: + − * / and unary − on reals, constants, the method's data, <c>RealMath.Exp/Log/Sqrt</c> and
/// <c>Pow</c> with a constant exponent, a conditional on data, Normal choices (identity bijector) and HalfNormal,
/// HalfCauchy, Exponential, Gamma (constant shape) and LogNormal choices through the exp bijector (x = e^θ, log |J| = θ),
/// observations of those families, Factor, Plate, <c>a.Select(t =&gt; …).ToArray()</c>, and Fold with a real or no carried
/// state. Anything else (a user function, another distribution, a vector-valued value) makes <see cref="Write"/> return
/// null: the model keeps the compiled tape.
/// </summary>
internal static partial class GradientEmitter
{
    private const string RealType = "global::Probabilistic.Real";
    private const string RealArray = "global::Probabilistic.Real[]";
    private const string UnitType = "global::Probabilistic.Unit";
    private const string MathPrefix = "global::System.Math.";

    /// <summary>The members' text (class-member indentation), or null when the program leaves the fragment.</summary>
    /// <param name="program">The parsed program.</param>
    /// <param name="display">The method's name for messages.</param>
    /// <param name="className">The density class the members go into (<c>ForThread</c> copies it).</param>
    /// <param name="parameterTypes">The method's parameter types, fully qualified.</param>
    /// <param name="parameterNames">The method's parameter names (as the density class's fields).</param>
    public static string? Write(ParsedProgram program, string display, string className, IEnumerable<string> parameterTypes, IEnumerable<string> parameterNames)
    {
        LastDeclined = null;
        if (parameterTypes.Any(t => t.Contains("Probabilistic.Real")))
        {
            LastDeclined = "a parameter is a real";
            return null;
        }
        try
        {
            var w = new Writer(program, parameterNames.Zip(parameterTypes, (n, t) => (Name: n.TrimStart('@'), Type: t)).ToDictionary(p => p.Name, p => p.Type));
            var top = w.Top;
            foreach (var i in program.Body) w.Statement(i, top);
            var sb = new StringBuilder();
            void L(int indent, string s) => sb.Append(' ', 4 * indent).Append(s).Append('\n');
            // The workspace: arrays reused by every call on this object, and the sum of the terms over data only.
            foreach (var f in w.Buffers) L(2, "private double[]? " + f + ";");
            L(2, "private double __constant;");
            L(2, "private bool __constantReady;");
            L(2, "");
            L(2, "/// <inheritdoc />");
            L(2, "public global::Probabilistic.Compilation.ICompiledGradient ForThread()");
            L(2, "{");
            L(3, "var __copy = (" + className + ")this.MemberwiseClone();");
            foreach (var f in w.Buffers) L(3, "__copy." + f + " = null;");
            L(3, "__copy.__constantReady = false; // the data's caches are in the buffers: the copy's first call fills them");
            L(3, "return __copy;");
            L(2, "}");
            L(2, "");
            L(2, "private static double[] __Buffer(ref double[]? buffer, int length) => buffer is not null && buffer.Length == length ? buffer : (buffer = new double[length]);");
            L(2, "");
            L(2, "private static double[] __Zeroed(ref double[]? buffer, int length)");
            L(2, "{");
            L(3, "var b = __Buffer(ref buffer, length);");
            L(3, "global::System.Array.Clear(b);");
            L(3, "return b;");
            L(2, "}");
            L(2, "");
            // ObserveEach's data as a span: an array or a List<double> read in place, any other list copied into the workspace.
            L(2, "private static global::System.ReadOnlySpan<double> __DataSpan(global::System.Collections.Generic.IReadOnlyList<double> data, ref double[]? copy)");
            L(2, "{");
            L(3, "if (data is double[] a) return a;");
            L(3, "if (data is global::System.Collections.Generic.List<double> l) return global::System.Runtime.InteropServices.CollectionsMarshal.AsSpan(l);");
            L(3, "var b = __Buffer(ref copy, data.Count);");
            L(3, "for (int i = 0; i < b.Length; i++) b[i] = data[i];");
            L(3, "return b;");
            L(2, "}");
            L(2, "");
            L(2, "/// <inheritdoc />");
            L(2, "public bool TryLogDensityGradient(global::System.ReadOnlySpan<double> __theta, global::System.Span<double> __gradient, out double __logDensity)");
            L(2, "{");
            L(3, "if (__gradient.Length != __theta.Length) throw new global::System.ArgumentException($\"" + ProgramEmitter.Escape(display) + ": the gradient buffer has {__gradient.Length} coordinates; θ has {__theta.Length}.\", nameof(__gradient));");
            L(3, "__logDensity = double.NegativeInfinity;");
            foreach (var p in parameterNames) L(3, "var " + p + " = this." + p + ";");
            L(3, "double __lp = 0, __cacc = 0;");
            L(3, "bool __fresh = !this.__constantReady;");
            L(3, "int __k = 0;");
            foreach (var (span, field, copy) in w.DataSpans) L(3, "global::System.ReadOnlySpan<double> " + span + " = __DataSpan(this." + field + ", ref this." + copy + ");");
            // The method's adjoints, less those nothing reads (a let of constants only the model's value reads).
            var body = top.Forward.Select(Lines.ForwardText).Concat(top.Chunks.SelectMany(c => c)).ToList();
            foreach (var line in top.Declarations)
                if (Lines.Declared(line) is not { } names || names.Any(n => Lines.IsRead(n, body))) L(3, line);
            foreach (var line in top.Forward) L(3, Lines.ForwardText(line));
            L(3, "if (__k != __theta.Length) throw new global::System.ArgumentException($\"" + ProgramEmitter.Escape(display) + ": θ has {__theta.Length} coordinates; the density has {__k}.\", nameof(__theta));");
            L(3, "if (__fresh)");
            L(3, "{");
            L(4, "this.__constant = __cacc;");
            L(4, "this.__constantReady = true;");
            L(3, "}");
            L(3, "__lp += this.__constant;");
            // A non-finite value (a rejected parameter, an observation of density zero, a NaN factor): the tape's path reports it.
            L(3, "if (!double.IsFinite(__lp)) return false;");
            for (int c = top.Chunks.Count - 1; c >= 0; c--)
                foreach (var line in top.Chunks[c]) L(3, line);
            L(3, "__logDensity = __lp;");
            L(3, "return true;");
            L(2, "}");
            return sb.ToString();
        }
        catch (UnsupportedException e)
        {
            LastDeclined = e.Message;
            return null;
        }
    }

    private sealed class UnsupportedException(string reason) : Exception(reason)
    {
    }

    /// <summary>Why the last <see cref="Write"/> on this thread returned null (for the generator's tests), or null.</summary>
    [ThreadStatic]
    internal static string? LastDeclined;

    private static UnsupportedException Unsupported([System.Runtime.CompilerServices.CallerLineNumber] int line = 0, [System.Runtime.CompilerServices.CallerFilePath] string file = "") =>
        new(System.IO.Path.GetFileName(file) + " line " + line);

    private static UnsupportedException Unsupported(Microsoft.CodeAnalysis.SyntaxNode node, [System.Runtime.CompilerServices.CallerLineNumber] int line = 0, [System.Runtime.CompilerServices.CallerFilePath] string file = "") =>
        new(System.IO.Path.GetFileName(file) + " line " + line + ": " + node);
}
