using Probabilistic.Compilation;
using Probabilistic.Inference;
using Probabilistic.Inference.Particles;
using Xunit.Sdk;

namespace Probabilistic.Compiler.Tests.Differential;

/// <summary>
/// The differential check of one compiled program: its twin exists; its particle program run with <c>new Rng(seed)</c>
/// gives the interpreter's <c>Simulate</c> (each score, the value, the generator's next number); <c>Infer.Smc</c> with
/// the twin and with <c>Interpreted = true</c> give the same population under every configuration in
/// <see cref="Configurations"/> (particle counts, the four resampling schemes, ESS thresholds, one or two threads);
/// <c>Infer.Importance</c> gives the same samples. All bit for bit.
/// </summary>
public sealed class SameAsInterpreter : IModelCheck
{
    /// <summary>The SMC configurations every program runs under.</summary>
    public static readonly SmcOptions[] Configurations =
    [
        new() { Particles = 3, Resampler = Resampler.Systematic, EssThreshold = 0.5, Seed = 1, MaxDegreeOfParallelism = 1 },
        new() { Particles = 17, Resampler = Resampler.Multinomial, EssThreshold = 1.0, Seed = 2, MaxDegreeOfParallelism = 1 },
        new() { Particles = 64, Resampler = Resampler.Stratified, EssThreshold = 0.3, Seed = 3, MaxDegreeOfParallelism = 1 },
        new() { Particles = 100, Resampler = Resampler.Residual, EssThreshold = 0.8, Seed = 4, MaxDegreeOfParallelism = 2 },
        new() { Particles = 40, Resampler = Resampler.Systematic, EssThreshold = 0.0, Seed = 5, MaxDegreeOfParallelism = 1 },
    ];

    private const int Seeds = 3;
    private static readonly ImportanceOptions Importance = new() { Samples = 30, Seed = 6, MaxDegreeOfParallelism = 1 };

    /// <inheritdoc />
    public void Check<T>(ModelProgram program, Model<T> model, Model<T>? plain) where T : notnull
    {
        if (!CompiledModels.TryGetTwin(model, out _)) throw new XunitException("the model has no compiled twin");
        var interpreted = CompiledModels.Interpreted(model);
        int compared = 0;
        for (ulong seed = 1; seed <= Seeds; seed++)
        {
            ulong s = seed;
            string context = $"program run / Simulate, seed {s}";
            if (PopulationAssert.SameOutcome(context,
                () =>
                {
                    var rng = new Rng(s);
                    var trace = interpreted.Simulate(rng);
                    return (Weights: trace.Scores.Select(x => x.LogWeight).ToArray(), Value: (object?)trace.ReturnValue, Next: rng.NextULong());
                },
                () =>
                {
                    var run = RunProgram<T>.Of(model, s);
                    return (Weights: run.Weights.ToArray(), Value: (object?)run.Result, Next: run.NextRandom);
                },
                (i, c) =>
                {
                    if (i.Weights.Length != c.Weights.Length) throw new XunitException($"{context}: {i.Weights.Length} scores interpreted, {c.Weights.Length} compiled");
                    for (int k = 0; k < i.Weights.Length; k++) PopulationAssert.Same($"{context}: score {k}", i.Weights[k], c.Weights[k]);
                    PopulationAssert.SameValue($"{context}: value", i.Value, c.Value);
                    if (i.Next != c.Next) throw new XunitException($"{context}: the generators differ afterwards");
                })) compared++;
        }
        // The generator keeps every parameter valid, so a run that throws on every seed is a generator or compiler bug
        // that would otherwise compare nothing.
        if (compared == 0) throw new XunitException($"program run / Simulate threw for every one of {Seeds} seeds: nothing was compared");
        foreach (var o in Configurations)
        {
            string context = $"Smc(Particles = {o.Particles}, {o.Resampler}, EssThreshold = {o.EssThreshold}, Seed = {o.Seed}, threads {o.MaxDegreeOfParallelism})";
            PopulationAssert.SameOutcome(context, () => Infer.Smc(model, o with { Interpreted = true }), () => Infer.Smc(model, o),
                (i, c) => PopulationAssert.Same(context, i, c));
        }
        PopulationAssert.SameOutcome("Importance", () => Infer.Importance(model, Importance with { Interpreted = true }), () => Infer.Importance(model, Importance),
            (i, c) => PopulationAssert.Same("Importance", i, c));
    }
}
