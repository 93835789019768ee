using FsCheck.Xunit;
using Probabilistic.PropertyTests.Generators;
using Probabilistic.PropertyTests.Programs;

namespace Probabilistic.PropertyTests.Core;

/// <summary>Regenerate's proposals and weights, from several executions of each program, each with its own random selection.</summary>
public class RegenerateProperties
{
    private const int Starts = 8;
    private const int DrawsPerStart = 12;

    [Property(MaxTest = 1000, Arbitrary = new[] { typeof(ProgramArbitrary) })]
    public void RegenerateWeightIsTheMetropolisHastingsRatioOfThePriorProposal(ProgramSpec program)
    {
        var model = ProgramCompiler.Compile(program);
        var executions = ReferenceEvaluator.Enumerate(program);
        var rng = new Rng(program.Seed, 1);
        // Starting points of positive probability (MH never visits others; from them the ratio is undefined).
        var starts = executions.Where(e => e.LogJoint > double.NegativeInfinity).OrderBy(_ => rng.NextULong()).Take(Starts);
        ulong stream = 1000;
        foreach (var t in starts)
        {
            var moves = new RegenerateMoves(program, model, t, SelectionSpec.Random(executions, rng), stream);
            stream += DrawsPerStart + 1;
            for (int r = 0; r < DrawsPerStart; r++) moves.Draw();
        }
    }
}
