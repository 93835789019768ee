using Probabilistic.Distributions;
using Probabilistic.Inference;
using Probabilistic.Inference.Variational;
using Probabilistic.Numerics;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Variational;

/// <summary>
/// Every objective with every estimator that is valid for it (enumeration and measure-valued derivatives through
/// <see cref="ObjectiveContext{TScalar}.BranchTerms"/>, mixed with REINFORCE), against the exact gradient of the objective
/// on small models; the invalid combinations are rejected naming the objective and the estimator.
/// </summary>
/// <remarks>
/// The exact K = 2 objectives are expectations over two independent guide draws: for the discrete model a sum over the
/// 4 × 4 pairs of traces; for the Gaussian model a trapezoid rule on a 321 × 321 grid over μ ± 8σ in each draw, whose
/// error for these analytic, Gaussian-decaying integrands is below 1e-12 (the mass beyond 8σ is 1e-15, and the trapezoid
/// rule converges geometrically for such integrands at a step of σ/20). Gradients in the unconstrained coordinates are
/// central differences with h = 1e-5: truncation ≈ h²|f'''|/6 ≈ 1e-10 and rounding ≈ 1e-16·|f|/h ≈ 1e-10 for these
/// O(1)–O(10) functions, so 1e-6 bounds the error of the exact value. The mean of N independent estimates must lie within
/// 4.5 standard errors (sample sd/√N) of it, plus that 1e-6: a normal mean misses by 4.5 SE with probability 7e-6 per
/// coordinate. The seeds are fixed, so each check is deterministic.
/// </remarks>
public class ObjectiveEstimatorTests
{
    private static readonly double HalfLog2Pi = 0.5 * Math.Log(2 * Math.PI);

    private static double NormalLogPdf(double x, double mu, double sigma) =>
        -0.5 * ((x - mu) / sigma) * ((x - mu) / sigma) - Math.Log(sigma) - HalfLog2Pi;

    /// <summary>A user-written objective: the mean of two ELBO integrands, with its branch terms formed through the API.</summary>
    private sealed record MeanOfTwoElbos : Objective
    {
        public override string Name => "MeanOfTwoElbos";

        public override (TScalar Surrogate, double Value) Estimate<TScalar>(ObjectiveContext<TScalar> context)
        {
            GuideDraw<TScalar>[] draws = [context.Draw(), context.Draw()];
            var logW = Array.ConvertAll(draws, d => context.LogJoint(d) - d.LogQ);
            var f = (logW[0] + logW[1]) / 2;
            var surrogate = f;
            foreach (var d in draws) surrogate += context.ScoreTerms(d, f.Detach());
            double[] values = [logW[0].Value, logW[1].Value];
            surrogate += context.BranchTerms(draws, (k, d) =>
            {
                var v = (double[])values.Clone();
                v[k] = (context.LogJoint(d) - d.LogQ).Value;
                return (v[0] + v[1]) / 2;
            });
            return (surrogate, f.Value);
        }
    }

    /// <summary>A user-written objective that draws but forgets the branch terms: its gradient would miss a part.</summary>
    private sealed record Forgetful : Objective
    {
        public override string Name => "Forgetful";

        public override (TScalar Surrogate, double Value) Estimate<TScalar>(ObjectiveContext<TScalar> context)
        {
            var d = context.Draw();
            var f = context.LogJoint(d) - d.LogQ;
            return (f + context.ScoreTerms(d, f.Detach()), f.Value);
        }
    }

    /// <summary>IWELBO(2) that forms its branch terms but leaves them out of the surrogate: the negative control.</summary>
    private sealed record IwelboWithoutBranchTerms : Objective
    {
        public override string Name => "IwelboWithoutBranchTerms";

