using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Probabilistic.Compiler;

// The distribution expressions a model draws from or observes: the families compiled without an object, or any other.
internal sealed partial class ModelParser
{
    // ---- distributions -----------------------------------------------------------------------------------------------

    private Distribution ParseDistribution(ExpressionSyntax e, ITypeSymbol valueType, out List<Variable> readList)
    {
        var reads = readList = [];
        var inner = e;
        while (inner is ParenthesizedExpressionSyntax p) inner = p.Expression;
        IMethodSymbol? ctorOrMethod = null;
        ArgumentListSyntax? argList = null;
        if (inner is InvocationExpressionSyntax inv && _model.GetSymbolInfo(inv, _cancel).Symbol is IMethodSymbol m && SymbolEqualityComparer.Default.Equals(m.ContainingType, _dist))
        {
            ctorOrMethod = m;
            argList = inv.ArgumentList;
        }
        else if (inner is BaseObjectCreationExpressionSyntax { ArgumentList: { } al } oc && _model.GetSymbolInfo(oc, _cancel).Symbol is IMethodSymbol ctor)
        {
            ctorOrMethod = ctor;
            argList = al;
        }
        var family = Family.General;
        if (ctorOrMethod is not null && argList is not null && !argList.Arguments.Any(a => a.NameColon is not null))
        {
            var returned = ctorOrMethod.MethodKind == MethodKind.Constructor ? ctorOrMethod.ContainingType : ctorOrMethod.ReturnType;
            var ps = ctorOrMethod.Parameters;
            if (SymbolEqualityComparer.Default.Equals(returned, _normal) && ps.Length == 2 && ps.All(IsReal) && ctorOrMethod.Name is "Normal" or ".ctor") family = Family.Normal;
            else if (SymbolEqualityComparer.Default.Equals(returned, _bernoulli) && ps.Length == 1 && IsReal(ps[0]) && ctorOrMethod.Name is "Bernoulli" or ".ctor") family = Family.Bernoulli;
            else if (SymbolEqualityComparer.Default.Equals(returned, _categorical) && ps.Length == 1 && ps[0].Type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Double } && ctorOrMethod.Name is "Categorical" or ".ctor") family = Family.Categorical;
        }
        string display = valueType.ToDisplayString(TypeFormat);
        switch (family)
        {
            case Family.Normal:
            case Family.Bernoulli:
                return new Distribution(family, "", display, argList!.Arguments.Select(a => AsDouble(a.Expression, reads)).ToList());
            case Family.Categorical:
                {
                    bool expanded = _model.GetOperation(inner, _cancel) switch
                    {
                        IInvocationOperation io => io.Arguments.Length == 1 && io.Arguments[0].ArgumentKind == ArgumentKind.ParamArray,
                        IObjectCreationOperation oo => oo.Arguments.Length == 1 && oo.Arguments[0].ArgumentKind == ArgumentKind.ParamArray,
                        _ => true,
                    };
                    string probs;
                    if (!expanded) probs = "(" + Expression(argList!.Arguments[0].Expression, out _, out _, reads) + ")";
                    else if (argList!.Arguments.All(a => _model.GetConstantValue(a.Expression, _cancel).HasValue))
                    {
                        probs = "__probs" + _program.Constants.Count;
                        _program.Constants.Add((probs, string.Join(", ", argList.Arguments.Select(a => AsDouble(a.Expression, reads)))));
                    }
                    else probs = "new double[] { " + string.Join(", ", argList.Arguments.Select(a => AsDouble(a.Expression, reads))) + " }";
                    return new Distribution(family, "", display, [probs]);
                }
            default:
                return new Distribution(Family.General, Expression(e, out _, out _, reads), display, []);
        }
    }

    private bool IsReal(IParameterSymbol p) => SymbolEqualityComparer.Default.Equals(p.Type, _real);

    /// <summary>An expression as a double: <c>.Value</c> of a Real, a cast otherwise.</summary>
    internal string AsDouble(ExpressionSyntax e, List<Variable> reads)
    {
        var type = _model.GetTypeInfo(e, _cancel).Type;
        string text = Expression(e, out _, out _, reads);
        return SymbolEqualityComparer.Default.Equals(type, _real) ? "(" + text + ").Value" : "(double)(" + text + ")";
    }
}
