using System.Collections.Immutable;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Probabilistic.Compiler.Tests.Differential;

/// <summary>
/// Programs compiled together (one in-process compilation per batch, so hundreds of programs cost a few compilations).
/// Shrinking halves a failing batch down to the failing program, then shrinks that program (<see cref="ModelShrinker"/>).
/// </summary>
public sealed record ModelBatch(ImmutableArray<ModelProgram> Programs)
{
    /// <summary>Batches of <paramref name="count"/> programs, <paramref name="discrete"/> of them Discrete and the rest of <paramref name="kind"/>.</summary>
    public static Arbitrary<ModelBatch> Arbitrary(ProgramKind kind, int count, int discrete = 0) =>
        Arb.From(
            from main in Gen.ArrayOf(ModelGenerator.Programs(kind), count - discrete)
            from finite in Gen.ArrayOf(ModelGenerator.Programs(ProgramKind.Discrete), discrete)
            select new ModelBatch([.. main, .. finite]),
            Shrink);

    /// <summary>The two halves of a batch of several programs; the shrinks of a single program.</summary>
    public static IEnumerable<ModelBatch> Shrink(ModelBatch batch)
    {
        if (batch.Programs.Length > 1)
        {
            int half = batch.Programs.Length / 2;
            yield return new ModelBatch(batch.Programs[..half]);
            yield return new ModelBatch(batch.Programs[half..]);
            yield break;
        }
        foreach (var p in batch.Programs.SelectMany(ModelShrinker.Shrink)) yield return new ModelBatch([p]);
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new StringBuilder().Append(Programs.Length).Append(" program(s)\n");
        for (int i = 0; i < Programs.Length; i++)
            sb.Append("// P").Append(i).Append(" (").Append(Programs[i].Kind).Append(")\n").Append(ModelPrinter.File(Programs[i], "P" + i));
        return sb.ToString();
    }
}
