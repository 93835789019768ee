using Probabilistic.Distributions;
using Probabilistic.Inference;
using Probabilistic.Inference.Variational;
using Probabilistic.Numerics;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Variational;

/// <summary>The Rényi, VIMCO and reweighted wake-sleep objectives against exact values and gradients.</summary>
public class ObjectiveTests
{
    private static readonly double LogEvidence = -0.5 * Math.Log(2 * Math.PI * 2) - 1.0 / 4; // log N(1; 0, √2)

    // z ~ N(0, 1), x ~ N(z, 1) at x = 1.
    private static readonly Model<Real> Conjugate =
        from z in Sample("z", Normal(0, 1))
        from _ in Observe(Normal(z, 1), (Real)1.0)
        select z;

    private static double[] History(Objective objective, int steps, ulong seed) =>
        Infer.Svi(Conjugate, Guide.FromModel(from z in Sample("z", Normal(0.0, 1.5)) select z),
            options: new SviOptions { Steps = steps, Seed = seed, Objective = objective, Optimizer = () => new Sgd(learningRate: 1e-300) }).History.ToArray();

    /// <summary>
    /// At a fixed guide N(0, 1.5), with the same seed every objective sees the same K draws per step. Each VR_α
    /// estimate is the log of the power mean of order 1 − α of the K weights, non-increasing in α sample by sample
    /// (the power-mean inequality), hence so is its expectation: checked per estimate to rounding (1e-12 relative).
    /// α = 0 is the IWELBO(K) estimate itself (to rounding). As α → 1 the power mean tends to the geometric mean, so
    /// VR_α → (1/K) Σ log wₖ, the ELBO with K particles; the gap is (1 − α)/2 · Var_k(log w) + O((1 − α)²) (the
    /// cumulant expansion of log mean exp; Var_k the sample variance over the K draws). Here log w = c − 0.778 z² + z with
    /// z = 1.5u, u ~ N(0, 1), whose variance is 2·1.75² + 1.5² = 8.4, so E[Var_k] = 8.4·(K − 1)/K = 6.7 and at
    /// α = 0.9999 the mean gap is ≈ 0.00034: asserted ≤ 0.001 (0.999 would give 0.0034), and VR_0.9999 ≥ ELBO per
    /// estimate. For α &lt; 1 the mean is a lower bound on log p(x): E[VR_0.5] is below it, up to 4.5 SE.
    /// </summary>
    [Fact]
    public void RenyiBoundsAreMonotoneInAlphaBetweenIwelboAndElbo()
    {
        const int k = 5, steps = 3000;
        double[] alphas = [-1, 0, 0.5, 0.9, 0.9999, 2];
        var vr = alphas.Select(a => History(new Renyi(a, k), steps, 11)).ToArray();
        var iwelbo = History(new Iwelbo(k), steps, 11);
        var elbo = History(new Elbo(Particles: k), steps, 11);
        for (int i = 0; i < steps; i++)
        {
            for (int j = 1; j < alphas.Length; j++)
                Assert.True(vr[j][i] <= vr[j - 1][i] + 1e-12 * (1 + Math.Abs(vr[j - 1][i])), $"step {i}: VR({alphas[j]}) = {vr[j][i]} > VR({alphas[j - 1]}) = {vr[j - 1][i]}");
            Assert.Equal(iwelbo[i], vr[1][i], 1e-10);
            Assert.True(vr[4][i] >= elbo[i] - 1e-10, $"step {i}: VR(0.9999) = {vr[4][i]} < ELBO {elbo[i]}");
        }
        Assert.True(vr[4].Average() - elbo.Average() <= 0.001, $"VR(0.9999) {vr[4].Average()}, ELBO {elbo.Average()}");
        var half = vr[2];
        double mean = half.Average(), se = Math.Sqrt(half.Sum(v => (v - mean) * (v - mean)) / (steps - 1) / steps);
        Assert.True(mean <= LogEvidence + 4.5 * se, $"VR(0.5) {mean} ± {se} above log p(x) {LogEvidence}");
        Assert.True(elbo.Average() < mean, $"ELBO {elbo.Average()} not below VR(0.5) {mean}");
    }

