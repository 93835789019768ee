using FsCheck;
using FsCheck.Fluent;
using Probabilistic.Inference;
using Probabilistic.PropertyTests.Generators;
using Probabilistic.PropertyTests.Programs;
using Xunit;
using Xunit.Abstractions;

namespace Probabilistic.PropertyTests.Inference.MonteCarlo;

/// <summary>
/// Particle Gibbs (iterated conditional SMC) on generated programs: the kept traces' return values have the
/// posterior π as their stationary law; their return values and whole traces are checked (Andrieu, Doucet &amp; Holenstein, JRSS B 2010, Thm 5).
/// <para>
/// Tolerance. The conditional SMC kernel is uniformly ergodic (Lindsten, Douc &amp; Moulines, Scand. J. Statist. 2015;
/// Andrieu, Lee &amp; Vihola, Bernoulli 2018), but its proven Doeblin constant degrades exponentially with the number of
/// steps and gives no useful bound on these programs; so the effective sample size is estimated from the chain
/// itself: τ̂, the largest over the indicators [x = v] of Geyer's initial monotone sequence estimate of the integrated
/// autocorrelation time (<see cref="AutocorrelationTime"/>), consistent for a reversible chain: particle Gibbs is a
/// two-block Gibbs sampler on the extended target of the particles and the drawn index (Andrieu, Doucet &amp; Holenstein
/// 2010, §4.5), whose marginal chain on the kept path is reversible (Liu, Wong &amp; Kong, Biometrika 1994). The frequency
/// of v over S kept sweeps then has standard deviation ≈ √(τ̂·π(v)(1 − π(v))/S); we allow 5 of them. A program is
/// checked only when the ESS S/τ̂ is at least 200 (else it is skipped and counted), so τ̂ ≤ 15 and the burn-in of 200
/// sweeps is ≥ 13·τ̂: the start's bias, ≈ e^(−200/τ̂) for a geometrically ergodic chain, is negligible. Programs that cannot explain
/// their observations must make <c>ParticleGibbs</c> fail with a <see cref="ModelException"/>.
/// </para>
/// </summary>
public class ParticleGibbsProperties(ITestOutputHelper output)
{
    private const int Samples = 3000;
    private static readonly IReadOnlyList<ProgramSpec> Programs = Gen.Sample(ProgramGenerator.Programs, 30, new Rnd(20261127UL), 50);

    [Fact]
    public void ParticleGibbsMatchesTheExactPosterior()
    {
        int skipped = 0;
        foreach (var program in Programs)
            if (!Holds(program)) skipped++;
        output.WriteLine($"{skipped} of {Programs.Count} programs skipped.");
        Assert.True(skipped <= 0.2 * Programs.Count, $"{skipped} of {Programs.Count} programs skipped.");
    }

    private static bool Holds(ProgramSpec program)
    {
        var model = ProgramCompiler.Compile(program);
        var possible = ReferenceEvaluator.Enumerate(program).Where(e => e.LogJoint > double.NegativeInfinity).ToList();
        var options = new ParticleGibbsOptions { Samples = Samples, BurnIn = 200, Particles = 4, Seed = program.Seed };
        if (possible.Count == 0)
        {
            Assert.Throws<ModelException>(() => Infer.ParticleGibbs(model, options with { Samples = 10 }));
            return true;
        }
        MhChain<int> chain;
        try
        {
            chain = Infer.ParticleGibbs(model, options);
        }
        catch (ModelException e) when (e.Message.StartsWith("ParticleGibbs (initial SMC run): every particle has weight 0"))
        {
            return false; // the first reference needs one of 4 particles to explain the data: rare programs only
        }
        double logZ = Math.Log(possible.Sum(e => Math.Exp(e.LogJoint)));
        var values = possible.GroupBy(e => e.ReturnValue).ToDictionary(g => g.Key, g => g.Sum(e => Math.Exp(e.LogJoint - logZ)));
        var traces = possible.ToDictionary(e => e.Key, e => Math.Exp(e.LogJoint - logZ));
        var drawnValues = chain.Values.ToArray();
        var drawnTraces = chain.Traces.Select(t => ChoiceKey.Of(t.Choices)).ToArray();
        Assert.All(drawnTraces, k => Assert.True(traces.ContainsKey(k), $"trace {k} is impossible\n{program}"));
        // One τ̂ for the chain: the largest over the indicators of the return values and of the whole traces.
        double tau = values.Keys.Select(v => AutocorrelationTime.Of(drawnValues.Select(x => x == v ? 1.0 : 0.0).ToArray()))
            .Concat(traces.Keys.Select(k => AutocorrelationTime.Of(drawnTraces.Select(x => x == k ? 1.0 : 0.0).ToArray())))
            .Where(t => !double.IsNaN(t)).DefaultIfEmpty(1).Max();
        if (Samples / tau < 200) return false;
        AssertFrequencies(drawnValues, values, tau, "return", program);
        AssertFrequencies(drawnTraces, traces, tau, "trace", program);
        return true;
    }

    private static void AssertFrequencies<TKey>(TKey[] drawn, Dictionary<TKey, double> exact, double tau, string what, ProgramSpec program) where TKey : notnull
    {
        foreach (var (key, p) in exact)
        {
            double pHat = drawn.Count(x => x.Equals(key)) / (double)drawn.Length;
            double tolerance = 5 * Math.Sqrt(tau * Math.Max(0, p * (1 - p)) / drawn.Length) + 1e-9;
            Assert.True(Math.Abs(pHat - p) <= tolerance, $"P({what} = {key}): exact {p}, particle Gibbs {pHat} ± {tolerance} (τ̂ = {tau})\n{program}");
        }
    }
}
