using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Probabilistic.Compiler;

// The tensor backend's primitives (Probabilistic.Torch.TensorModel.Observe and Factor), recognized by metadata name: the
// generator does not reference TorchSharp. They become ordinary scores of the program (the scalar particle program scores
// them as their IDistribution<Tensor> does, by the sum of the log densities); ParsedProgram.Tensor remembers them for the
// tensor particle program (TensorEmitter).
internal sealed partial class ModelParser
{
    internal const string TensorModelName = "Probabilistic.Torch.TensorModel";

    /// <summary>Compiles a call of <c>TensorModel.Observe</c> or <c>TensorModel.Factor</c>; false when <paramref name="method"/> is not one of TensorModel's.</summary>
    private bool TryCompileTensorPrimitive(InvocationExpressionSyntax call, IMethodSymbol method, Variable target, List<Instruction> into)
    {
        if (method.ContainingType?.ToDisplayString() != TensorModelName) return false;
        var args = call.ArgumentList.Arguments;
        if (args.Any(a => a.NameColon is not null))
        {
            Report(Diagnostics.UnsupportedModel, call, Short(call), "named arguments to model primitives are not compiled");
            return true;
        }
        switch (method.Name)
        {
            case "Observe" when args.Count is 2 or 3:
                {
                    if (args.Count == 3 && !ConstantAddress(args[0].Expression)) return true;
                    var distArg = args[args.Count - 2].Expression;
                    var valueArg = args[args.Count - 1].Expression;
                    var reads = new List<Variable>();
                    string tensor = method.Parameters[method.Parameters.Length - 1].Type.ToDisplayString(TypeFormat);
                    var d = new Distribution(Family.General, Expression(distArg, out _, out _, reads), tensor, []);
                    string value = Expression(valueArg, out _, out _, reads);
                    var score = new Score(d, value, tensor, null, "Observe" + (args.Count == 3 ? " at " + args[0].Expression : "") + " under " + Short(distArg))
                    { Address = args.Count == 3 ? Expression(args[0].Expression, out _, out _, ReadsOf(out _)) : null };
                    score.Reads.AddRange(reads);
                    _program.Tensor.Scores.Add(score, null);
                    into.Add(score);
                    AssignUnit(target, into);
                    return true;
                }
            case "Factor" when args.Count == 1:
                {
                    string logWeight = Expression(args[0].Expression, out _, out _, ReadsOf(out var reads));
                    // As TensorModel.Factor under a scalar interpretation: the sum of the log weights, as a number.
                    var score = new Score(null, null, null, "(" + logWeight + ").sum().ToDouble()", "Factor");
                    score.Reads.AddRange(reads);
                    _program.Tensor.Scores.Add(score, logWeight);
                    into.Add(score);
                    AssignUnit(target, into);
                    return true;
                }
            default:
                Report(Diagnostics.UnsupportedModel, call, Short(call), $"'TensorModel.{method.Name}' is not compiled (of the tensor primitives the compiler knows Observe and Factor)");
                return true;
        }
    }
}

/// <summary>The tensor primitives of a parsed program, for <see cref="TensorEmitter"/>.</summary>
internal sealed class TensorParts
{
    /// <summary>Each score made by a tensor primitive: null for an observation, the log-weight tensor expression for a factor.</summary>
    public Dictionary<Score, string?> Scores { get; } = [];

    /// <summary>True when <see cref="TensorEmitter.Prepare"/> found the program to be a tensor particle program.</summary>
    public bool Emit { get; set; }
}
