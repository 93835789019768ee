using FsCheck;
using FsCheck.Fluent;
using Probabilistic.PropertyTests.Programs;

namespace Probabilistic.PropertyTests.Generators;

/// <summary>The FsCheck instance for <see cref="ProgramSpec"/>: <c>[Property(Arbitrary = [typeof(ProgramArbitrary)])]</c>.</summary>
public static class ProgramArbitrary
{
    public static Arbitrary<ProgramSpec> Programs() => Arb.From(ProgramGenerator.Programs, ProgramShrinker.Shrink);
}
