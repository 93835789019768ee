using FsCheck;
using FsCheck.Fluent;

namespace Probabilistic.Compiler.Tests.Differential;

/// <summary>
/// The program generator reaches every construct of the fragment, keeps its invariants (well formed, finite programs
/// enumerable, one out-of-fragment construct per Outside program), and its shrinker ends at a small program.
/// </summary>
public class ModelGeneratorFacts
{
    private static ModelProgram[] Sample(ProgramKind kind, int count) => Gen.Sample(ModelGenerator.Programs(kind), 50, new Rnd(20261207UL, 1207UL), count);

    [Fact]
    public void FragmentProgramsReachEveryConstruct()
    {
        var programs = Sample(ProgramKind.Fragment, 300);
        Assert.All(programs, p => Assert.True(ModelRepair.IsWellFormed(p), p.ToString()));
        var clauses = programs.SelectMany(p => ModelWalk.Clauses(p.Body)).ToList();
        var dists = clauses.SelectMany(c => c switch
        {
            SampleClause s => [s.Dist],
            ObserveClause o => [o.Dist],
            PlateClause p => [p.Dist],
            ObserveEachClause e => [e.Dist],
            _ => Array.Empty<DistSpec>(),
        }).ToList();
        Assert.Contains(clauses, c => c is SampleClause);
        Assert.Contains(clauses, c => c is ObserveClause { Address: null });
        Assert.Contains(clauses, c => c is ObserveClause { Address: not null });
        Assert.Contains(clauses, c => c is FactorClause and not { Name: ModelRepair.TailName });
        Assert.Contains(clauses, c => c is LetClause);
        Assert.Contains(clauses, c => c is ReturnClause);
        Assert.Contains(clauses, c => c is PlateClause { Index: null });
        Assert.Contains(clauses, c => c is PlateClause { Index: not null, Count.Value: 0 });
        foreach (var carry in Enum.GetValues<Carry>()) Assert.Contains(clauses, c => c is FoldClause f && f.Carry == carry);
        Assert.Contains(clauses, c => c is FoldClause { Steps.Value: 0 });
        Assert.Contains(clauses, c => c is FoldClause { Steps.Text: "n" } or FoldClause { Steps.Text: "y.Length" });
        Assert.Contains(clauses, c => c is ObserveEachClause { Address: null });
        Assert.Contains(clauses, c => c is ObserveEachClause { Address: not null });
        Assert.Contains(clauses, c => c is NestedClause);
        Assert.Contains(clauses, c => c is FoldClause f && ModelWalk.Clauses(f.Body).Any(b => b is NestedClause));
        foreach (var form in Enum.GetValues<CategoricalForm>()) Assert.Contains(dists, d => d is CategoricalDist c && c.Form == form);
        foreach (var family in new[] { "Gamma", "Beta", "Exponential", "LogNormal", "Poisson" }) Assert.Contains(dists, d => d is GeneralDist g && g.Family == family);
        Assert.Contains(dists, d => d is NormalDist { Style: DistStyle.New });
        Assert.Contains(dists, d => d is BernoulliDist { Style: DistStyle.Call });
        Assert.Contains(programs, p => p.Body.Select.Length == 2);
        Assert.Contains(programs, p => p.Body.Select[0] is PlateArray);
        Assert.Contains(programs, p => p.Args.Length == 0);
    }

    [Fact]
    public void DiscreteProgramsDrawOnlyFiniteValuesAndEnumerateQuickly()
    {
        foreach (var p in Sample(ProgramKind.Discrete, 200))
        {
            Assert.True(ModelRepair.IsWellFormed(p), p.ToString());
            Assert.True(ModelRepair.PathBound(p.Body) <= ModelGenerator.MaxPaths, p.ToString());
            Assert.All(ModelWalk.Clauses(p.Body).OfType<SampleClause>(), s => Assert.True(s.Dist.IsFinite));
            Assert.All(ModelWalk.Clauses(p.Body).OfType<PlateClause>(), s => Assert.True(s.Dist.IsFinite));
        }
    }

    [Fact]
    public void OutsideProgramsHaveOneConstructOutsideTheFragment()
    {
        var programs = Sample(ProgramKind.Outside, 100);
        Assert.All(programs, p => Assert.Single(ModelWalk.Clauses(p.Body), c => c is SampledCountClause or ChosenModelClause or SampledAddressClause));
        Assert.Equal(["PROB002", "PROB003", "PROB004"], programs.Select(p => p.ExpectedDiagnostic!).Distinct().Order());
    }

    [Fact]
    public void ShrinkingEndsAtASmallProgram()
    {
        // A "failure" that needs a Fold: greedy shrinking (as FsCheck takes the first failing shrink) keeps one fold
        // with one clause in its body, and at most the final factor beside it.
        static bool Fails(ModelProgram p) => ModelWalk.Clauses(p.Body).Any(c => c is FoldClause);
        var program = Sample(ProgramKind.Fragment, 100).Where(Fails).OrderByDescending(p => ModelWalk.Clauses(p.Body).Count()).First();
        for (var next = ModelShrinker.Shrink(program).FirstOrDefault(Fails); next is not null; next = ModelShrinker.Shrink(program).FirstOrDefault(Fails))
            program = next;
        Assert.True(program.Body.Clauses.Length <= 2, program.ToString());
        var fold = Assert.Single(ModelWalk.Clauses(program.Body).OfType<FoldClause>());
        Assert.Single(fold.Body.Clauses);
    }
}