    /// <summary>
    /// Fitting with VR(α = 0.5, K = 5) reaches the exact posterior N(½, √½) of the conjugate model: there every weight
    /// equals p(x), so every estimate equals log p(x), the bound's maximum for α &lt; 1. With the schedule of
    /// SviTests, seeds 1–6 of this fit give final errors with root-mean-square 0.018 in m and 0.012 in s (five
    /// effective samples per step are noisier than ten ELBO particles); the tolerance is 4.5 of the larger, 0.085,
    /// against initial errors 0.5 and 0.29.
    /// </summary>
    [Fact]
    public void RenyiReachesTheExactPosterior()
    {
        var guide = Guide.FromModel(from m in Param("m", 0.0) from s in Param("s", 1.0, Support.Positive) from z in Sample("z", Normal(m, s)) select z);
        var fit = Infer.Svi(Conjugate, guide, options: new SviOptions
        {
            Steps = 3000,
            Seed = 1,
            Objective = new Renyi(0.5, 5),
            Optimizer = () => new Adam(learningRate: 0.05, schedule: new ExponentialDecaySchedule(Math.Pow(0.02, 1.0 / 3000))),
        });
        Assert.Equal(0.5, fit.Parameters.Get("m"), 0.085);
        Assert.Equal(Math.Sqrt(0.5), fit.Parameters.Get("s"), 0.085);
    }

