using FsCheck.Xunit;
using MathNet.Numerics.LinearAlgebra;
using Probabilistic.Inference;
using Probabilistic.PropertyTests.Generators;
using Probabilistic.PropertyTests.Programs;
using Xunit;

namespace Probabilistic.PropertyTests.Inference.MonteCarlo;

/// <summary>
/// Single-site Metropolis–Hastings (the default kernel of <c>Infer.Mh</c>) on generated programs, with a
/// tolerance derived from the chain's exact mixing: the test builds the kernel's transition matrix with the
/// independent reference evaluator (site a chosen with probability 1/|t|, t' drawn by Regenerate of {a},
/// accepted with min(1, p(t')q(t|t')|t| / p(t)q(t'|t)|t'|)), and takes its second-largest eigenvalue
/// modulus λ* from the symmetrized matrix D^½ K D^−½ (the kernel is reversible). For a reversible chain the
/// variance of a mean over S draws is at most σ²·(1 + λ*)/((1 − λ*)·S), and after B burn-in steps the bias
/// is at most √(1/π_min)·λ*^B in total variation (Levin, Peres &amp; Wilmer, <i>Markov Chains and Mixing
/// Times</i>, 2nd ed., Thm 12.4; the variance bound is the spectral bound on the integrated autocorrelation
/// time, τ ≤ (1 + λ*)/(1 − λ*): Sokal, "Monte Carlo methods in statistical mechanics", 1997, §2). B is chosen
/// so that the bias is below 10⁻⁴, which the tolerance adds. Programs whose chain is reducible or mixes too
/// slowly (λ* &gt; 0.995) are skipped.
/// </summary>
public class MhProperties
{
    [Property(MaxTest = 150, Arbitrary = new[] { typeof(ProgramArbitrary) })]
    public void SingleSiteMhMatchesTheExactPosterior(ProgramSpec program)
    {
        var states = ReferenceEvaluator.Enumerate(program).Where(e => e.LogJoint > double.NegativeInfinity).ToList();
        if (states.Count < 2 || states.Count > 80) return;
        int n = states.Count;
        var index = states.Select((e, i) => (e.Key, i)).ToDictionary(p => p.Key, p => p.i);
        double max = states.Max(e => e.LogJoint);
        var pi = states.Select(e => Math.Exp(e.LogJoint - max)).ToArray();
        double total = pi.Sum();
        for (int i = 0; i < n; i++) pi[i] /= total;

        var k = Matrix<double>.Build.Dense(n, n);
        for (int i = 0; i < n; i++)
        {
            var t = states[i];
            int m = t.Choices.Count;
            if (m == 0)
            {
                k[i, i] = 1;
                continue;
            }
            foreach (var site in t.Choices)
            {
                foreach (var proposal in ReferenceEvaluator.RegenerateProposals(program, t, a => a == site.Address))
                {
                    double q = Math.Exp(proposal.LogProposal) / m;
                    if (!(proposal.LogJoint > double.NegativeInfinity))
                    {
                        k[i, i] += q;
                        continue;
                    }
                    int j = index[proposal.Key];
                    double back = ReferenceEvaluator.RegenerateProposals(program, proposal, a => a == site.Address)
                        .Where(r => r.Key == t.Key).Sum(r => Math.Exp(r.LogProposal));
                    double logAlpha = proposal.LogJoint + Math.Log(back) - t.LogJoint - proposal.LogProposal
                        + Math.Log(m) - Math.Log(proposal.Choices.Count);
                    double alpha = Math.Min(1, Math.Exp(logAlpha));
                    k[i, j] += q * alpha;
                    k[i, i] += q * (1 - alpha);
                }
            }
        }

        // Symmetrize: S = D^½ K D^−½ with D = diag(π); its eigenvalues are K's (all real for a reversible K).
        var s = Matrix<double>.Build.Dense(n, n, (i, j) => Math.Sqrt(pi[i]) * k[i, j] / Math.Sqrt(pi[j]));
        var symmetric = (s + s.Transpose()) / 2;
        var eigen = symmetric.Evd(Symmetricity.Symmetric).EigenValues.Select(z => z.Real).OrderByDescending(v => v).ToArray();
        double lambda = Math.Max(Math.Abs(eigen[1]), Math.Abs(eigen[^1]));
        if (lambda > 0.995) return;

        double piMin = pi.Min();
        int burnIn = (int)Math.Ceiling(Math.Log(1e-4 * Math.Sqrt(piMin)) / Math.Log(Math.Max(lambda, 1e-3)));
        const int samples = 20_000;
        var chain = Infer.Mh(ProgramCompiler.Compile(program), new MhOptions { Samples = samples, BurnIn = Math.Max(burnIn, 10), Seed = 99 });
        double tau = (1 + lambda) / (1 - lambda);
        foreach (var group in states.Select((e, i) => (e.ReturnValue, i)).GroupBy(x => x.ReturnValue))
        {
            double p = group.Sum(x => pi[x.i]);
            double pHat = chain.Values.Count(v => v == group.Key) / (double)samples;
            double tolerance = 5 * Math.Sqrt(tau * Math.Max(0, p * (1 - p)) / samples) + 1e-4; // p may round just above 1
            Assert.True(Math.Abs(pHat - p) <= tolerance, $"P(return = {group.Key}): exact {p}, MH {pHat} ± {tolerance} (λ* = {lambda})\n{program}");
        }
    }
}
