using Probabilistic.Examples.Gallery;
using Probabilistic.Inference;
using Probabilistic.Inference.Traced;
using Probabilistic.Tests.Data;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Traced;

/// <summary>MH chains of trace kernels (<c>Inference/Traced</c>) on discrete models with exact answers.</summary>
public class KernelTests
{
    private static readonly double BurglaryExact =
        RepositoryData.Json("burglary.json").GetProperty("reference").GetProperty("P_burglary_given_evidence").GetDouble();

    // A 4-step binary HMM with noisy observations: small enough to enumerate, sequential enough for SMC.
    private static readonly bool[] Observed = [true, true, false, true];

    private static Model<bool> Hmm() =>
        from last in Fold("z", Observed.Length, false, (prev, t) =>
            from z in Sample("z", Bernoulli(t == 0 ? 0.5 : prev ? 0.8 : 0.3))
            from _ in Observe(Bernoulli(z ? 0.9 : 0.2), Observed[t])
            select z)
        select last;

    [Fact]
    public void MhOnBurglaryAndHmm()
    {
        // MCMC error: 5·√(p(1 − p)·τ/n) with τ the integrated autocorrelation time; we bound τ ≤ 50 for
        // single-site MH on these small models (the chains mix within a few dozen steps), so the tolerance is
        // 5·√(50·p(1 − p)/n).
        var exact = Infer.Enumerate(Hmm());
        var chain = Infer.Mh(Hmm(), new MhOptions { Samples = 100_000, BurnIn = 1000, Seed = 11 });
        double q = exact.Probability(true);
        double tol = 5 * Math.Sqrt(50 * q * (1 - q) / 100_000);
        Assert.InRange(chain.Expectation(z => z ? 1 : 0), q - tol, q + tol);
        Assert.InRange(chain.AcceptanceRate, 0.05, 1.0);

        // Burglary with a Regenerate kernel cycling over the three latent variables.
        var kernel = Kernels.Cycle(Kernels.Regenerate<(bool, bool, bool)>(Selection.Of("burglary")),
                                   Kernels.Regenerate<(bool, bool, bool)>(Selection.Of("earthquake")),
                                   Kernels.Regenerate<(bool, bool, bool)>(Selection.Of("alarm")));
        var b = Infer.Mh(Burglary.Model().Select(x => (x.Burglary, x.Earthquake, x.Alarm)), new MhOptions { Samples = 200_000, BurnIn = 1000, Seed = 2 }, kernel);
        // Burglary (p ≈ 0.28) mixes slowly under prior proposals (P(propose burglary) = 0.001); τ ≤ 2000 here,
        // so 5·√(2000·p(1 − p)/n) ≈ 0.1 — a loose but honest bound for this kernel.
        double pb = b.Expectation(x => x.Item1 ? 1 : 0);
        double tolB = 5 * Math.Sqrt(2000 * BurglaryExact * (1 - BurglaryExact) / 200_000);
        Assert.InRange(pb, BurglaryExact - tolB, BurglaryExact + tolB);
    }

    [Fact]
    public void CustomProposalMh()
    {
        // Propose flipping the first state deterministically-ish: a proposal that picks z/0's new value with
        // probability 0.7 of flipping. MH with it must still target the exact posterior.
        var model = Hmm();
        var first = Address.Of("z", 0, "z");
        var kernel = Kernels.Cycle(
            Kernels.WithProposal<bool, bool>(t => Sample(first, Bernoulli(t.Get<bool>(first) ? 0.3 : 0.7))),
            Kernels.SingleSite<bool>());
        var chain = Infer.Mh(model, new MhOptions { Samples = 50_000, BurnIn = 500, Seed = 4 }, kernel);
        double q = Infer.Enumerate(model).Probability(true);
        double tol = 5 * Math.Sqrt(50 * q * (1 - q) / 50_000);
        Assert.InRange(chain.Expectation(z => z ? 1 : 0), q - tol, q + tol);
    }
}