    [Fact]
    public void RenyiAtAlphaOneIsAnErrorPointingToTheElbo()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Renyi(1, 5));
        Assert.Contains("Elbo", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Renyi(double.NaN, 5));
    }

    // b ~ Bernoulli(logistic θ), observe N(b ? 1 : −1, 1) at 0.5; guide b ~ Bernoulli(logistic φ).
    private const double Y = 0.5;

    private static double LogLikelihood(bool b) => -0.5 * Math.Log(2 * Math.PI) - 0.5 * Math.Pow(Y - (b ? 1 : -1), 2);

    private static double Logistic(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>
    /// IWELBO(K) exactly, by enumeration: the estimate depends on the K draws only through the number n of trues, which
    /// is Binomial(K, ρ) under the guide, so E = Σₙ C(K, n) ρⁿ (1 − ρ)^(K−n) log((n w₁ + (K − n) w₀)/K).
    /// </summary>
    private static double ExactIwelbo(int k, double priorTrue, double guideTrue)
    {
        double w1 = priorTrue * Math.Exp(LogLikelihood(true)) / guideTrue;
        double w0 = (1 - priorTrue) * Math.Exp(LogLikelihood(false)) / (1 - guideTrue);
        double total = 0, binomial = 1;
        for (int n = 0; n <= k; n++)
        {
            if (n > 0) binomial = binomial * (k - n + 1) / n;
            total += binomial * Math.Pow(guideTrue, n) * Math.Pow(1 - guideTrue, k - n) * Math.Log((n * w1 + (k - n) * w0) / k);
        }
        return total;
    }

    /// <summary>Central difference with h = 1e-5: truncation error h²/6·f‴ ≈ 1e-11 and rounding 1e-16/h ≈ 1e-11.</summary>
    private static double Derivative(Func<double, double> f, double x) => (f(x + 1e-5) - f(x - 1e-5)) / 2e-5;

    private static (double[] Mean, double[] Se, double[][] Samples) Estimates(Objective objective, Model<bool> model, Guide guide, int n, ulong seed)
    {
        var store = new ParameterStore();
        var rng = new Rng(seed);
        var tape = new Tape();
        var context = new TapeObjectiveContext(d => ModelScorer.LogJoint(model, ChoiceMap.Empty, d, store, objective.Name), guide, store, rng, []);
        SviStep.Gradient(objective, context, store, tape, 0); // creates the parameters
        var samples = new double[n][];
        for (int i = 0; i < n; i++) samples[i] = SviStep.Gradient(objective, context, store, tape, i).Gradient;
        int d = store.Dimension;
        var mean = new double[d];
        var se = new double[d];
        for (int j = 0; j < d; j++)
        {
            mean[j] = samples.Average(g => g[j]);
            se[j] = Math.Sqrt(samples.Sum(g => (g[j] - mean[j]) * (g[j] - mean[j])) / (n - 1) / n);
        }
        return (mean, se, samples);
    }

    /// <summary>
    /// VIMCO's gradient (REINFORCE on the Bernoulli with leave-one-out rewards, no running baseline) is unbiased for the
    /// exact ∂ IWELBO(K)/∂φ (enumeration, differentiated numerically to 1e-10): the mean of 20,000 estimates is within
    /// 4.5 standard errors (a normal mean misses by that much with probability 7e-6); the SE is also required to be
    /// below a tenth of the gradient, so the check has power. Its variance is also below that of IWELBO's estimator
    /// with the whole estimate as the reward and a running baseline.
    /// </summary>
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(6)]
    public void VimcoGradientIsUnbiasedForIwelbo(int k)
    {
        const double phi0 = -1.5; // far from the optimum logit p(b | x) ≈ 0.15, so the gradient is well away from zero
        var model = from b in Sample("b", Bernoulli(0.3)) from _ in Observe(Normal(b ? 1.0 : -1.0, 1), (Real)Y) select b;
        Guide NewGuide() => Guide.FromModel(from phi in Param("phi", phi0) from b in Sample("b", Bernoulli(RealMath.Logistic(phi))) select b);
        double exact = Derivative(phi => ExactIwelbo(k, 0.3, Logistic(phi)), phi0);
        const int n = 20000;
        var (mean, se, _) = Estimates(new Vimco(k), model, NewGuide(), n, 21);
        Assert.True(Math.Abs(mean[0] - exact) <= 4.5 * se[0], $"VIMCO({k}): mean {mean[0]}, exact {exact}, SE {se[0]}");
        Assert.True(se[0] < 0.1 * Math.Abs(exact), $"VIMCO({k}): SE {se[0]} too large against {exact} for the test to have power");
        var (_, seIw, _) = Estimates(new Iwelbo(k), model, NewGuide(), n, 21);
        Assert.True(se[0] < seIw[0], $"VIMCO({k}) SE {se[0]} not below IWELBO's {seIw[0]}");
    }

    /// <summary>
    /// IWELBO(K)'s own REINFORCE gradient (the whole estimate as every draw's reward, with the running baseline) is
    /// unbiased for the exact ∂ IWELBO(K)/∂φ: the K draws share one reward, so a baseline updated with it by one draw's
    /// term and read by the next would scale the later terms by 0.9, 0.81, … (a biased, shrunk gradient); the baselines
    /// are therefore read as they were before the estimate. Mean of 20,000 estimates within 4.5 SE (normal miss
    /// probability 7e-6), with the SE below a tenth of the gradient for power.
    /// </summary>
    [Theory]
    [InlineData(2)]
    [InlineData(6)]
    public void IwelboReinforceGradientIsUnbiased(int k)
    {
        const double phi0 = -1.5;
        var model = from b in Sample("b", Bernoulli(0.3)) from _ in Observe(Normal(b ? 1.0 : -1.0, 1), (Real)Y) select b;
        var guide = Guide.FromModel(from phi in Param("phi", phi0) from b in Sample("b", Bernoulli(RealMath.Logistic(phi))) select b);
        double exact = Derivative(phi => ExactIwelbo(k, 0.3, Logistic(phi)), phi0);
        var (mean, se, _) = Estimates(new Iwelbo(k), model, guide, 20000, 22);
        Assert.True(Math.Abs(mean[0] - exact) <= 4.5 * se[0], $"IWELBO({k}): mean {mean[0]}, exact {exact}, SE {se[0]}");
        Assert.True(se[0] < 0.1 * Math.Abs(exact), $"IWELBO({k}): SE {se[0]} too large against {exact}");
    }

    /// <summary>
    /// Fitting the Bernoulli guide with VIMCO(5) by REINFORCE reaches the exact posterior p(b | x):
    /// logit = log(0.3/0.7) + log N(0.5; 1, 1) − log N(0.5; −1, 1) = log(3/7) + 1 ≈ 0.153, where every weight equals
    /// p(x) and the objective is at its maximum. The objective is flat there and the score-function noise large, so Adam's
    /// final fluctuation is wide: seeds 1–6 of this fit give final errors with root-mean-square 0.09 (and 0.22 with
    /// K = 20: the guide's gradient signal-to-noise falls with K, Rainforth et al. 2018, "Tighter variational bounds
    /// are not necessarily better"). The tolerance is 4.5 of them, 0.4, against the initial error 1.65.
    /// </summary>
    [Fact]
    public void VimcoReachesTheExactPosterior()
    {
        var model = from b in Sample("b", Bernoulli(0.3)) from _ in Observe(Normal(b ? 1.0 : -1.0, 1), (Real)Y) select b;
        var guide = Guide.FromModel(from phi in Param("phi", -1.5) from b in Sample("b", Bernoulli(RealMath.Logistic(phi))) select b);
        var fit = Infer.Svi(model, guide, options: new SviOptions
        {
            Steps = 3000,
            Seed = 1,
            Objective = new Vimco(5),
            Optimizer = () => new Adam(learningRate: 0.05, schedule: new ExponentialDecaySchedule(Math.Pow(0.02, 1.0 / 3000))),
        });
        double exact = Math.Log(3.0 / 7) + 1;
        Assert.Equal(exact, fit.Parameters.Get("phi"), 0.4);
    }

    [Fact]
    public void VimcoNeedsTwoSamples()
    {
        var guide = Guide.FromModel(from b in Sample("b", Bernoulli(0.5)) select b);
        var model = from b in Sample("b", Bernoulli(0.3)) select b;
        Assert.Throws<ArgumentOutOfRangeException>(() => Infer.Svi(model, guide, options: new SviOptions { Steps = 1, Objective = new Vimco(1) }));
    }

    /// <summary>
    /// WakeP's gradient with respect to the model's parameter θ (in b ~ Bernoulli(logistic θ)) is unbiased for the exact
    /// ∂ IWELBO(K)/∂θ at a fixed guide (enumeration, numerically differentiated); the guide's parameter gets exactly
    /// zero. 4.5 standard errors of 20,000 estimates, with the SE required below a tenth of the gradient.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void WakePGradientIsUnbiasedForTheModelParameter(int k)
    {
        const double theta0 = 0.4, phi0 = -0.3;
        var model = from theta in Param("theta", theta0)
                    from b in Sample("b", Bernoulli(RealMath.Logistic(theta)))
                    from _ in Observe(Normal(b ? 1.0 : -1.0, 1), (Real)Y)
                    select b;
        var guide = Guide.FromModel(from phi in Param("phi", phi0) from b in Sample("b", Bernoulli(RealMath.Logistic(phi))) select b);
        double exact = Derivative(theta => ExactIwelbo(k, Logistic(theta), Logistic(phi0)), theta0);
        const int n = 20000;
        var (mean, se, samples) = Estimates(new WakeP(k), model, guide, n, 23);
        // The guide runs first, so φ is parameter 0 and θ parameter 1.
        Assert.All(samples, g => Assert.Equal(0.0, g[0]));
        Assert.True(Math.Abs(mean[1] - exact) <= 4.5 * se[1], $"WakeP({k}): mean {mean[1]}, exact {exact}, SE {se[1]}");
        Assert.True(se[1] < 0.1 * Math.Abs(exact), $"WakeP({k}): SE {se[1]} too large against {exact}");
    }

    /// <summary>
    /// With a reparameterized guide the draws depend on the guide's parameters; WakeP detaches them, so the guide's
    /// gradient is exactly zero and the model's is ∂/∂θ E_q[log N(z; θ, 1)] = m − θ for K = 1 (z ~ N(m, s)), within 4.5
    /// standard errors of 10,000 estimates.
    /// </summary>
    [Fact]
    public void WakePDetachesReparameterizedDraws()
    {
        const double theta0 = -0.2, m0 = 0.6;
        var model = from theta in Param("theta", theta0)
                    from z in Sample("z", Normal(theta, 1))
                    from _ in Observe(Normal(z, 1), (Real)1.0)
                    select z;
        var guide = Guide.FromModel(from m in Param("m", m0) from s in Param("s", 0.8, Support.Positive) from z in Sample("z", Normal(m, s)) select z);
        var store = new ParameterStore();
        var context = new TapeObjectiveContext(d => ModelScorer.LogJoint(model, ChoiceMap.Empty, d, store, "WakeP"), guide, store, new Rng(5), []);
        var tape = new Tape();
        var objective = new WakeP(1);
        SviStep.Gradient(objective, context, store, tape, 0);
        const int n = 10000;
        double sum = 0, squares = 0;
        for (int i = 0; i < n; i++)
        {
            var g = SviStep.Gradient(objective, context, store, tape, i).Gradient;
            Assert.Equal(0.0, g[0]);
            Assert.Equal(0.0, g[1]);
            sum += g[2];
            squares += g[2] * g[2];
        }
        double mean = sum / n, se = Math.Sqrt((squares / n - mean * mean) / n);
        Assert.True(Math.Abs(mean - (m0 - theta0)) <= 4.5 * se, $"WakeP: mean {mean}, exact {m0 - theta0}, SE {se}");
    }

    /// <summary>
    /// z ~ N(θ, 1), x ~ N(z, 1) at x = 1 with the model parameter θ = 0.4: the posterior N((θ + 1)/2, √½) = N(0.7, √½)
    /// is in the guide's family, where all importance weights are equal and WakeQ's expected gradient is exactly zero.
    /// Near it the expected gradient in m is ≈ (0.7 − m)/s² = 2(0.7 − m) (−∇ KL(p ‖ q)), and Adam's steps leave an
    /// Ornstein–Uhlenbeck fluctuation around it (SviTests). The SviTests estimate for ten ELBO particles (sd ≈ 0.006)
    /// is too optimistic here: the self-normalized weights add noise, and seeds 3–9 of this very fit give final errors
    /// with root-mean-square 0.014 in m and 0.009 in s. The tolerance is 4.5 of the larger, 0.065 — still a tenth of
    /// the initial error in m (0.7). WakeQ gives the model's parameter no gradient: θ stays exactly 0.4.
    /// </summary>
    [Fact]
    public void WakeQReachesTheExactPosteriorOfAConjugateModel()
    {
        var model = from theta in Param("theta", 0.4)
                    from z in Sample("z", Normal(theta, 1))
                    from _ in Observe(Normal(z, 1), (Real)1.0)
                    select z;
        var guide = Guide.FromModel(from m in Param("m", 0.0) from s in Param("s", 1.0, Support.Positive) from z in Sample("z", Normal(m, s)) select z);
        var fit = Infer.Svi(model, guide, options: new SviOptions
        {
            Steps = 3000,
            Seed = 3,
            Objective = new WakeQ(10),
            Optimizer = () => new Adam(learningRate: 0.05, schedule: new ExponentialDecaySchedule(Math.Pow(0.02, 1.0 / 3000))),
        });
        Assert.Equal(0.4, fit.Parameters.Get("theta"));
        Assert.Equal(0.7, fit.Parameters.Get("m"), 0.065);
        Assert.Equal(Math.Sqrt(0.5), fit.Parameters.Get("s"), 0.065);
    }

    /// <summary>
    /// Reweighted wake-sleep learns the model's parameter and the guide together. z ~ N(θ, 1), x ~ N(z, 1) at x = 1: the
    /// marginal likelihood N(1; θ, √2) is maximal at θ = 1, where the posterior is N(1, √½). That pair is an exact fixed
    /// point for every K: the guide equals the posterior, so the weights are equal, WakeQ's expected gradient is zero and
    /// WakeP's is E_q[z − θ] = 0. From θ = 0, m = 0, s = 1 with K = 10 each ends within 0.1 of it. θ's gradient E[z] − θ
    /// has the drift (1 − θ)/2, a quarter of m's, so its Ornstein–Uhlenbeck sd is about twice m's alone (sd ∝ 1/√drift;
    /// 0.014 in WakeQReachesTheExactPosteriorOfAConjugateModel), and m follows θ: seeds 5–10 of this fit give final
    /// errors with root-mean-square 0.020 in θ and m, 0.008 in s, so 0.1 is five of the largest. The initial errors are
    /// 1, 1 and 0.29.
    /// </summary>
    [Fact]
    public void ReweightedWakeSleepLearnsTheModelAndThePosterior()
    {
        var model = from theta in Param("theta", 0.0)
                    from z in Sample("z", Normal(theta, 1))
                    from _ in Observe(Normal(z, 1), (Real)1.0)
                    select z;
        var guide = Guide.FromModel(from m in Param("m", 0.0) from s in Param("s", 1.0, Support.Positive) from z in Sample("z", Normal(m, s)) select z);
        var fit = Infer.Svi(model, guide, options: new SviOptions
        {
            Steps = 4000,
            Seed = 5,
            Objective = new ReweightedWakeSleep(10),
            Optimizer = () => new Adam(learningRate: 0.05, schedule: new ExponentialDecaySchedule(Math.Pow(0.02, 1.0 / 4000))),
        });
        Assert.Equal(1.0, fit.Parameters.Get("theta"), 0.1);
        Assert.Equal(1.0, fit.Parameters.Get("m"), 0.1);
        Assert.Equal(Math.Sqrt(0.5), fit.Parameters.Get("s"), 0.1);
    }

    [Fact]
    public void WakeQWithAnAutoguideThatCannotScoreValuesIsAClearError()
    {
        var e = Assert.Throws<ModelException>(() => Infer.Svi(Conjugate, AutoDelta.Create(Conjugate), options: new SviOptions { Steps = 1, Objective = new WakeQ(5) }));
        Assert.Contains("point mass", e.Message);
    }

    /// <summary>
    /// LogQAt re-evaluates the guide's density at a draw's values: equal (to rounding) to the log q the draw carried,
    /// for a guide written as a model, AutoNormal and AutoMultivariateNormal (at random parameters, so the Cholesky factor
    /// is full), on a positive and a simplex (vector) choice, and for AutoLaplace on a positive choice.
    /// </summary>
    [Fact]
    public void LogQAtADrawEqualsItsLogQ()
    {
        var model = from sigma in Sample("sigma", HalfNormal(1))
                    from p in Sample("p", Dirichlet(1.0, 1.0, 1.0))
                    from _ in Observe(Normal(p[0], sigma), (Real)0.3)
                    select sigma;
        Guide[] guides =
        [
            AutoNormal.Create(model, initialScale: 0.7),
            AutoMultivariateNormal.Create(model),
            Guide.FromModel(from m in Param("m", 0.2) from s in Param("s", 0.5, Support.Positive)
                            from sigma in Sample("sigma", LogNormal(m, s))
                            from p in Sample("p", Dirichlet(s, s, 2 * s))
                            select sigma),
        ];
        var positive = from sigma in Sample("sigma", Gamma(3, 2)) from _ in Observe(Normal(0, sigma), (Real)0.3) select sigma;
        var laplace = AutoLaplace.Fit(positive);
        foreach (var guide in guides.Append(laplace))
        {
            var store = new ParameterStore();
            var target = guide == laplace ? positive : model;
            var context = new TapeObjectiveContext(d => ModelScorer.LogJoint(target, ChoiceMap.Empty, d, store, "test"), guide, store, new Rng(1), []);
            context.Draw(); // creates the parameters
            var rng = new Rng(2);
            store.SetUnconstrained(Array.ConvertAll(store.Unconstrained, _ => 0.3 * rng.NextGaussian()));
            for (int i = 0; i < 20; i++)
            {
                var draw = context.Draw();
                double logq = context.LogQAt(draw.Detached()).Value;
                Assert.True(Math.Abs(logq - draw.LogQ.Value) <= 1e-10 * (1 + Math.Abs(logq)), $"{guide.GetType().Name}: {logq} vs {draw.LogQ.Value}");
            }
        }
    }

    /// <summary>
    /// WakeQ with AutoNormal on z ~ N(0, 1), x ~ N(z, 1) at x = 1: the posterior N(½, √½) is in the family (the identity
    /// bijector), so it is WakeQ's exact fixed point; same schedule and tolerance as the guide written as a model above
    /// (0.065, 4.5 times the measured final-error sd), from loc 0 and scale 0.1 (errors 0.5 and 0.61).
    /// </summary>
    [Fact]
    public void WakeQFitsAnAutoNormalGuide()
    {
        var guide = AutoNormal.Create(Conjugate);
        var fit = Infer.Svi(Conjugate, guide, options: new SviOptions
        {
            Steps = 3000,
            Seed = 3,
            Objective = new WakeQ(10),
            Optimizer = () => new Adam(learningRate: 0.05, schedule: new ExponentialDecaySchedule(Math.Pow(0.02, 1.0 / 3000))),
        });
        Assert.Equal(0.5, fit.Parameters.Get(AutoNormal.LocAddress("z") / 0), 0.065);
        Assert.Equal(Math.Sqrt(0.5), fit.Parameters.Get(AutoNormal.ScaleAddress("z") / 0), 0.065);
    }
}
