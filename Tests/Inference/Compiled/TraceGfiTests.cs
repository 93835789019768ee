using Probabilistic.Compilation;
using Probabilistic.Examples.Gallery;
using static Probabilistic.Distributions.Dist;
using Xunit;

namespace Probabilistic.Tests.Inference.Compiled;

/// <summary>
/// The generated generative function interface over typed slots against the interpreter (the model run through
/// <see cref="CompiledModels.Interpreted{T}"/>): for the same seed Simulate, Generate and Assess give the same values,
/// choice records (address, value, distribution, log density, in order), scores, log densities and weights — bit for
/// bit — and the same errors.
/// </summary>
public class TraceGfiTests
{
    private static readonly double[] Y = [0.3, -1.2, 2.5, 0.8];
    private static readonly Real[] RealY = [.. Y.Select(v => (Real)v)];

    public static TheoryData<string> Models() => [.. Cases.Keys];

    private static readonly Dictionary<string, Action> Cases = new()
    {
        ["plate"] = () => Check(TraceModels.PlateModel(RealY)),
        ["fold"] = () => Check(TraceModels.FoldModel(Y)),
        ["walk"] = () => Check(TraceModels.RandomWalk(5)),
        ["burglary"] = () => Check(Burglary.Model(true, false)),
        ["coinflip"] = () => Check(CoinFlip.Model(CoinFlip.Flips)),
        ["changepoint"] = () => Check(ChangePoint.Model(ChangePoint.Simulate(12, 3))),
        ["mixture"] = () => Check(GaussianMixtureModel.Model(GaussianMixtureModel.Simulate(6, 2))),
        ["linreg"] = () => Check(LinearRegressionModel.Model(new double[,] { { 1, 0.5 }, { 1, -0.3 }, { 1, 1.7 } }, [0.4, -0.1, 1.9], 2.0, HalfNormal(1))),
        ["logistic"] = () => Check(LogisticRegressionModel.Vectorized(new double[,] { { 1, 0.5 }, { 1, -0.3 }, { 1, 1.7 } }, [1, 0, 1])),
        ["eightschools"] = () => Check(EightSchoolsModel.Model(EightSchoolsModel.Y, EightSchoolsModel.Sigma)),
        ["gaussianhmm"] = () => Check(GaussianHmm.Model(GaussianHmm.Simulate(7, 5), 1.5, 0.7, 1.2)),
        ["discretehmm"] = () => Check(DiscreteHmmModel.Model(DiscreteHmmModel.Simulate(7, 4))),
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void SimulateGenerateAndAssessAreTheInterpreters(string name) => Cases[name]();

    private static void Check<T>(Model<T> model)
    {
        Assert.True(CompiledModels.TryGetTwin(model, out var twin));
        Assert.NotNull(twin.GenerativeFunction);
        var interpreted = CompiledModels.Interpreted(model);
        for (ulong seed = 1; seed <= 4; seed++)
        {
            var c = model.Simulate(new Rng(seed));
            Assert.NotNull(c.Slots);
            var i = interpreted.Simulate(new Rng(seed));
            Assert.Null(i.Slots);
            AssertSameTrace(i, c);

            // Generate with every other choice constrained to another run's value, the rest drawn.
            var other = interpreted.Simulate(new Rng(seed + 100)).ChoiceRecords.Where((_, k) => k % 2 == 0)
                .Where(x => i.Contains(x.Address)).Select(x => (x.Address, x.BoxedValue)).ToArray();
            var constraints = ChoiceMap.Of(other);
            var (gc, wc) = model.Generate(constraints, new Rng(seed));
            var (gi, wi) = interpreted.Generate(constraints, new Rng(seed));
            Assert.Equal(wi, wc);
            AssertSameTrace(gi, gc);

            // Assess of a complete choice map.
            Assert.Equal(interpreted.Assess(i.Choices), model.Assess(i.Choices));
            Assert.Equal(i.LogJoint, model.Assess(c.Choices));
        }
    }

    private static void AssertSameTrace<T>(Trace<T> expected, Trace<T> actual)
    {
        Assert.Equal(expected.LogPrior, actual.LogPrior);
        Assert.Equal(expected.LogLikelihood, actual.LogLikelihood);
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(Show(expected.ReturnValue), Show(actual.ReturnValue));
        var e = expected.ChoiceRecords.ToList();
        var a = actual.ChoiceRecords.ToList();
        Assert.Equal(e.Count, a.Count);
        for (int k = 0; k < e.Count; k++)
        {
            Assert.Equal(e[k].Address, a[k].Address);
            Assert.Equal(Show(e[k].BoxedValue), Show(a[k].BoxedValue));
            Assert.Equal(e[k].LogProb, a[k].LogProb);
            Assert.Equal(NameOf(e[k].Distribution), NameOf(a[k].Distribution));
            Assert.Equal(e[k].Distribution.GetType(), a[k].Distribution.GetType());
        }
        Assert.Equal(expected.Choices, actual.Choices);
        Assert.Equal(expected.Scores, actual.Scores);
    }

    private static object? NameOf(object distribution) => distribution.GetType().GetProperty("Name")!.GetValue(distribution);

    // Values compared by their doubles, to the bit (a Real's tape is not part of a trace's value).
    private static string Show(object? value) => value switch
    {
        Real r => r.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        Real[] rs => string.Join(",", rs.Select(r => Show(r))),
        System.Runtime.CompilerServices.ITuple t => "(" + string.Join(",", Enumerable.Range(0, t.Length).Select(j => Show(t[j]))) + ")",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "null",
    };

    [Fact]
    public void ConstraintsTheModelNeverVisitsAreTheInterpretersError()
    {
        var model = TraceModels.FoldModel(Y);
        var interpreted = CompiledModels.Interpreted(model);
        foreach (var constraints in new[]
        {
            ChoiceMap.Of(("nope", (object)new Real(1))),
            ChoiceMap.Of(("x/9/x", (object)new Real(1)), ("s", new Real(2))),
            ChoiceMap.Of(("x/1/w/2", (object)new Real(1))),
            ChoiceMap.Of(("x/1/y", (object)new Real(1))),
            ChoiceMap.Of(("x/-1/x", (object)new Real(1))),
        })
        {
            var ei = Assert.Throws<ModelException>(() => interpreted.Generate(constraints, new Rng(1)));
            var ec = Assert.Throws<ModelException>(() => model.Generate(constraints, new Rng(1)));
            Assert.Equal(ei.Message, ec.Message);
        }
    }

    [Fact]
    public void AWrongValueTypeOrAMissingChoiceIsTheInterpretersError()
    {
        var model = TraceModels.PlateModel(RealY);
        var interpreted = CompiledModels.Interpreted(model);
        var wrong = ChoiceMap.Of(("z/1", (object)1.5));
        Assert.Equal(Assert.Throws<ModelException>(() => interpreted.Generate(wrong, new Rng(1))).Message,
            Assert.Throws<ModelException>(() => model.Generate(wrong, new Rng(1))).Message);
        var partial = interpreted.Simulate(new Rng(3)).Choices.Filter(!Selection.Of("z/2"));
        Assert.Equal(Assert.Throws<ModelException>(() => interpreted.Assess(partial)).Message,
            Assert.Throws<ModelException>(() => model.Assess(partial)).Message);
    }

    [Fact]
    public void ACompiledTraceWorksWhereAnInterpretedOneDoes()
    {
        // Update and Regenerate over the compiled trace's slots (UpdateRegenerateTests.cs covers them in full) and its materialized choices.
        var model = TraceModels.FoldModel(Y);
        var interpreted = CompiledModels.Interpreted(model);
        var c = model.Simulate(new Rng(7));
        var i = interpreted.Simulate(new Rng(7));
        var constraints = ChoiceMap.Of(("x/2/x", (object)new Real(0.25)));
        var uc = c.Update(constraints, new Rng(8));
        var ui = i.Update(constraints, new Rng(8));
        Assert.Equal(ui.Weight, uc.Weight);
        Assert.Equal(ui.Discard, uc.Discard);
        AssertSameTrace(ui.Trace, uc.Trace);
        var (rc, wc) = c.Regenerate(Selection.Of("s"), new Rng(9));
        var (ri, wi) = i.Regenerate(Selection.Of("s"), new Rng(9));
        Assert.Equal(wi, wc);
        AssertSameTrace(ri, rc);
        Assert.Equal(i.ToString(), c.ToString());
        Assert.Equal(i.Get<Real>("x/3/x").Value, c.Get<Real>("x/3/x").Value);
    }
}
