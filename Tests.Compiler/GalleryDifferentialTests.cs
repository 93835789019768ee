using Probabilistic.Compilation;
using Probabilistic.Examples.Gallery;

namespace Probabilistic.Compiler.Tests;

/// <summary>
/// The gallery's [Compiled] models, compiled and interpreted with the same seed: the particle program (Start, Advance ×
/// Steps, Result) with <c>new Rng(seed)</c> against <c>Simulate(new Rng(seed))</c> of the interpreted model. The same
/// draws in the same order give identical choices, scores (each, in order), return value and Rng state afterwards.
/// </summary>
public class GalleryDifferentialTests
{
    private const int Seeds = 200;

    private static (Trace<T> Trace, ProgramRun<T> Run) Both<T>(Model<T> model, ulong seed)
    {
        var run = RunProgram<T>.Of(model, seed);
        var rng = new Rng(seed);
        var trace = CompiledModels.Interpreted(model).Simulate(rng);
        Assert.Equal(rng.NextULong(), run.NextRandom);
        Assert.Equal(trace.Scores.Count, run.Steps);
        for (int k = 0; k < run.Steps; k++) Assert.Equal(trace.Scores[k].LogWeight, run.Weights[k], 1e-12);
        Assert.Equal(trace.Scores.Sum(s => s.LogWeight), run.LogWeight, 1e-12);
        return (trace, run);
    }

    [Fact]
    public void GaussianHmmCompiledMatchesInterpreted()
    {
        var y = GaussianHmm.Simulate(30, 7);
        for (ulong seed = 1; seed <= Seeds; seed++)
        {
            var (trace, run) = Both(GaussianHmm.Model(y, 1.5, 0.7, 0.9), seed);
            Assert.Equal(trace.ReturnValue.Value, run.Result.Value);
            for (int t = 0; t < y.Length; t++)
                Assert.Equal(trace.Get<Real>(Address.Of("x", t, "x")).Value, run.Field<Real>(t, "x").Value);
        }
    }

    [Fact]
    public void DiscreteHmmCompiledMatchesInterpreted()
    {
        var y = DiscreteHmmModel.Simulate(25, 3);
        for (ulong seed = 1; seed <= Seeds; seed++)
        {
            var (trace, run) = Both(DiscreteHmmModel.Model(y), seed);
            Assert.Equal(trace.ReturnValue, run.Result);
            Assert.Equal(trace.Get<Real>("mu0").Value, run.Field<Real>(0, "mu0").Value);
            Assert.Equal(trace.Get<Real>("mu1").Value, run.Field<Real>(0, "mu1").Value);
            for (int t = 0; t < y.Length; t++)
                Assert.Equal(trace.Get<int>(Address.Of("z", t, "state")), run.Field<int>(t, "z"));
        }
    }

    [Fact]
    public void CoinFlipCompiledMatchesInterpreted()
    {
        bool[] flips = [true, true, false, true, true, true, false, true, false, true];
        for (ulong seed = 1; seed <= Seeds; seed++)
        {
            var (trace, run) = Both(CoinFlip.Model(flips), seed);
            Assert.Equal(trace.ReturnValue, run.Result);
            Assert.Equal(new[] { 0.3, 0.5, 0.7 }[trace.Get<int>("bias")], run.Result);
        }
    }

    [Fact]
    public void BurglaryCompiledMatchesInterpreted()
    {
        foreach (var (john, mary) in new[] { (true, true), (true, false), (false, false) })
            for (ulong seed = 1; seed <= Seeds; seed++)
            {
                var (trace, run) = Both(Burglary.Model(john, mary), seed);
                Assert.Equal(trace.ReturnValue, run.Result);
                Assert.Equal((trace.Get<bool>("burglary"), trace.Get<bool>("earthquake"), trace.Get<bool>("alarm")), run.Result);
            }
    }

    [Fact]
    public void ChangePointCompiledMatchesInterpreted()
    {
        var counts = ChangePoint.Simulate(20, 11);
        for (ulong seed = 1; seed <= Seeds; seed++)
        {
            var (trace, run) = Both(ChangePoint.Model(counts), seed);
            Assert.Equal(trace.ReturnValue, run.Result);
            Assert.Equal(trace.Get<int>("tau"), run.Field<int>(0, "tau"));
            Assert.Equal(trace.Get<Real>("early_rate").Value, run.Field<Real>(0, "early").Value);
            Assert.Equal(trace.Get<Real>("late_rate").Value, run.Field<Real>(0, "late").Value);
        }
    }

