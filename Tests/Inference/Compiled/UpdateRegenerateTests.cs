using Probabilistic.Compilation;
using Probabilistic.Examples.Gallery;
using Probabilistic.Inference;
using Probabilistic.Inference.Traced;
using static Probabilistic.Distributions.Dist;
using Xunit;

namespace Probabilistic.Tests.Inference.Compiled;

/// <summary>
/// Update and Regenerate over typed slots against the interpreter (the same model through
/// <see cref="CompiledModels.Interpreted{T}"/>): for the same seeds they give the same new traces (choice records, scores,
/// log densities, return value), weights, discards, random streams afterwards and errors — bit for bit — and
/// <c>Infer.Mh</c> and the trace kernels, which reach them through the model, give the same chains.
/// </summary>
public class UpdateRegenerateTests
{
    private static readonly double[] Y = [0.3, -1.2, 2.5, 0.8];
    private static readonly Real[] RealY = [.. Y.Select(v => (Real)v)];

    public static TheoryData<string> Models() => [.. Cases.Keys];

    private static readonly Dictionary<string, Action<Action<object>>> Cases = new()
    {
        ["plate"] = check => check(TraceModels.PlateModel(RealY)),
        ["fold"] = check => check(TraceModels.FoldModel(Y)),
        ["walk"] = check => check(TraceModels.RandomWalk(5)),
        ["burglary"] = check => check(Burglary.Model(true, false)),
        ["coinflip"] = check => check(CoinFlip.Model(CoinFlip.Flips)),
        ["changepoint"] = check => check(ChangePoint.Model(ChangePoint.Simulate(12, 3))),
        ["mixture"] = check => check(GaussianMixtureModel.Model(GaussianMixtureModel.Simulate(6, 2))),
        ["linreg"] = check => check(LinearRegressionModel.Model(new double[,] { { 1, 0.5 }, { 1, -0.3 }, { 1, 1.7 } }, [0.4, -0.1, 1.9], 2.0, HalfNormal(1))),
        ["eightschools"] = check => check(EightSchoolsModel.Model(EightSchoolsModel.Y, EightSchoolsModel.Sigma)),
        ["gaussianhmm"] = check => check(GaussianHmm.Model(GaussianHmm.Simulate(7, 5), 1.5, 0.7, 1.2)),
        ["discretehmm"] = check => check(DiscreteHmmModel.Model(DiscreteHmmModel.Simulate(7, 4))),
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void UpdateAndRegenerateAreTheInterpreters(string name) => Cases[name](m => Dispatch(m, nameof(CheckEdits)));

    [Theory]
    [MemberData(nameof(Models))]
    public void MhAndTheTraceKernelsGiveTheInterpretersChains(string name) => Cases[name](m => Dispatch(m, nameof(CheckChains)));

    private static void Dispatch(object model, string check)
    {
        var t = model.GetType();
        while (!(t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Model<>))) t = t.BaseType!;
        try
        {
            typeof(UpdateRegenerateTests).GetMethod(check, System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(t.GetGenericArguments()[0]).Invoke(null, [model]);
        }
        catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
        }
    }

