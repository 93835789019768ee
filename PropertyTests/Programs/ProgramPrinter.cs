using System.Globalization;
using System.Text;

namespace Probabilistic.PropertyTests.Programs;

/// <summary>Prints a program description as readable pseudo-code, with variables resolved to <c>x0, x1, …</c>.</summary>
public static class ProgramPrinter
{
    public static string Print(Block body)
    {
        var sb = new StringBuilder();
        PrintBlock(sb, body, 0, 0);
        return sb.ToString();
    }

    private static void PrintBlock(StringBuilder sb, Block b, int envSize, int indent)
    {
        var pad = new string(' ', 2 * indent);
        foreach (var s in b.Stmts)
        {
            sb.Append(pad);
            switch (s)
            {
                case Choose c:
                    sb.Append($"x{envSize} = {c.Name} ~ {c.Dist.Show(envSize)}").AppendLine();
                    break;
                case Branch br:
                    sb.Append($"x{envSize} = if {br.When.Show(envSize)} {{").AppendLine();
                    PrintBlock(sb, br.Then, envSize, indent + 1);
                    sb.Append(pad).Append("} else {").AppendLine();
                    PrintBlock(sb, br.Else, envSize, indent + 1);
                    sb.Append(pad).Append('}').AppendLine();
                    break;
                case Nest n:
                    sb.Append($"x{envSize} = call {n.Name} {{").AppendLine();
                    PrintBlock(sb, n.Body, envSize, indent + 1);
                    sb.Append(pad).Append('}').AppendLine();
                    break;
                case FactorStmt f:
                    sb.Append("factor ").Append(f.LogWeight.ToString("0.###", CultureInfo.InvariantCulture)).AppendLine();
                    break;
                case ConditionStmt cs:
                    sb.Append("condition ").Append(cs.When.Show(envSize)).AppendLine();
                    break;
                case ObserveStmt o:
                    sb.Append($"observe {(o.Name is null ? "" : o.Name + " ")}{o.Dist.Show(envSize)} = {o.Datum}").AppendLine();
                    break;
            }
            if (s.Binds) envSize++;
        }
        sb.Append(pad).Append("return ").Append(b.ShowReturn(envSize)).AppendLine();
    }
}