        public override (TScalar Surrogate, double Value) Estimate<TScalar>(ObjectiveContext<TScalar> context)
        {
            GuideDraw<TScalar>[] draws = [context.Draw(), context.Draw()];
            var logW = Array.ConvertAll(draws, d => context.LogJoint(d) - d.LogQ);
            var f = TScalar.LogSumExp(logW) - Math.Log(2);
            var surrogate = f;
            foreach (var d in draws) surrogate += context.ScoreTerms(d, f.Detach());
            context.BranchTerms(draws, (k, d) => 0.0);
            return (surrogate, f.Value);
        }
    }

    private static Objective ObjectiveNamed(string name) => name switch
    {
        "Iwelbo" => new Iwelbo(2),
        "Renyi" => new Renyi(0.5, 2),
        "Vimco" => new Vimco(2),
        "Custom" => new MeanOfTwoElbos(),
        _ => throw new ArgumentException(name),
    };

    /// <summary>The objective's estimate from two log weights, for the exact value.</summary>
    private static double Combine(string name, double a, double b) => name switch
    {
        "Iwelbo" or "Vimco" => LogMeanExp(a, b),
        "Renyi" => LogMeanExp(0.5 * a, 0.5 * b) / 0.5,
        "Custom" => (a + b) / 2,
        _ => throw new ArgumentException(name),
    };

    private static double LogMeanExp(double a, double b)
    {
        double m = Math.Max(a, b);
        return m + Math.Log((Math.Exp(a - m) + Math.Exp(b - m)) / 2);
    }

    /// <summary>N gradient and value estimates at the guide's initial parameters: their means and standard errors.</summary>
    private static (double[] Mean, double[] Se, double Value, double ValueSe, ParameterStore Store) Estimate<T>(Model<T> model, Guide guide, Objective objective, int n, ulong seed = 11)
    {
        var store = new ParameterStore();
        var rng = new Rng(seed);
        var tape = new Tape();
        var context = new TapeObjectiveContext(d => ModelScorer.LogJoint(model, ChoiceMap.Empty, d, store, objective.Name), guide, store, rng, []);
        SviStep.Gradient(objective, context, store, tape, 0); // creates the parameters and warms the baselines
        int dim = store.Dimension;
        var sums = new double[dim + 1];
        var squares = new double[dim + 1];
        for (int i = 0; i < n; i++)
        {
            var (value, g) = SviStep.Gradient(objective, context, store, tape, i);
            for (int k = 0; k <= dim; k++)
            {
                double x = k < dim ? g[k] : value;
                sums[k] += x;
                squares[k] += x * x;
            }
        }
        var mean = new double[dim + 1];
        var se = new double[dim + 1];
        for (int k = 0; k <= dim; k++)
        {
            mean[k] = sums[k] / n;
            se[k] = Math.Sqrt(Math.Max(0, squares[k] / n - mean[k] * mean[k]) / n);
        }
        return (mean[..dim], se[..dim], mean[dim], se[dim], store);
    }

    private static double[] ExactGradient(ParameterStore store, Func<ParameterStore, double> objective)
    {
        const double h = 1e-5;
        var u = store.Unconstrained;
        var g = new double[u.Length];
        for (int k = 0; k < u.Length; k++)
        {
            var v = (double[])u.Clone();
            v[k] = u[k] + h;
            store.SetUnconstrained(v);
            double a = objective(store);
            v[k] = u[k] - h;
            store.SetUnconstrained(v);
            double b = objective(store);
            g[k] = (a - b) / (2 * h);
        }
        store.SetUnconstrained(u);
        return g;
    }

    private static void AssertUnbiased<T>(Model<T> model, Guide guide, Objective objective, int n, Func<ParameterStore, double> exactObjective, string label)
    {
        var (mean, se, value, valueSe, store) = Estimate(model, guide, objective, n);
        var exact = ExactGradient(store, exactObjective);
        for (int k = 0; k < exact.Length; k++)
            Assert.True(Math.Abs(mean[k] - exact[k]) <= 4.5 * se[k] + 1e-6,
                $"{label}, coordinate {k} ({store.Addresses.ElementAt(k)}): mean {mean[k]}, exact {exact[k]}, SE {se[k]}");
        double exactValue = exactObjective(store);
        Assert.True(Math.Abs(value - exactValue) <= 4.5 * valueSe + 1e-9, $"{label}, value: mean {value}, exact {exactValue}, SE {valueSe}");
    }

