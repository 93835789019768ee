using System.Collections.Immutable;
using Probabilistic.PropertyTests.Programs;

namespace Probabilistic.PropertyTests.Generators;

/// <summary>
/// Immediate shrinks of a program: delete a statement, replace a branch by one of its sides or a
/// call by its body (spliced in place), drop a distribution's dependence on earlier values, drop the
/// return expression; recursively inside nested blocks. Every candidate is well formed (variables
/// resolve modulo the environment) and is passed through <see cref="AddressRepair"/>.
/// </summary>
public static class ProgramShrinker
{
    public static IEnumerable<ProgramSpec> Shrink(ProgramSpec program) =>
        ShrinkBlock(program.Body)
            .Select(AddressRepair.Repair)
            .Where(b => ProgramGenerator.PathBound(b) <= ProgramGenerator.MaxPaths)
            .Select(b => program with { Body = b });

    private static IEnumerable<Block> ShrinkBlock(Block b)
    {
        for (int i = 0; i < b.Stmts.Length; i++)
            yield return b with { Stmts = b.Stmts.RemoveAt(i) };
        for (int i = 0; i < b.Stmts.Length; i++)
            foreach (var replacement in ShrinkStatement(b.Stmts[i]))
                yield return b with { Stmts = b.Stmts.RemoveAt(i).InsertRange(i, replacement) };
        if (!b.ReturnVars.IsEmpty) yield return b with { ReturnVars = [] };
    }

    private static IEnumerable<ImmutableArray<Stmt>> ShrinkStatement(Stmt s)
    {
        switch (s)
        {
            case Branch br:
                yield return br.Then.Stmts;
                yield return br.Else.Stmts;
                foreach (var t in ShrinkBlock(br.Then)) yield return [br with { Then = t }];
                foreach (var e in ShrinkBlock(br.Else)) yield return [br with { Else = e }];
                break;
            case Nest n:
                yield return n.Body.Stmts;
                foreach (var body in ShrinkBlock(n.Body)) yield return [n with { Body = body }];
                break;
            case Choose { Dist.When: not null } c:
                yield return [c with { Dist = new DistChoice(c.Dist.Then) }];
                break;
            case ObserveStmt { Dist.When: not null } o:
                yield return [o with { Dist = new DistChoice(o.Dist.Then) }];
                break;
            case ObserveStmt { Name: not null } o:
                yield return [o with { Name = null }];
                break;
        }
    }
}