    [Fact]
    public void EightSchoolsCompiledMatchesInterpreted()
    {
        for (ulong seed = 1; seed <= Seeds; seed++)
        {
            var (trace, run) = Both(EightSchoolsModel.Model(EightSchoolsModel.Y, EightSchoolsModel.Sigma), seed);
            Assert.Equal(trace.ReturnValue.Select(t => t.Value), run.Result.Select(t => t.Value));
            Assert.Equal(run.Result.Select(t => t.Value), run.Field<Real[]>(0, "theta").Select(t => t.Value));
            var mu = trace.Get<Real>("mu");
            var tau = trace.Get<Real>("tau");
            for (int j = 0; j < 8; j++) Assert.Equal((mu + tau * trace.Get<Real>(Address.Of("theta_trans", j))).Value, run.Result[j].Value);
        }
    }

    [Fact]
    public void GaussianMixtureCompiledMatchesInterpreted()
    {
        var y = GaussianMixtureModel.Simulate(15, 4);
        for (ulong seed = 1; seed <= Seeds; seed++)
        {
            var (trace, run) = Both(GaussianMixtureModel.Model(y), seed);
            Assert.Equal(trace.ReturnValue.Item1.Value, run.Result.Item1.Value);
            Assert.Equal(trace.ReturnValue.Item2.Value, run.Result.Item2.Value);
            Assert.Equal(trace.Get<Real>("mu1").Value, run.Result.Item1.Value);
        }
    }

    [Fact]
    public void LinearRegressionCompiledMatchesInterpreted()
    {
        var x = new double[,] { { 1, 0.5 }, { 1, -1.2 }, { 1, 2.0 }, { 1, 0.1 } };
        double[] y = [0.7, -1.9, 3.1, 0.4];
        for (ulong seed = 1; seed <= Seeds; seed++)
        {
            var (trace, run) = Both(LinearRegressionModel.Model(x, y, 10, new Distributions.Exponential(1)), seed);
            Assert.Equal(trace.ReturnValue.Select(b => b.Value), run.Result.Select(b => b.Value));
            Assert.Equal(trace.Get<Real>(Address.Of("beta", 1)).Value, run.Result[1].Value);
        }
    }

    [Fact]
    public void LogisticRegressionCompiledMatchesInterpreted()
    {
        var x = new double[,] { { 1, 0.5, -0.3 }, { 1, -1.2, 0.8 }, { 1, 2.0, 0.1 }, { 1, 0.1, -1.5 }, { 1, -0.4, 0.6 } };
        double[] y = [1, 0, 1, 0, 1];
        for (ulong seed = 1; seed <= Seeds; seed++)
        {
            var (trace, run) = Both(LogisticRegressionModel.Vectorized(x, y), seed);
            Assert.Equal(trace.ReturnValue.Select(b => b.Value), run.Result.Select(b => b.Value));
        }
        Assert.False(CompiledModels.TryGetTwin(LogisticRegressionModel.PerRow(x, y), out _));
    }

    [Fact]
    public void InterceptorAttachesTwinsOnlyToCompiledModels()
    {
        Assert.True(CompiledModels.TryGetTwin(GaussianHmm.Model([1.0, 2.0]), out var twin));
        Assert.Equal("GaussianHmm.Model", twin.Name);
        Assert.True(CompiledModels.TryGetTwin(Burglary.Model(), out var burglary));
        Assert.Equal("Burglary.Model", burglary.Name);
        Assert.False(CompiledModels.TryGetTwin(DiscreteHmmModel.HandMarginalized([0.5, -0.5]), out _));
        Assert.False(CompiledModels.TryGetTwin(GaussianMixtureModel.PointwiseModel([0.5, -0.5]), out _));
    }

    [Fact]
    public void ProgramMisuseIsNamed()
    {
        var run = RunProgram<Real>.Of(GaussianHmm.Model([0.3]), 5);
        Assert.Equal(1, run.Steps);
        Assert.True(CompiledModels.TryGetTwin(GaussianHmm.Model([0.3]), out var twin));
        var e = Assert.Throws<InvalidOperationException>(() => twin.Accept(new AdvancePastEnd()));
        Assert.Contains("GaussianHmm.Model: Advance was called after the program's last score", e.Message);
    }

    private sealed class AdvancePastEnd : ICompiledModelVisitor<Real, double>
    {
        public double VisitParticleProgram<TState, TProgram>(TProgram program)
            where TState : struct
            where TProgram : struct, IParticleProgram<TState, Real>
        {
            var rng = new Rng(1);
            TState s = default;
            program.Start(ref s);
            for (int k = 0; k < program.Steps; k++) program.Advance(ref s, rng);
            return program.Advance(ref s, rng);
        }
    }
}
