using Xunit.Sdk;

namespace Probabilistic.PropertyTests.Programs;

/// <summary>Compares choice maps with <see cref="ChoiceMap.Equals(ChoiceMap?)"/> (same addresses, equal values, any order).</summary>
public static class ChoiceMapAssert
{
    public static void Equal(ChoiceMap expected, ChoiceMap actual, string what)
    {
        if (!expected.Equals(actual))
            throw new XunitException($"{what}: expected {expected}, got {actual}.");
    }
}
