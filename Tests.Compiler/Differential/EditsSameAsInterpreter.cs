using System.Reflection;
using Probabilistic.Compilation;
using Xunit.Sdk;

namespace Probabilistic.Compiler.Tests.Differential;

/// <summary>
/// The differential check of Update and Regenerate over typed slots (issue 15, item 3): from the same Simulate trace,
/// compiled (the model with its twin) and interpreted (<see cref="CompiledModels.Interpreted{T}"/>) give, bit for bit, the
/// same new traces (choices with their log densities, scores, log prior and likelihood, return value), weights, discards
/// and generators afterwards — or the same exception (type and message) — for Update with a random subset of the
/// addresses constrained to another run's values (and one address the model never visits, now and then), and for a chain
/// of Regenerates of random selections (named addresses, all, none, a prefix, a complement). Run on every program of the
/// mixed batches of <see cref="DifferentialProperties"/>, after <see cref="SameAsInterpreter"/>.
/// </summary>
public sealed class EditsSameAsInterpreter : IModelCheck
{
    private const int Seeds = 2;

    /// <inheritdoc />
    public void Check<T>(ModelProgram program, Model<T> model, Model<T>? plain) where T : notnull
    {
        if (!CompiledModels.TryGetTwin(model, out var twin)) throw new XunitException("the model has no compiled twin");
        var interpreted = CompiledModels.Interpreted(model);
        bool slots = twin.GenerativeFunction is not null;
        for (ulong seed = 1; seed <= Seeds; seed++)
        {
            Trace<T> c, i;
            try
            {
                i = interpreted.Simulate(new Rng(seed));
            }
            catch (Exception e) when (e is not XunitException)
            {
                continue; // SameAsInterpreter compares the runs that throw
            }
            c = model.Simulate(new Rng(seed));
            if (slots && SlotsOf(c) is null) throw new XunitException($"seed {seed}: Simulate made no slots");
            var addresses = i.ChoiceRecords.Select(x => x.Address).ToArray();
            var choose = new Random((int)seed * 7919 + addresses.Length);
            var other = Try(() => interpreted.Simulate(new Rng(seed + 50)));

            // Update: each address constrained with probability 1/3 to the other run's value (when it has one).
            var given = new List<(Address, object)>();
            if (other is not null)
                foreach (var a in addresses)
                    if (choose.Next(3) == 0 && other.TryGetChoice(a, out var x)) given.Add((a, x.BoxedValue));
            if (choose.Next(8) == 0) given.Add(("never/visited", new Real(0)));
            var constraints = ChoiceMap.Of([.. given]);
            string context = $"seed {seed}, Update {{{string.Join(", ", given.Select(g => g.Item1))}}}";
            var (ru, rc) = (new Rng(seed + 3), new Rng(seed + 3));
            var update = SameOutcome(context, () => interpreted.Update(i, constraints, ru), () => model.Update(c, constraints, rc));
            if (update is { } u)
            {
                var ((ti, wi, di), (tc, wc, dc)) = u;
                PopulationAssert.Same($"{context}: weight", wi, wc);
                if (!di.Equals(dc) || !di.Addresses.SequenceEqual(dc.Addresses)) throw new XunitException($"{context}: discard interpreted {di}, compiled {dc}");
                SameTrace(context, ti, tc, slots);
                if (ru.NextULong() != rc.NextULong()) throw new XunitException($"{context}: the generators differ afterwards");
            }

            // Regenerate: a chain of three random selections.
            var (gi, gc) = (new Rng(seed + 5), new Rng(seed + 5));
            var (ci, cc) = (i, c);
            for (int step = 0; step < 3; step++)
            {
                var selection = RandomSelection(choose, addresses);
                string at = $"seed {seed}, Regenerate {step} of {selection}";
                var regenerated = SameOutcome(at, () => interpreted.Regenerate(ci, selection, gi), () => model.Regenerate(cc, selection, gc));
                if (regenerated is not { } r) break;
                var ((ni, wi2), (nc, wc2)) = r;
                PopulationAssert.Same($"{at}: weight", wi2, wc2);
                SameTrace(at, ni, nc, slots);
                if (gi.NextULong() != gc.NextULong()) throw new XunitException($"{at}: the generators differ afterwards");
                (ci, cc) = (ni, nc);
            }
        }
    }

