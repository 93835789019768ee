using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Probabilistic.Distributions;
using static Probabilistic.PropertyTests.Distributions.Discrete.FiniteDifference;

namespace Probabilistic.PropertyTests.Distributions.Discrete;

/// <summary>
/// For random valid parameters and values, the tape gradient of each discrete log mass with respect
/// to its real parameters equals finite differences (see <see cref="FiniteDifference"/>).
/// </summary>
public sealed class DiscreteGradientProperties
{
    /// <summary>A probability in [lo, hi] on a grid of 1e−4.</summary>
    private static Gen<double> Probability(double lo = 0.001, double hi = 0.999) =>
        Gen.Choose((int)(lo * 10_000), (int)(hi * 10_000)).Select(i => i / 10_000.0);

    /// <summary>A positive real spread over several orders of magnitude: 10^u for u uniform on a grid in [lo, hi].</summary>
    private static Gen<double> Positive(double lo, double hi) =>
        Gen.Choose(0, 10_000).Select(i => Math.Pow(10, lo + (hi - lo) * i / 10_000.0));

    private static Property Agrees(Func<Real[], Real> f, double[] x, Func<int, double> step)
    {
        bool ok = GradientAgrees(f, x, step, out var report);
        return ok.Label(report);
    }

    [Property(MaxTest = 200)]
    public Property Binomial_gradient_in_p() =>
        Prop.ForAll(
            (from n in Gen.Choose(0, 300) from k in Gen.Choose(0, n) from p in Probability() select (n, k, p)).ToArbitrary(),
            t => Agrees(x => new Binomial(t.n, x[0]).LogProb(t.k), [t.p], _ => Step(t.p, 0, 1)));

    [Property(MaxTest = 200)]
    public Property Poisson_gradient_in_lambda() =>
        Prop.ForAll(
            (from lambda in Positive(-2, 4) from k in Gen.Choose(0, 2000) select (lambda, k)).ToArbitrary(),
            t => Agrees(x => new Poisson(x[0]).LogProb(t.k), [t.lambda], _ => Step(t.lambda, 0)));

    [Property(MaxTest = 200)]
    public Property Geometric_gradient_in_p() =>
        Prop.ForAll(
            (from p in Probability() from k in Gen.Choose(0, 500) select (p, k)).ToArbitrary(),
            t => Agrees(x => new Geometric(x[0]).LogProb(t.k), [t.p], _ => Step(t.p, 0, 1)));

    [Property(MaxTest = 200)]
    public Property NegativeBinomial_gradient_in_r_and_p() =>
        Prop.ForAll(
            (from r in Positive(-1.5, 3) from p in Probability() from k in Gen.Choose(0, 400) select (r, p, k)).ToArbitrary(),
            t => Agrees(x => new NegativeBinomial(x[0], x[1]).LogProb(t.k), [t.r, t.p], i => i == 0 ? Step(t.r, 0) : Step(t.p, 0, 1)));

    [Property(MaxTest = 200)]
    public Property NegativeBinomial2_gradient_in_mu_and_phi() =>
        Prop.ForAll(
            (from mu in Positive(-2, 3) from phi in Positive(-2, 6) from k in Gen.Choose(0, 400) select (mu, phi, k)).ToArbitrary(),
            t => Agrees(x => new NegativeBinomial2(x[0], x[1]).LogProb(t.k), [t.mu, t.phi], i => Step(i == 0 ? t.mu : t.phi, 0)));

    [Property(MaxTest = 100)]
    public Property Bernoulli_gradient_in_p_and_logit() =>
        Prop.ForAll(
            (from p in Probability() from alpha in Gen.Choose(-20_000, 20_000).Select(i => i / 1000.0) from b in Gen.Elements(false, true) select (p, alpha, b)).ToArbitrary(),
            t => Agrees(x => new Bernoulli(x[0]).LogProb(t.b), [t.p], _ => Step(t.p, 0, 1))
                 .And(Agrees(x => Bernoulli.FromLogit(x[0]).LogProb(t.b), [t.alpha], _ => Step(t.alpha))));

    /// <summary>
    /// Categorical probabilities must sum to 1, so the differences are taken in K − 1 free coordinates
    /// with the last probability 1 − Σ of the others (on the tape, so the chain rule is tested too).
    /// </summary>
    [Property(MaxTest = 100)]
    public Property Categorical_gradient_in_probs_and_logits() =>
        Prop.ForAll(
            (from k in Gen.Choose(2, 6)
             from weights in Gen.ArrayOf(Gen.Choose(1, 1000), k)
             from logits in Gen.ArrayOf(Gen.Choose(-5000, 5000).Select(i => i / 1000.0), k)
             from value in Gen.Choose(0, k - 1)
             select (weights, logits, value)).ToArbitrary(),
            t =>
            {
                double total = t.weights.Sum();
                var free = t.weights.Take(t.weights.Length - 1).Select(w => w / total).ToArray();
                double last = 1 - free.Sum();
                Real F(Real[] x)
                {
                    var probs = new Real[x.Length + 1];
                    Real rest = 1.0;
                    for (int i = 0; i < x.Length; i++)
                    {
                        probs[i] = x[i];
                        rest -= x[i];
                    }
                    probs[^1] = rest;
                    return new Categorical(probs).LogProb(t.value);
                }
                return Agrees(F, free, i => 1e-3 * Math.Min(free[i], last))
                    .And(Agrees(x => Categorical.FromLogits(x).LogProb(t.value), t.logits, i => Step(t.logits[i])));
            });
}