    private static void CheckEdits<T>(Model<T> model)
    {
        Assert.True(CompiledModels.TryGetTwin(model, out var twin));
        Assert.NotNull(twin.GenerativeFunction);
        var interpreted = CompiledModels.Interpreted(model);
        for (ulong seed = 1; seed <= 3; seed++)
        {
            var c = model.Simulate(new Rng(seed));
            var i = interpreted.Simulate(new Rng(seed));
            var addresses = i.ChoiceRecords.Select(x => x.Address).ToArray();

            // Update: every third choice constrained to another run's value (the rest kept).
            var other = interpreted.Simulate(new Rng(seed + 100)).ChoiceRecords.Where((_, k) => k % 3 == (int)(seed % 3))
                .Where(x => i.Contains(x.Address)).Select(x => (x.Address, x.BoxedValue)).ToArray();
            var constraints = ChoiceMap.Of(other);
            var (rc, ri) = (new Rng(seed + 7), new Rng(seed + 7));
            var uc = model.Update(c, constraints, rc);
            var ui = interpreted.Update(i, constraints, ri);
            Assert.NotNull(uc.Trace.Slots);
            Assert.Null(ui.Trace.Slots);
            SameBits(ui.Weight, uc.Weight);
            Assert.Equal(ui.Discard, uc.Discard);
            Assert.Equal(ui.Discard.Addresses, uc.Discard.Addresses);
            AssertSameTrace(ui.Trace, uc.Trace);
            Assert.Equal(ri.NextULong(), rc.NextULong());

            // A chain of Regenerates (the first from a Simulate trace, whose log densities are computed when needed; the
            // next from the previous Regenerate's stored ones) and an Update of its end.
            var selections = new List<Selection> { Selection.All, Selection.None, Selection.Prefix(addresses[0]), !Selection.Of(addresses[^1]) };
            selections.AddRange(addresses.Where((_, k) => k % 2 == 0).Take(6).Select(a => Selection.Of(a)));
            if (addresses.Length > 1) selections.Add(Selection.Of(addresses[0]) | Selection.Of(addresses[^1]));
            var calls = (Compiled: new List<Address>(), Interpreted: new List<Address>());
            selections.Add(new Recording(calls.Compiled));
            var (tc, ti) = (uc.Trace, ui.Trace);
            foreach (var start in new[] { (c, i), (uc.Trace, ui.Trace) })
            {
                (tc, ti) = start;
                var (gc, gi) = (new Rng(seed + 11), new Rng(seed + 11));
                foreach (var s in selections)
                {
                    var si = s is Recording ? new Recording(calls.Interpreted) : s;
                    var (nc, wc) = model.Regenerate(tc, s, gc);
                    var (ni, wi) = interpreted.Regenerate(ti, si, gi);
                    Assert.NotNull(nc.Slots);
                    SameBits(wi, wc);
                    AssertSameTrace(ni, nc);
                    (tc, ti) = (nc, ni);
                }
                Assert.Equal(gi.NextULong(), gc.NextULong());
            }
            Assert.Equal(calls.Interpreted, calls.Compiled);
            var (ec, ei) = (model.Update(tc, constraints, new Rng(3)), interpreted.Update(ti, constraints, new Rng(3)));
            SameBits(ei.Weight, ec.Weight);
            Assert.Equal(ei.Discard, ec.Discard);
            AssertSameTrace(ei.Trace, ec.Trace);
        }
    }

    private static void CheckChains<T>(Model<T> model)
    {
        var interpreted = CompiledModels.Interpreted(model);
        var options = new MhOptions { Samples = 60, BurnIn = 20, Thin = 2, Seed = 5 };
        var c = Infer.Mh(model, options);
        var i = Infer.Mh(interpreted, options);
        Assert.All(c.Traces, t => Assert.NotNull(t.Slots));
        SameChain(i, c);

        // A Regenerate kernel of a prefix, cycled with single-site, and a mixture.
        var first = i.Traces[0].ChoiceRecords.First().Address;
        var cycle = Kernels.Cycle(Kernels.Regenerate<T>(Selection.Prefix(first)), Kernels.SingleSite<T>());
        SameChain(Infer.Mh(interpreted, options, cycle), Infer.Mh(model, options, cycle));
        var mixture = Kernels.Mixture([0.3, 0.7], [Kernels.Regenerate<T>(Selection.All), Kernels.SingleSite<T>()]);
        SameChain(Infer.Mh(interpreted, options, mixture), Infer.Mh(model, options, mixture));
    }

    [Fact]
    public void AProposalKernelGivesTheInterpretersChain()
    {
        // Gen's mh with a random-walk proposal on the Plate model's mu: Update with the proposed value, Assess of the discard.
        var model = TraceModels.PlateModel(RealY);
        var kernel = Kernels.WithProposal<Real, Real>(t => Model.Sample("mu", Normal(t.Get<Real>("mu"), 0.5)));
        var options = new MhOptions { Samples = 80, BurnIn = 10, Seed = 9 };
        var c = Infer.Mh(model, options, kernel);
        Assert.All(c.Traces, t => Assert.NotNull(t.Slots));
        SameChain(Infer.Mh(CompiledModels.Interpreted(model), options, kernel), c);
    }

    [Fact]
    public void ATraceOfAnotherModelObjectRunsInterpreted()
    {
        // The same method called again is another model (its arguments could differ): Update and Regenerate interpret it,
        // on the trace's materialized choices, and still give the interpreter's results.
        var model = TraceModels.FoldModel(Y);
        var again = TraceModels.FoldModel(Y);
        var t = model.Simulate(new Rng(4));
        var i = CompiledModels.Interpreted(model).Simulate(new Rng(4));
        var (n, w) = again.Regenerate(t, Selection.Of("s"), new Rng(2));
        var (ni, wi) = CompiledModels.Interpreted(model).Regenerate(i, Selection.Of("s"), new Rng(2));
        Assert.Null(n.Slots);
        SameBits(wi, w);
        AssertSameTrace(ni, n);
    }