    private static Selection RandomSelection(Random choose, Address[] addresses)
    {
        if (addresses.Length == 0) return Selection.All;
        return choose.Next(6) switch
        {
            0 => Selection.All,
            1 => Selection.None,
            2 => Selection.Prefix(addresses[choose.Next(addresses.Length)].Parent is { IsRoot: false } p ? p : addresses[0]),
            3 => !Selection.Of(addresses[choose.Next(addresses.Length)]),
            _ => Selection.Of(addresses.Where(_ => choose.Next(4) == 0).DefaultIfEmpty(addresses[choose.Next(addresses.Length)])),
        };
    }

    private static T? Try<T>(Func<T> run) where T : class
    {
        try
        {
            return run();
        }
        catch (Exception e) when (e is not XunitException)
        {
            return null;
        }
    }

    /// <summary>Both return (the pair) or both throw the same exception type with the same message (null).</summary>
    private static (TResult Interpreted, TResult Compiled)? SameOutcome<TResult>(string context, Func<TResult> interpreted, Func<TResult> compiled)
    {
        TResult? i = default, c = default;
        Exception? ie = null, ce = null;
        try { i = interpreted(); } catch (Exception e) when (e is not XunitException) { ie = e; }
        try { c = compiled(); } catch (Exception e) when (e is not XunitException) { ce = e; }
        if (ie is null && ce is null) return (i!, c!);
        if (ie is null || ce is null || ie.GetType() != ce.GetType() || ie.Message != ce.Message)
            throw new XunitException($"{context}: interpreted {(ie is null ? "returned" : "threw " + ie)}\nbut compiled {(ce is null ? "returned" : "threw " + ce)}");
        return null;
    }

    // The trace's slots (internal to Core): a compiled run's result must have them, or the check would compare the interpreter with itself.
    private static object? SlotsOf<T>(Trace<T> trace) =>
        typeof(Trace<T>).GetProperty("Slots", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(trace);

    private static void SameTrace<T>(string context, Trace<T> interpreted, Trace<T> compiled, bool slots)
    {
        if (slots && SlotsOf(compiled) is null) throw new XunitException($"{context}: the compiled result has no slots (it ran interpreted)");
        PopulationAssert.Same($"{context}: log prior", interpreted.LogPrior, compiled.LogPrior);
        PopulationAssert.Same($"{context}: log likelihood", interpreted.LogLikelihood, compiled.LogLikelihood);
        PopulationAssert.SameValue($"{context}: value", interpreted.ReturnValue, compiled.ReturnValue);
        var e = interpreted.ChoiceRecords.ToList();
        var a = compiled.ChoiceRecords.ToList();
        if (e.Count != a.Count || interpreted.Count != compiled.Count) throw new XunitException($"{context}: {e.Count} choices interpreted, {a.Count} compiled");
        for (int k = 0; k < e.Count; k++)
        {
            if (!e[k].Address.Equals(a[k].Address)) throw new XunitException($"{context}: choice {k} at '{e[k].Address}' interpreted, '{a[k].Address}' compiled");
            PopulationAssert.SameValue($"{context}: choice '{e[k].Address}'", e[k].BoxedValue, a[k].BoxedValue);
            PopulationAssert.Same($"{context}: log density of '{e[k].Address}'", e[k].LogProb, a[k].LogProb);
        }
        var si = interpreted.Scores;
        var sc = compiled.Scores;
        if (si.Count != sc.Count) throw new XunitException($"{context}: {si.Count} scores interpreted, {sc.Count} compiled");
        for (int k = 0; k < si.Count; k++)
        {
            if (!Equals(si[k].Address, sc[k].Address) || si[k].IsObservation != sc[k].IsObservation)
                throw new XunitException($"{context}: score {k} is {si[k]} interpreted, {sc[k]} compiled");
            PopulationAssert.Same($"{context}: score {k}", si[k].LogWeight, sc[k].LogWeight);
        }
    }
}
