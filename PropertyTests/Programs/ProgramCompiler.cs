using System.Collections.Immutable;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.PropertyTests.Programs;

/// <summary>
/// Turns a program description into a <see cref="Model{T}"/> with the library's DSL: each statement
/// becomes a primitive bound to the rest of its block (mixing the plain bind, LINQ's bind with a
/// projection, and <c>Then</c>), and the rest is built once the earlier values are known.
/// </summary>
public static class ProgramCompiler
{
    public static Model<int> Compile(ProgramSpec program) => Compile(program.Body, 0, []);

    private static Model<int> Compile(Block b, int i, ImmutableArray<int> env)
    {
        if (i == b.Stmts.Length) return Return(b.Return(env));
        switch (b.Stmts[i])
        {
            case Choose { Dist: var d } c when d.Resolve(env) is FlipSpec f:
                return Sample(c.Name, Bernoulli(f.P)).SelectMany(v => Compile(b, i + 1, env.Add(v ? 1 : 0)));
            case Choose { Dist: var d } c:
                var cat = (CatSpec)d.Resolve(env);
                return from v in Sample(c.Name, Categorical(cat.Probs.ToArray()))
                       from r in Compile(b, i + 1, env.Add(v))
                       select r;
            case Branch br:
                return Compile(br.When.Holds(env) ? br.Then : br.Else, 0, env)
                    .SelectMany(v => Compile(b, i + 1, env.Add(v)));
            case Nest n:
                return Call(n.Name, Compile(n.Body, 0, env)).SelectMany(v => Compile(b, i + 1, env.Add(v)));
            case FactorStmt f:
                return Factor(f.LogWeight).Then(Compile(b, i + 1, env));
            case ConditionStmt cs:
                return Condition(cs.When.Holds(env)).Then(Compile(b, i + 1, env));
            case ObserveStmt o:
                return Observation(o, o.Dist.Resolve(env)).Then(Compile(b, i + 1, env));
            default:
                throw new InvalidOperationException($"Unknown statement {b.Stmts[i]}.");
        }
    }

    private static Model<Unit> Observation(ObserveStmt o, DistSpec dist) => (dist, o.Name) switch
    {
        (FlipSpec f, null) => Observe(Bernoulli(f.P), o.Datum == 1),
        (FlipSpec f, var name) => Observe(name, Bernoulli(f.P), o.Datum == 1),
        (CatSpec c, null) => Observe(Categorical(c.Probs.ToArray()), o.Datum),
        (CatSpec c, var name) => Observe(name, Categorical(c.Probs.ToArray()), o.Datum),
        _ => throw new InvalidOperationException($"Unknown distribution {dist}."),
    };
}