    // ---- Two Bernoulli choices, the second's guide depending on the first. ----

    private static readonly Model<bool> Discrete =
        from b1 in Sample("b1", Bernoulli(0.3))
        from b2 in Sample("b2", Bernoulli(b1 ? 0.8 : 0.2))
        from _ in Observe(Normal((b1 ? 1.0 : 0.0) + (b2 ? 1.0 : 0.0), 1), (Real)1.5)
        select b2;

    private static readonly Model<bool> DiscreteGuide =
        from p1 in Param("p1", 0.6, Support.UnitInterval)
        from pa in Param("pa", 0.4, Support.UnitInterval)
        from pb in Param("pb", 0.7, Support.UnitInterval)
        from b1 in Sample("b1", Bernoulli(p1))
        from b2 in Sample("b2", Bernoulli(b1 ? pb : pa))
        select b2;

    /// <summary>E over two independent guide draws of the objective's estimate: a sum over the 4 × 4 pairs of traces.</summary>
    private static double DiscreteExact(ParameterStore s, string name)
    {
        double p1 = s.Get("p1"), pa = s.Get("pa"), pb = s.Get("pb");
        var traces = new List<(double Q, double LogW)>();
        foreach (bool b1 in new[] { false, true })
            foreach (bool b2 in new[] { false, true })
            {
                double q2 = b1 ? pb : pa, m2 = b1 ? 0.8 : 0.2;
                double q = (b1 ? p1 : 1 - p1) * (b2 ? q2 : 1 - q2);
                double logp = Math.Log(b1 ? 0.3 : 0.7) + Math.Log(b2 ? m2 : 1 - m2) + NormalLogPdf(1.5, (b1 ? 1 : 0) + (b2 ? 1 : 0), 1);
                traces.Add((q, logp - Math.Log(q)));
            }
        double sum = 0;
        foreach (var (q, a) in traces)
            foreach (var (q2, b) in traces)
                sum += q * q2 * Combine(name, a, b);
        return sum;
    }

    [Theory]
    [InlineData("Iwelbo", GradientEstimator.Enumeration, GradientEstimator.Enumeration)]
    [InlineData("Iwelbo", GradientEstimator.MeasureValued, GradientEstimator.MeasureValued)]
    [InlineData("Iwelbo", GradientEstimator.Enumeration, GradientEstimator.Reinforce)]
    [InlineData("Iwelbo", GradientEstimator.MeasureValued, GradientEstimator.Enumeration)]
    [InlineData("Renyi", GradientEstimator.Enumeration, GradientEstimator.Enumeration)]
    [InlineData("Renyi", GradientEstimator.MeasureValued, GradientEstimator.MeasureValued)]
    [InlineData("Renyi", GradientEstimator.Reinforce, GradientEstimator.Enumeration)]
    [InlineData("Vimco", GradientEstimator.Enumeration, GradientEstimator.Enumeration)]
    [InlineData("Vimco", GradientEstimator.MeasureValued, GradientEstimator.Reinforce)]
    [InlineData("Vimco", GradientEstimator.Reinforce, GradientEstimator.MeasureValued)]
    [InlineData("Custom", GradientEstimator.Enumeration, GradientEstimator.Enumeration)]
    [InlineData("Custom", GradientEstimator.MeasureValued, GradientEstimator.MeasureValued)]
    [InlineData("Custom", GradientEstimator.Enumeration, GradientEstimator.Reinforce)]
    public void EveryObjectiveIsUnbiasedWithBranchingEstimatorsOnADiscreteModel(string objective, GradientEstimator first, GradientEstimator second)
    {
        var guide = Guide.FromModel(DiscreteGuide).WithEstimator("b1", first).WithEstimator("b2", second);
        AssertUnbiased(Discrete, guide, ObjectiveNamed(objective), 20000, s => DiscreteExact(s, objective), $"{objective} {first}/{second}");
    }

