using FsCheck.Xunit;
using Probabilistic.PropertyTests.Generators;
using Probabilistic.PropertyTests.Programs;
using Xunit.Sdk;

namespace Probabilistic.PropertyTests.Core;

/// <summary>
/// Metropolis–Hastings with Regenerate (the prior as proposal on a random selection S) is reversible
/// with respect to the posterior, checked exactly on the whole transition matrix.
/// </summary>
/// <remarks>
/// Why the matrix is built from the library's own weights, and how: the weight w(t → t') of a move is a
/// deterministic function of (t, t', S); Regenerate's randomness only decides which t' comes out, and
/// no other operation of the interface returns that same number for a chosen t' (Update's weight is a
/// different quantity). So from each execution t the test runs Regenerate with successive seeds until
/// every t' that q(· | t) can propose (the reference evaluator lists them, with q(t' | t)) has come out,
/// each move being checked by <see cref="RegenerateMoves"/>. After ⌈40 / q_min⌉ draws a proposal not yet
/// seen would have had probability at most e^−40 of being missed, so a missing one is reported as an
/// error (Regenerate cannot reach it). Then K(t → t') = q(t' | t) · min(1, exp w(t → t')) for t' ≠ t with
/// the library's w and the test's q, K(t → t) takes the rest of the mass (rejections and proposals of t
/// itself), and the test checks π(t) K(t → t') = π(t') K(t' → t) and π K = π to 1e-9, π being the
/// reference posterior. Programs expected to need more than <see cref="MaxExpectedDraws"/> draws in all
/// are skipped (about one in ten; ProgramGeneratorFacts checks that at least 75% are not, and the
/// test of Regenerate's weights covers the others).
/// </remarks>
public class DetailedBalanceProperties
{
    private const double CoverageLogOdds = 40;
    public const double MaxExpectedDraws = 4000;

    [Property(MaxTest = 1000, Arbitrary = new[] { typeof(ProgramArbitrary) })]
    public void MetropolisHastingsWithRegenerateSatisfiesDetailedBalance(ProgramSpec program)
    {
        var chain = Build(program);
        if (chain is null) return;
        var (states, pi, k) = chain.Value;
        int n = states.Count;
        // Detailed balance π(t)K(t→t') = π(t')K(t'→t), compared relatively (no floor: a violation between two
        // improbable states counts as much as one between likely states). π and K are products of a few dozen
        // exponentials of sums of logs, each within ~1e-14 relative, so 1e-10 relative is far above rounding.
        // (Stationarity πK = π then follows, since each row of K sums to 1 by construction; instead the
        // rejection mass on the diagonal is checked to be a probability.)
        for (int i = 0; i < n; i++)
        {
            if (k[i, i] < -1e-12) throw new XunitException($"Rejection probability at {states[i].Key} is negative: {k[i, i]:R}.");
            for (int j = 0; j < n; j++)
            {
                double forward = pi[i] * k[i, j], backward = pi[j] * k[j, i];
                if (Math.Abs(forward - backward) > 1e-10 * Math.Max(forward, backward))
                    throw new XunitException($"Detailed balance fails between {states[i].Key} and {states[j].Key}: π K = {forward:R}, reverse {backward:R}.");
            }
        }
    }

    /// <summary>The states (executions of positive probability), the posterior and the MH matrix; null when skipped.</summary>
    public static (List<Execution> States, double[] Pi, double[,] K)? Build(ProgramSpec program)
    {
        var model = ProgramCompiler.Compile(program);
        var executions = ReferenceEvaluator.Enumerate(program);
        var states = executions.Where(e => e.LogJoint > double.NegativeInfinity).ToList();
        if (states.Count == 0) return null;
        var selection = SelectionSpec.Random(executions, new Rng(program.Seed, 2));
        var moves = states.Select((t, i) => new RegenerateMoves(program, model, t, selection, (ulong)i << 32)).ToList();
        // Σ_t Σ_t' 1/q(t' | t) bounds the expected number of draws to see every proposal (coupon collector).
        if (moves.Sum(m => m.Proposals.Values.Sum(p => Math.Exp(-p.LogProposal))) > MaxExpectedDraws) return null;
        var caps = moves.Select(m => (long)Math.Ceiling(CoverageLogOdds / Math.Exp(m.Proposals.Values.Min(p => p.LogProposal)))).ToList();

        int n = states.Count;
        var index = states.Select((s, i) => (s.Key, i)).ToDictionary(x => x.Key, x => x.i);
        double max = states.Max(s => s.LogJoint);
        var pi = states.Select(s => Math.Exp(s.LogJoint - max)).ToArray();
        double total = pi.Sum();
        for (int i = 0; i < n; i++) pi[i] /= total;

        var k = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            var m = moves[i];
            for (long d = 0; d < caps[i] && m.Weights.Count < m.Proposals.Count; d++) m.Draw();
            var missing = m.Proposals.Keys.Where(key => !m.Weights.ContainsKey(key)).ToList();
            if (missing.Count > 0)
                throw new XunitException($"Regenerate from {states[i].Key} with selection {selection} never proposed {missing[0]} in {caps[i]} draws, though q gives it probability {Math.Exp(m.Proposals[missing[0]].LogProposal):R}.");
            Tolerance.AssertClose(1.0, m.Proposals.Values.Sum(p => Math.Exp(p.LogProposal)), "Σ q(t' | t) (the test's own proposal)");
            double stay = 1;
            foreach (var (key, w) in m.Weights)
            {
                if (!index.TryGetValue(key, out int j) || j == i) continue;
                k[i, j] = Math.Exp(m.Proposals[key].LogProposal) * Math.Min(1.0, Math.Exp(w));
                stay -= k[i, j];
            }
            k[i, i] = stay;
        }
        return (states, pi, k);
    }
}