    [Fact]
    public void UpdateErrorsAreTheInterpreters()
    {
        var model = TraceModels.PlateModel(RealY);
        var interpreted = CompiledModels.Interpreted(model);
        var c = model.Simulate(new Rng(1));
        var i = interpreted.Simulate(new Rng(1));
        foreach (var constraints in new[]
        {
            ChoiceMap.Of(("nope", (object)new Real(1))),
            ChoiceMap.Of(("z/9", (object)new Real(1)), ("mu", new Real(2))),
            ChoiceMap.Of(("y/1", (object)new Real(1))),
            ChoiceMap.Of(("z/1", (object)1.5)),
            ChoiceMap.Of(("k", (object)new Real(1))),
        })
        {
            var ei = Assert.Throws<ModelException>(() => interpreted.Update(i, constraints, new Rng(1)));
            var ec = Assert.Throws<ModelException>(() => model.Update(c, constraints, new Rng(1)));
            Assert.Equal(ei.Message, ec.Message);
            Assert.Equal(ei.Address, ec.Address);
        }
        // A constraint that makes a later parameter invalid: the same exception from the distribution's check.
        var fold = TraceModels.FoldModel(Y);
        var bad = ChoiceMap.Of(("s", (object)new Real(-1)));
        var fi = Assert.ThrowsAny<Exception>(() => CompiledModels.Interpreted(fold).Update(CompiledModels.Interpreted(fold).Simulate(new Rng(2)), bad, new Rng(1)));
        var fc = Assert.ThrowsAny<Exception>(() => fold.Update(fold.Simulate(new Rng(2)), bad, new Rng(1)));
        Assert.Equal(fi.GetType(), fc.GetType());
        Assert.Equal(fi.Message, fc.Message);
    }

    [Fact]
    public void AddressAtNamesTheChoicesInOrderWithoutMaterializing()
    {
        foreach (var t in new[] { TraceModels.FoldModel(Y).Simulate(new Rng(3)), TraceModels.PlateModel(RealY).Simulate(new Rng(3)) })
        {
            var at = Enumerable.Range(0, t.Count).Select(k => t.AddressAt(k)).ToList();
            Assert.Equal(t.ChoiceRecords.Select(x => x.Address), at);
            Assert.Throws<ArgumentOutOfRangeException>(() => t.Slots!.AddressAt(t.Count));
        }
    }

    /// <summary>A selection the library does not know (tested by address): records every address it is asked about.</summary>
    private sealed class Recording(List<Address> asked) : Selection
    {
        public override bool Contains(Address address)
        {
            asked.Add(address);
            return address.ToString().Contains('1', StringComparison.Ordinal);
        }
    }

    private static void SameChain<T>(MhChain<T> expected, MhChain<T> actual)
    {
        SameBits(expected.AcceptanceRate, actual.AcceptanceRate);
        Assert.Equal(expected.Traces.Count, actual.Traces.Count);
        for (int k = 0; k < expected.Traces.Count; k++) AssertSameTrace(expected.Traces[k], actual.Traces[k]);
    }

    private static void SameBits(double expected, double actual) =>
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));

    private static void AssertSameTrace<T>(Trace<T> expected, Trace<T> actual)
    {
        SameBits(expected.LogPrior, actual.LogPrior);
        SameBits(expected.LogLikelihood, actual.LogLikelihood);
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(Show(expected.ReturnValue), Show(actual.ReturnValue));
        var e = expected.ChoiceRecords.ToList();
        var a = actual.ChoiceRecords.ToList();
        Assert.Equal(e.Count, a.Count);
        for (int k = 0; k < e.Count; k++)
        {
            Assert.Equal(e[k].Address, a[k].Address);
            Assert.Equal(Show(e[k].BoxedValue), Show(a[k].BoxedValue));
            SameBits(e[k].LogProb, a[k].LogProb);
            Assert.Equal(e[k].Distribution.GetType(), a[k].Distribution.GetType());
        }
        Assert.Equal(expected.Scores, actual.Scores);
    }

    // Values compared by their doubles, to the bit (a Real's tape is not part of a trace's value).
    private static string Show(object? value) => value switch
    {
        Real r => BitConverter.DoubleToInt64Bits(r.Value).ToString("x16", System.Globalization.CultureInfo.InvariantCulture),
        double x => BitConverter.DoubleToInt64Bits(x).ToString("x16", System.Globalization.CultureInfo.InvariantCulture),
        System.Collections.IEnumerable xs and not string => "[" + string.Join(",", xs.Cast<object?>().Select(Show)) + "]",
        System.Runtime.CompilerServices.ITuple t => "(" + string.Join(",", Enumerable.Range(0, t.Length).Select(j => Show(t[j]))) + ")",
        _ => value?.ToString() ?? "null",
    };
}
