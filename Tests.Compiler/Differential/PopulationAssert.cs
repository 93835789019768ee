using Probabilistic.Inference;
using Xunit.Sdk;

namespace Probabilistic.Compiler.Tests.Differential;

/// <summary>Exact comparisons of two runs (no tolerance: compiled and interpreted runs draw from the same streams).</summary>
public static class PopulationAssert
{
    /// <summary>
    /// Runs <paramref name="interpreted"/> and <paramref name="compiled"/>; both must return (then <paramref name="same"/>
    /// compares, and this returns true) or both throw the same exception type (false: nothing was compared; the messages
    /// may differ, as the compiled filter names a step where the interpreter names an address).
    /// </summary>
    public static bool SameOutcome<TResult>(string context, Func<TResult> interpreted, Func<TResult> compiled, Action<TResult, TResult> same)
    {
        TResult? i = default, c = default;
        Exception? ie = null, ce = null;
        try { i = interpreted(); } catch (Exception e) when (e is not XunitException) { ie = e; }
        try { c = compiled(); } catch (Exception e) when (e is not XunitException) { ce = e; }
        if (ie is null && ce is null)
        {
            same(i!, c!);
            return true;
        }
        if (ie is null || ce is null || ie.GetType() != ce.GetType())
            throw new XunitException($"{context}: interpreted {(ie is null ? "returned" : "threw " + ie)}\nbut compiled {(ce is null ? "returned" : "threw " + ce)}");
        return false;
    }

    /// <summary>Two doubles with the same bits.</summary>
    public static void Same(string what, double interpreted, double compiled)
    {
        if (BitConverter.DoubleToInt64Bits(interpreted) != BitConverter.DoubleToInt64Bits(compiled))
            throw new XunitException($"{what}: interpreted {ValueKey.Bits(interpreted)}, compiled {ValueKey.Bits(compiled)}");
    }

    /// <summary>Two values with the same <see cref="ValueKey"/>.</summary>
    public static void SameValue(string what, object? interpreted, object? compiled)
    {
        string i = ValueKey.Of(interpreted), c = ValueKey.Of(compiled);
        if (i != c) throw new XunitException($"{what}: interpreted {i}, compiled {c}");
    }

    /// <summary>The same population: every value and weight, log Ẑ, its standard error and kind, both ESS.</summary>
    public static void Same<T>(string context, WeightedSample<T> interpreted, WeightedSample<T> compiled)
    {
        if (interpreted.Count != compiled.Count) throw new XunitException($"{context}: {interpreted.Count} particles interpreted, {compiled.Count} compiled");
        for (int k = 0; k < interpreted.Count; k++)
        {
            SameValue($"{context}: value {k}", interpreted.Values[k], compiled.Values[k]);
            Same($"{context}: weight {k}", interpreted.Weights[k], compiled.Weights[k]);
        }
        Same($"{context}: log evidence", interpreted.LogEvidence, compiled.LogEvidence);
        Same($"{context}: log evidence standard error", interpreted.LogEvidenceStandardError, compiled.LogEvidenceStandardError);
        if (interpreted.LogEvidenceStandardErrorKind != compiled.LogEvidenceStandardErrorKind)
            throw new XunitException($"{context}: error kind {interpreted.LogEvidenceStandardErrorKind} interpreted, {compiled.LogEvidenceStandardErrorKind} compiled");
        Same($"{context}: ESS", interpreted.EffectiveSampleSize, compiled.EffectiveSampleSize);
        Same($"{context}: ESS before resampling", interpreted.EffectiveSampleSizeBeforeResampling, compiled.EffectiveSampleSizeBeforeResampling);
    }
}
