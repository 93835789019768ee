using Probabilistic.Compilation;

namespace Probabilistic.Compiler.Tests.Differential;

/// <summary>Bugs the differential properties found in the generator, each as the shrunk program that showed it.</summary>
public class GeneratorRegressionTests
{
    /// <summary>Compiles <paramref name="source"/> (no generator or compiler warning) and returns <c>Demo.Models.Use()</c>'s model.</summary>
    private static Model<T> Compile<T>(string source)
    {
        var run = GeneratorHarness.Run(source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerProblems);
        return (Model<T>)run.Load().GetType("Demo.Models")!.GetMethod("Use")!.Invoke(null, null)!;
    }

    private static void RunsAsTheInterpreter<T>(Model<T> model)
    {
        Assert.True(CompiledModels.TryGetTwin(model, out _));
        for (ulong seed = 1; seed <= 20; seed++)
        {
            var run = RunProgram<T>.Of(model, seed);
            var trace = CompiledModels.Interpreted(model).Simulate(new Rng(seed));
            Assert.Equal(ValueKey.Of(trace.ReturnValue), ValueKey.Of(run.Result));
            Assert.Equal(trace.Scores.Select(s => s.LogWeight), run.Weights);
        }
    }

    [Fact]
    public void ConstantLetReadOnlyByAnUnreadLetIsNotDeclared()
    {
        // v0 = false is read only by the select of the second nested query, whose value v1 nothing reads: the generated
        // code declared `bool v0 = false;` and never used it (CS0219, an error under TreatWarningsAsErrors).
        var model = Compile<bool>("""
            namespace Demo;
            public static class Models
            {
                [Compiled]
                public static Model<bool> M(double y) =>
                    from v0 in (from w0 in Sample("a", Normal(0, 1)) from w1 in Observe(Normal(w0, 1), y) select false)
                    from v1 in (from w0 in Sample("b", Normal(0, 1)) select v0)
                    from v2 in Observe(Normal(0, 1), y)
                    select true;
                public static Model<bool> Use() => M(0.3);
            }
            """);
        RunsAsTheInterpreter(model);
    }

    [Fact]
    public void ConstantLetReadAfterAScoreIsSaved()
    {
        // w1 = 0.0, a constant let, is read after ObserveEach's scores: it needs a state field, and the field must be set.
        var model = Compile<Real>("""
            namespace Demo;
            public static class Models
            {
                [Compiled]
                public static Model<Real> M(double[] y) =>
                    from v5 in (from w0 in Factor(0.0) let w1 = 0.0 from w2 in ObserveEach(y, (d, i) => Normal(0.0, 1.0)) select (Real)RealMath.Abs(w1))
                    select (Real)0.0;
                public static Model<Real> Use() => M([0.5]);
            }
            """);
        RunsAsTheInterpreter(model);
    }
}
