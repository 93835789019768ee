using Probabilistic.Inference;
using Probabilistic.Inference.Variational;
using TorchSharp;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Torch.TensorModel;
using static TorchSharp.torch;

namespace Probabilistic.Torch.Tests.Variational;

/// <summary>
/// The scalar backend's objectives on tensors (through <see cref="TensorScalar"/>): unbiased gradients against exact
/// ones, and the same optima as scalar VI.
/// </summary>
public class TensorViTests
{
    private static Tensor S(double v) => tensor(v, dtype: ScalarType.Float64);

    // z ~ N(0, 1), x ~ N(z, 1) at x = 1: posterior N(0.5, 0.5).
    private static readonly Model<Tensor> Conjugate =
        from z in Sample("z", TensorDist.Normal(S(0), S(1)))
        from _ in Observe("x", TensorDist.Normal(z, S(1)), S(1))
        select z;

    private static Model<Tensor> GaussianGuide(double m, double s) =>
        from loc in Param("m", S(m))
        from scale in Param("s", S(s), TensorConstraint.Positive)
        from z in Sample("z", TensorDist.Normal(loc, scale))
        select z;

    /// <summary>Mean and standard error of n gradient estimates of every learnable leaf (in the store's order).</summary>
    private static (double[] Mean, double[] Se) Gradients<TM, TG>(Objective objective, Model<TM> model, Model<TG> guide, int n, ulong seed)
    {
        var store = new TensorParameterStore();
        var context = new TensorObjectiveContext<TM, TG>(model, guide, store, new TensorViOptions { Seed = seed });
        using (no_grad()) context.LogJoint(context.Draw());
        var leaves = store.Parameters().ToList();
        var samples = new double[n][];
        for (int i = 0; i < n; i++)
        {
            using var scope = NewDisposeScope();
            foreach (var p in leaves) p.grad?.zero_();
            var (surrogate, _) = objective.Estimate(context);
            context.EndEstimate();
            surrogate.Tensor!.sum().backward();
            samples[i] = leaves.Select(p => p.grad!.item<double>()).ToArray();
        }
        int d = leaves.Count;
        var mean = new double[d];
        var se = new double[d];
        for (int j = 0; j < d; j++)
        {
            mean[j] = samples.Average(g => g[j]);
            se[j] = Math.Sqrt(samples.Sum(g => (g[j] - mean[j]) * (g[j] - mean[j])) / (n - 1) / n);
        }
        return (mean, se);
    }

    /// <summary>
    /// The reparameterized ELBO gradient for q = N(m, s²) (s = exp u) is exactly d/dm = 1 − 2m and d/du = s·(−2s + 1/s)
    /// (from E_q[log p(x, z)] = −log 2π − ½(m² + s²) − ½((1 − m)² + s²) and the entropy ½ log(2πe s²)). The mean of 4,000
    /// tensor estimates is within 4.5 SE of each (normal miss probability 7e-6 per coordinate).
    /// </summary>
    [Fact]
    public void ReparameterizedElboGradientIsUnbiasedOnTensors()
    {
        const double m = -0.3, s = 0.8;
        var (mean, se) = Gradients(new Elbo(), Conjugate, GaussianGuide(m, s), 4000, 1);
        double[] exact = [1 - 2 * m, s * (-2 * s + 1 / s)];
        for (int j = 0; j < 2; j++)
            Assert.True(Math.Abs(mean[j] - exact[j]) <= 4.5 * se[j] + 1e-12, $"coordinate {j}: mean {mean[j]}, exact {exact[j]}, SE {se[j]}");
    }

    private const double Y = 0.5;

    private static double LogLikelihood(bool b) => -0.5 * Math.Log(2 * Math.PI) - 0.5 * Math.Pow(Y - (b ? 1 : -1), 2);

    /// <summary>b ~ Bernoulli(0.3), x ~ N(±1, 1) at 0.5; a tensor Bernoulli has no rsample, so its gradient is REINFORCE.</summary>
    private static readonly Model<Tensor> Discrete =
        from b in Sample("b", TensorDist.Bernoulli(S(0.3)))
        from _ in Observe("x", TensorDist.Normal(2 * b - 1, S(1)), S(Y))
        select b;

    private static Model<Tensor> BernoulliGuide(double phi) =>
        from logit in Param("phi", S(phi))
        from b in Sample("b", TensorDist.BernoulliLogits(logit))
        select b;

    /// <summary>IWELBO(K) exactly: the estimate depends on the draws through the number n of trues, Binomial(K, ρ).</summary>
    private static double ExactIwelbo(int k, double guideTrue)
    {
        double w1 = 0.3 * Math.Exp(LogLikelihood(true)) / guideTrue, w0 = 0.7 * Math.Exp(LogLikelihood(false)) / (1 - guideTrue);
        double total = 0, binomial = 1;
        for (int n = 0; n <= k; n++)
        {
            if (n > 0) binomial = binomial * (k - n + 1) / n;
            total += binomial * Math.Pow(guideTrue, n) * Math.Pow(1 - guideTrue, k - n) * Math.Log((n * w1 + (k - n) * w0) / k);
        }
        return total;
    }

