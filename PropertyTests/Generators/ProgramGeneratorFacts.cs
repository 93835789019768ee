using FsCheck;
using FsCheck.Fluent;
using Probabilistic.PropertyTests.Core;
using Probabilistic.PropertyTests.Programs;
using Xunit;

namespace Probabilistic.PropertyTests.Generators;

/// <summary>
/// The generator makes the programs the properties need (so that they are not vacuous): valid, small,
/// with address sets that vary between executions, nested calls, some impossible programs, and most of
/// them small enough for the exact detailed-balance check. Measured on a fixed sample of 400.
/// </summary>
public class ProgramGeneratorFacts
{
    private static readonly IReadOnlyList<ProgramSpec> Sample = Gen.Sample(ProgramGenerator.Programs, 50, new Rnd(20240601UL), 400);

    private static double Fraction(Func<ProgramSpec, bool> predicate) => Sample.Count(predicate) / (double)Sample.Count;

    [Fact]
    public void ProgramsAreValidAndSmall()
    {
        foreach (var p in Sample)
        {
            var executions = ReferenceEvaluator.Enumerate(p);
            Assert.InRange(executions.Count, 1, ProgramGenerator.MaxPaths);
            Assert.All(executions, e => Assert.Equal(e.Choices.Count, e.Choices.Select(c => c.Address).Distinct().Count()));
            Assert.Equal(ProgramPrinter.Print(p.Body), ProgramPrinter.Print(AddressRepair.Repair(p.Body)));
        }
    }

    [Fact]
    public void ProgramsCoverTheCasesThePropertiesAreAbout()
    {
        static bool AddressSetsVary(ProgramSpec p) =>
            ReferenceEvaluator.Enumerate(p).Select(e => string.Join(",", e.Choices.Select(c => c.Address).Order())).Distinct().Count() > 1;
        static bool Impossible(ProgramSpec p) => ReferenceEvaluator.Enumerate(p).All(e => e.LogJoint == double.NegativeInfinity);

        Assert.InRange(Fraction(AddressSetsVary), 0.15, 1.0);
        Assert.InRange(Fraction(p => p.ToString().Contains("call ")), 0.15, 1.0);
        Assert.InRange(Fraction(Impossible), 0.02, 0.10);
        Assert.InRange(Fraction(p => DetailedBalanceProperties.Build(p) is not null), 0.75, 1.0);
    }

    /// <summary>Statements, dependences of a distribution on earlier values, observation names and return expressions.</summary>
    private static int Size(Block b) => (b.ReturnVars.IsEmpty ? 0 : 1) + b.Stmts.Sum(s => 1 + s switch
    {
        Branch br => Size(br.Then) + Size(br.Else),
        Nest n => Size(n.Body),
        Choose c => c.Dist.When is null ? 0 : 1,
        ObserveStmt o => (o.Dist.When is null ? 0 : 1) + (o.Name is null ? 0 : 1),
        _ => 0,
    });

    [Fact]
    public void ShrinksAreValidAndSmaller()
    {
        foreach (var p in Sample.Take(100))
            foreach (var s in ProgramShrinker.Shrink(p))
            {
                Assert.True(Size(s.Body) < Size(p.Body), $"{s} is not smaller than {p}");
                Assert.Equal(ProgramPrinter.Print(s.Body), ProgramPrinter.Print(AddressRepair.Repair(s.Body)));
            }
    }
}