    [Fact]
    public void WithoutItsBranchTermsTheGradientIsDetectablyBiased()
    {
        // The check above has power: dropping the branch terms leaves p1's and the branch-dependent parameters' gradients
        // short by their measure-valued part, which the same N and tolerance detect.
        var guide = Guide.FromModel(DiscreteGuide).WithEstimator("b1", GradientEstimator.MeasureValued).WithEstimator("b2", GradientEstimator.MeasureValued);
        var (mean, se, _, _, store) = Estimate(Discrete, guide, new IwelboWithoutBranchTerms(), 20000);
        var exact = ExactGradient(store, s => DiscreteExact(s, "Iwelbo"));
        Assert.Contains(Enumerable.Range(0, exact.Length), k => Math.Abs(mean[k] - exact[k]) > 4.5 * se[k] + 1e-6);
    }

    // ---- A Gaussian latent with the measure-valued estimator (Normal's μ and σ decompositions). ----

    private static readonly Model<Real> Gaussian =
        from z in Sample("z", Normal(0, 1))
        from _ in Observe(Normal(z, 1), (Real)1.0)
        select z;

    private static readonly Model<Real> GaussianGuide =
        from m in Param("m", 0.3)
        from s in Param("s", 0.8, Support.Positive)
        from z in Sample("z", Normal(m, s))
        select z;

    /// <summary>E over two independent draws z, z′ ~ N(m, s) of the objective's estimate, by the trapezoid rule (see the remarks).</summary>
    private static double GaussianExact(ParameterStore store, string name)
    {
        double m = store.Get("m"), s = store.Get("s");
        const int points = 321;
        double h = 16.0 * s / (points - 1);
        var z = new double[points];
        var weight = new double[points];
        var logW = new double[points];
        for (int i = 0; i < points; i++)
        {
            z[i] = m - 8 * s + i * h;
            double logq = NormalLogPdf(z[i], m, s);
            weight[i] = Math.Exp(logq) * h * (i == 0 || i == points - 1 ? 0.5 : 1);
            logW[i] = NormalLogPdf(z[i], 0, 1) + NormalLogPdf(1.0, z[i], 1) - logq;
        }
        double sum = 0;
        for (int i = 0; i < points; i++)
            for (int j = 0; j < points; j++)
                sum += weight[i] * weight[j] * Combine(name, logW[i], logW[j]);
        return sum;
    }

    [Theory]
    [InlineData("Iwelbo")]
    [InlineData("Renyi")]
    [InlineData("Vimco")]
    [InlineData("Custom")]
    public void EveryObjectiveIsUnbiasedWithTheMeasureValuedEstimatorOnAGaussian(string objective)
    {
        var guide = Guide.FromModel(GaussianGuide).WithEstimator("z", GradientEstimator.MeasureValued);
        AssertUnbiased(Gaussian, guide, ObjectiveNamed(objective), 20000, s => GaussianExact(s, objective), $"{objective} measure-valued");
    }

    // ---- Invalid combinations. ----

    [Theory]
    [InlineData(GradientEstimator.Enumeration)]
    [InlineData(GradientEstimator.MeasureValued)]
    public void AnObjectiveThatFormsNoBranchTermsIsRejectedNamingItAndTheEstimator(GradientEstimator estimator)
    {
        var guide = Guide.FromModel(DiscreteGuide).WithEstimator("b1", estimator);
        var e = Assert.Throws<ModelException>(() => Infer.Svi(Discrete, guide, options: new SviOptions { Steps = 1, Objective = new Forgetful() }));
        Assert.Equal(Address.Of("b1"), e.Address);
        Assert.StartsWith("Forgetful:", e.Message);
        Assert.Contains(estimator.ToString(), e.Message);
    }
}