    /// <summary>
    /// Score-function gradients on tensors: ELBO (IWELBO(1)), IWELBO(3) with its running baseline, and VIMCO(3)'s
    /// leave-one-out rewards, each against the exact derivative of the exact objective (enumeration, central difference
    /// with h = 1e-5: error ≈ 1e-10). Means of 6,000 estimates within 4.5 SE, with SE below a fifth of the gradient (power).
    /// </summary>
    [Theory]
    [InlineData("elbo")]
    [InlineData("iwelbo")]
    [InlineData("vimco")]
    public void ScoreFunctionGradientsAreUnbiasedOnTensors(string which)
    {
        const double phi0 = -1.5;
        (Objective objective, int k) = which switch { "elbo" => ((Objective)new Elbo(), 1), "iwelbo" => (new Iwelbo(3), 3), _ => (new Vimco(3), 3) };
        static double Logistic(double x) => 1 / (1 + Math.Exp(-x));
        double exact = (ExactIwelbo(k, Logistic(phi0 + 1e-5)) - ExactIwelbo(k, Logistic(phi0 - 1e-5))) / 2e-5;
        var (mean, se) = Gradients(objective, Discrete, BernoulliGuide(phi0), 6000, 2);
        Assert.True(Math.Abs(mean[0] - exact) <= 4.5 * se[0], $"{which}: mean {mean[0]}, exact {exact}, SE {se[0]}");
        Assert.True(se[0] < 0.2 * Math.Abs(exact), $"{which}: SE {se[0]} too large against {exact}");
    }

    /// <summary>
    /// The ELBO optimum on tensors is the scalar backend's: the exact posterior N(0.5, √0.5) (in the family). Adam with a
    /// decaying rate from m = −1, s = 2; the final noise of this fit over seeds 1–3 was below 0.02 in m and s: tolerance
    /// 0.06 (about 4.5 times that noise's root-mean-square, 0.013).
    /// </summary>
    [Fact]
    public void TensorElboReachesTheExactPosterior()
    {
        var fit = Infer.TensorSvi(Conjugate, GaussianGuide(-1, 2), new TensorViOptions
        {
            Steps = 2000, Seed = 1, Objective = new Elbo(Particles: 4),
            Optimizer = p => optim.Adam(p, lr: 0.02),
        });
        Assert.Equal(0.5, fit.Parameters["m"].item<double>(), 0.06);
        Assert.Equal(Math.Sqrt(0.5), fit.Parameters["s"].item<double>(), 0.06);
    }

    /// <summary>A user-written objective whose value is the number of its estimate (1, 2, …): which estimates a step averaged.</summary>
    private sealed record NumberedElbo : Objective
    {
        private int _calls;

        public override string Name => "numbered";

        public override (TScalar Surrogate, double Value) Estimate<TScalar>(ObjectiveContext<TScalar> context)
        {
            var (surrogate, _) = context.ElboIntegrand();
            return (surrogate, ++_calls);
        }
    }

    /// <summary>
    /// TensorSvi averages Objective.Particles independent estimates per step, for any objective: with Particles = 3,
    /// step 1 averages estimates 1–3 (value 2) and step 2 estimates 4–6 (value 5).
    /// </summary>
    [Fact]
    public void EveryObjectiveAveragesItsParticlesOnTensors()
    {
        var fit = Infer.TensorSvi(Conjugate, GaussianGuide(0, 1.5), new TensorViOptions { Steps = 2, Seed = 1, Objective = new NumberedElbo { Particles = 3 } });
        Assert.Equal([2.0, 5.0], fit.History);
    }

    /// <summary>A guide that misses a latent of the model, or an observing guide, is an error naming the address.</summary>
    [Fact]
    public void GuideMismatchesAreNamed()
    {
        var twoLatents =
            from z in Sample("z", TensorDist.Normal(S(0), S(1)))
            from w in Sample("w", TensorDist.Normal(S(0), S(1)))
            from _ in Observe("x", TensorDist.Normal(z + w, S(1)), S(1))
            select z;
        var e = Assert.Throws<ModelException>(() => Infer.TensorSvi(twoLatents, GaussianGuide(0, 1), new TensorViOptions { Steps = 1 }));
        Assert.Contains("'w'", e.Message);
        var extra =
            from z in Sample("z", TensorDist.Normal(S(0), S(1)))
            from v in Sample("v", TensorDist.Normal(S(0), S(1)))
            select z;
        Assert.Contains("'v'", Assert.Throws<ModelException>(() => Infer.TensorSvi(Conjugate, extra, new TensorViOptions { Steps = 1 })).Message);
    }

    /// <summary>
    /// Argument checks run on the first step (a bad parameter is named there); later steps skip them unless asked. The
    /// choice travels with each step's runs (TensorRunOptions.ValidateParameters), so nothing outlives the fit: a run
    /// made afterwards with default options checks again.
    /// </summary>
    [Fact]
    public void ArgumentsAreCheckedOnTheFirstStepAndNothingOutlivesTheFit()
    {
        var badGuide =
            from scale in Param("s", S(-1.0))
            from z in Sample("z", TensorDist.Normal(S(0), scale))
            select z;
        var e = Assert.ThrowsAny<Exception>(() => Infer.TensorSvi(Conjugate, badGuide, new TensorViOptions { Steps = 3 }));
        Assert.Contains("scale", e.Message);
        Infer.TensorSvi(Conjugate, GaussianGuide(0, 1), new TensorViOptions { Steps = 3 });
        var bad = Sample("z", TensorDist.Normal(S(0), S(-1.0)));
        Assert.Contains("'scale' must be positive", Assert.Throws<ModelException>(() => TensorRun.Simulate(bad)).Message);
    }

    /// <summary>Every step's temporaries are released: the live-tensor count after 300 more steps is what it was.</summary>
    [Fact]
    public void TrainingKeepsTheLiveTensorCountFlat()
    {
        var store = new TensorParameterStore();
        Infer.TensorSvi(Conjugate, GaussianGuide(0, 1), new TensorViOptions { Steps = 50, Parameters = store });
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Infer.TensorSvi(Conjugate, GaussianGuide(0, 1), new TensorViOptions { Steps = 300, Parameters = store, Objective = new Iwelbo(3) });
        long after = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Assert.True(after - before < 20, $"live tensors grew from {before} to {after} over 300 steps");
    }
}
