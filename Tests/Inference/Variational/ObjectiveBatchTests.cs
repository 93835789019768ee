using Probabilistic.Distributions;
using Probabilistic.Inference;
using Probabilistic.Inference.Variational;
using Probabilistic.Numerics;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Inference.Variational;

/// <summary>
/// <see cref="Objective.Particles"/> (one batch average for every objective, user-written ones included) and
/// <see cref="Objective.Evaluate{T}"/> (an objective at fixed parameters, with its standard error).
/// </summary>
public class ObjectiveBatchTests
{
    // z ~ N(0, 1), x ~ N(z, 1) at x = 1: the posterior is N(1/2, 1/2) and log p(x) = log N(1; 0, √2).
    private static readonly Model<Real> Conjugate =
        from z in Sample("z", Normal(0, 1))
        from _ in Observe(Normal(z, 1), (Real)1.0)
        select z;

    private static readonly double LogEvidence = -0.5 * Math.Log(2 * Math.PI * 2) - 1.0 / 4;

    private static Guide FixedGuide(double m, double s) => Guide.FromModel(from z in Sample("z", Normal(m, s)) select z);

    /// <summary>A user-written objective: the ELBO integrand from ObjectiveContext.Draw, as a user would write it.</summary>
    private sealed record HandWrittenElbo : Objective
    {
        public override string Name => "hand-written ELBO";

        public override (TScalar Surrogate, double Value) Estimate<TScalar>(ObjectiveContext<TScalar> context)
        {
            var draw = context.Draw();
            var f = context.LogJoint(draw) - draw.LogQ;
            return (f + context.ScoreTerms(draw, f.Detach()), f.Value);
        }
    }

    public static TheoryData<string> Objectives => new() { "iwelbo", "vimco", "renyi", "hand" };

    private static Objective Make(string name, int particles) => name switch
    {
        "iwelbo" => new Iwelbo(3) { Particles = particles },
        "vimco" => new Vimco(3) { Particles = particles },
        "renyi" => new Renyi(0.5, 3) { Particles = particles },
        _ => new HandWrittenElbo { Particles = particles },
    };

    private static double[] History(Objective objective, int steps) =>
        Infer.Svi(Conjugate, FixedGuide(0, 1.5), options: new SviOptions { Steps = steps, Seed = 4, Objective = objective, Optimizer = () => new Sgd(learningRate: 1e-300) })
            .History.ToArray();

    /// <summary>
    /// At fixed parameters (a guide without parameters) the fit's stream of draws is the same whatever the batch: step n
    /// of a fit with Particles = 4 averages exactly the estimates 4n … 4n + 3 of the fit with Particles = 1 (to rounding).
    /// </summary>
    [Theory]
    [MemberData(nameof(Objectives))]
    public void EveryObjectiveAveragesItsParticles(string name)
    {
        var single = History(Make(name, 1), 40);
        var batched = History(Make(name, 4), 10);
        for (int n = 0; n < 10; n++)
            Assert.Equal(single.Skip(4 * n).Take(4).Average(), batched[n], 1e-12);
    }

    [Fact]
    public void ParticlesBelowOneIsAnErrorNamingTheObjective()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => History(new Iwelbo(2) { Particles = 0 }, 1));
        Assert.Equal("Particles", e.ParamName);
        Assert.Contains("IWELBO(2)", e.Message);
    }

    /// <summary>
    /// The ELBO of q = N(m, s²) for the conjugate model, exactly: E[log N(z; 0, 1)] + E[log N(1; z, 1)] + H(q)
    /// = −log 2π − (m² + s²)/2 − ((1 − m)² + s²)/2 + ½ log(2πe s²). At m = 0, s = 1.5 the estimates (one draw each) are
    /// −log 2π − z²/2 − (1 − z)²/2 − log N(z; 0, 1.5²): their mean over 4,000 is within 4.5 of its standard errors of the
    /// exact value, and the reported standard error is the exact per-estimate sd (2.89, from the Gaussian moments below)
    /// over √4000, within 10%: the relative sd of a sample sd is √((κ − 1)/4n), about 3% for this quadratic in z (κ ≈ 15).
    /// </summary>
    [Fact]
    public void EvaluateEstimatesTheElboAtFixedParametersWithItsStandardError()
    {
        double m = 0, s = 1.5;
        var guide = Guide.FromModel(from mu in Param("m", m) from sd in Param("s", s, Support.Positive) from z in Sample("z", Normal(mu, sd)) select z);
        var store = new ParameterStore();
        var estimate = new Elbo().Evaluate(Conjugate, guide, store, samples: 4000, seed: 7);
        double exact = -Math.Log(2 * Math.PI) - (m * m + s * s) / 2 - ((1 - m) * (1 - m) + s * s) / 2 + 0.5 * Math.Log(2 * Math.PI * Math.E * s * s);
        Assert.Equal(4000, estimate.Samples);
        Assert.True(Math.Abs(estimate.Value - exact) <= 4.5 * estimate.StandardError, $"{estimate.Value} ± {estimate.StandardError}, exact {exact}");
        // f(z) = −log 2π − z²/2 − (1 − z)²/2 + log(√(2π) s) + z²/(2s²) = c + z − z²(1 − 1/(2s²)); z ~ N(0, s²):
        // Var f = Var(z) + a² Var(z²) (z and z² uncorrelated at mean 0) = s² + a²·2s⁴, a = 1 − 1/(2s²).
        double a = 1 - 1 / (2 * s * s), sdF = Math.Sqrt(s * s + a * a * 2 * Math.Pow(s, 4));
        Assert.Equal(sdF / Math.Sqrt(4000), estimate.StandardError, 0.1 * sdF / Math.Sqrt(4000));
        // Read, not trained: the store holds the initial values.
        Assert.Equal(m, store.Get("m"), 12);
        Assert.Equal(s, store.Get("s"), 12);
    }

    /// <summary>At the exact posterior every weight equals p(x): every ELBO and IWELBO estimate is log p(x), the standard error 0.</summary>
    [Fact]
    public void EvaluateAtTheExactPosteriorIsTheLogEvidence()
    {
        var guide = FixedGuide(0.5, Math.Sqrt(0.5));
        foreach (var objective in new Objective[] { new Elbo(), new Iwelbo(5) })
        {
            var estimate = objective.Evaluate(Conjugate, guide, new ParameterStore(), samples: 50);
            Assert.Equal(LogEvidence, estimate.Value, 1e-10);
            Assert.True(estimate.StandardError < 1e-10, $"{objective.Name}: {estimate.StandardError}");
        }
    }

    [Fact]
    public void EvaluateNeedsTwoSamples()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Elbo().Evaluate(Conjugate, FixedGuide(0, 1), new ParameterStore(), samples: 1));
        Assert.Equal("samples", e.ParamName);
    }
}
