using FsCheck;
using FsCheck.Fluent;
using Probabilistic.Inference;
using Probabilistic.PropertyTests.Generators;
using Probabilistic.PropertyTests.Programs;
using Xunit;
using Xunit.Abstractions;

namespace Probabilistic.PropertyTests.Inference.MonteCarlo;

/// <summary>
/// Particle marginal Metropolis–Hastings on generated programs, the parameter θ being the first top-level choice
/// whose distribution is fixed (so that it does not depend on other choices, as <c>Infer.Pmmh</c> requires). The
/// chain's kept return values (one particle drawn by weight per state) have the posterior π of the return value as
/// their stationary law (Andrieu, Doucet &amp; Holenstein, JRSS B 2010, Thm 4), and the kept θ the posterior of θ; both are checked.
/// <para>
/// Tolerance. With the prior as proposal, PMMH is an independence sampler on the extended space of θ and the inner
/// SMC's randomness u, with importance weight w(θ, u) = Ẑ(θ, u) / (Z·p(θ)) = L̂(θ, u) / Z, L̂ the SMC estimate of
/// p(y | θ) (the constraint's density p(θ) enters Ẑ) and Z = p(y). Every particle passes score t at step t, so
/// L̂ = Π over resampling epochs of the mean of the particles' products of exp(score) ≤ B(θ) = Π_t max_{e ∈ E(θ)} g_t(e),
/// E(θ) the executions with that θ and g_t(e) = exp(e's t-th score), 1 past its end (from the reference evaluator).
/// So w ≤ w* = max_θ B(θ)/Z, the chain's spectral gap is ≥ 1/w* with a non-negative spectrum (Mengersen &amp; Tweedie,
/// Ann. Statist. 1996, Thm 2.1; Atchadé &amp; Perron, ESAIM P&amp;S 2007), and the integrated autocorrelation time of
/// any function of the state is τ ≤ (1 + λ)/(1 − λ) ≤ 2w* − 1, λ = 1 − 1/w*. The frequency of v over S kept states
/// then has standard deviation ≤ √((2w* − 1)·π(v)(1 − π(v))/S); we allow 5 of them. After B burn-in steps the
/// distance to stationarity is ≤ (1 − 1/w*)^B; B is chosen so that it is ≤ 10⁻³, which the tolerance adds.
/// Programs with w* &gt; <see cref="MaxWeightBound"/> (too slow a chain for a useful tolerance) or with no fixed
/// top-level choice are skipped, counted, and the share skipped is bounded. An impossible program must make
/// <c>Pmmh</c> fail with a <see cref="ModelException"/>.
/// </para>
/// </summary>
public class PmmhProperties(ITestOutputHelper output)
{
    private const double MaxWeightBound = 10;
    private const int Samples = 4000;
    private static readonly IReadOnlyList<ProgramSpec> Programs = Gen.Sample(ProgramGenerator.Programs, 30, new Rnd(20261126UL), 50);

    [Fact]
    public void PmmhMatchesTheExactPosterior()
    {
        int skipped = 0;
        foreach (var program in Programs)
            if (!Holds(program)) skipped++;
        output.WriteLine($"{skipped} of {Programs.Count} programs skipped.");
        Assert.True(skipped <= 0.35 * Programs.Count, $"{skipped} of {Programs.Count} programs skipped.");
    }

    /// <summary>The first top-level choice whose distribution does not depend on earlier values (its address is its name).</summary>
    public static string? FixedParameter(ProgramSpec program) =>
        program.Body.Stmts.OfType<Choose>().FirstOrDefault(c => c.Dist.When is null || c.Dist.Else is null)?.Name;

    private static bool Holds(ProgramSpec program)
    {
        var parameter = FixedParameter(program);
        if (parameter is null) return false;
        var model = ProgramCompiler.Compile(program);
        var executions = ReferenceEvaluator.Enumerate(program);
        var possible = executions.Where(e => e.LogJoint > double.NegativeInfinity).ToList();
        if (possible.Count == 0)
        {
            Assert.Throws<ModelException>(() => Infer.Pmmh(model, Selection.Of(parameter), new PmmhOptions { Samples = 10, Particles = 4, InitAttempts = 20, Seed = program.Seed }));
            return true;
        }
        double logZ = Math.Log(possible.Sum(e => Math.Exp(e.LogJoint)));
        double logWStar = executions.GroupBy(e => e.ByAddress[parameter].Value).Max(g =>
        {
            int steps = g.Max(e => e.Scores.Count);
            return Enumerable.Range(0, steps).Sum(t => g.Max(e => t < e.Scores.Count ? e.Scores[t] : 0));
        }) - logZ;
        double wStar = Math.Exp(logWStar);
        if (wStar > MaxWeightBound) return false;

        int burnIn = wStar <= 1 ? 10 : Math.Max(10, (int)Math.Ceiling(Math.Log(1e-3) / Math.Log(1 - 1 / wStar)));
        var chain = Infer.Pmmh(model, Selection.Of(parameter), new PmmhOptions { Samples = Samples, BurnIn = burnIn, Particles = 4, Seed = program.Seed });
        double Tolerance(double p) => 5 * Math.Sqrt((2 * wStar - 1) * Math.Max(0, p * (1 - p)) / Samples) + 1e-3;
        foreach (var group in possible.GroupBy(e => e.ReturnValue))
        {
            double p = group.Sum(e => Math.Exp(e.LogJoint - logZ));
            double pHat = chain.Values.Count(v => v == group.Key) / (double)Samples;
            Assert.True(Math.Abs(pHat - p) <= Tolerance(p), $"P(return = {group.Key}): exact {p}, PMMH {pHat} ± {Tolerance(p)} (w* = {wStar}, θ = {parameter})\n{program}");
        }
        var drawnTheta = chain.Parameters.Select(theta => ChoiceKey.ToInts(theta)[parameter]).ToArray();
        foreach (var group in possible.GroupBy(e => e.ByAddress[parameter].Value))
        {
            double p = group.Sum(e => Math.Exp(e.LogJoint - logZ));
            double pHat = drawnTheta.Count(v => v == group.Key) / (double)Samples;
            Assert.True(Math.Abs(pHat - p) <= Tolerance(p), $"P({parameter} = {group.Key}): exact {p}, PMMH {pHat} ± {Tolerance(p)} (w* = {wStar})\n{program}");
        }
        Assert.All(chain.Values, v => Assert.Contains(possible, e => e.ReturnValue == v));
        return true;
    }
}
