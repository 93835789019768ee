using System.Collections.Immutable;
using Probabilistic.PropertyTests.Programs;

namespace Probabilistic.PropertyTests.Generators;

/// <summary>
/// Renames choices, named observations and calls so that no address repeats along any path (the two
/// sides of a branch may still share names, which is the point). A name already used earlier on the
/// path, in the same namespace, becomes the first free name of its kind (<c>a</c> Bernoulli,
/// <c>c</c> categorical, <c>o</c> observation, <c>n</c> call). Valid programs are left unchanged.
/// </summary>
public static class AddressRepair
{
    public static Block Repair(Block b) => Repair(b, [], out _);

    private static Block Repair(Block b, ImmutableHashSet<string> used, out ImmutableHashSet<string> usedAfter)
    {
        var stmts = ImmutableArray.CreateBuilder<Stmt>(b.Stmts.Length);
        foreach (var s in b.Stmts)
        {
            switch (s)
            {
                case Choose c:
                    stmts.Add(c with { Name = Claim(c.Name, ref used) });
                    break;
                case ObserveStmt { Name: not null } o:
                    stmts.Add(o with { Name = Claim(o.Name, ref used) });
                    break;
                case Nest n:
                    stmts.Add(new Nest(Claim(n.Name, ref used), Repair(n.Body, [], out _)));
                    break;
                case Branch br:
                    var then = Repair(br.Then, used, out var usedThen);
                    var @else = Repair(br.Else, used, out var usedElse);
                    stmts.Add(new Branch(br.When, then, @else));
                    used = usedThen.Union(usedElse);
                    break;
                default:
                    stmts.Add(s);
                    break;
            }
        }
        usedAfter = used;
        return b with { Stmts = stmts.MoveToImmutable() };
    }

    private static string Claim(string name, ref ImmutableHashSet<string> used)
    {
        if (used.Contains(name))
        {
            char kind = name[0];
            int i = 0;
            while (used.Contains($"{kind}{i}")) i++;
            name = $"{kind}{i}";
        }
        used = used.Add(name);
        return name;
    }
}
