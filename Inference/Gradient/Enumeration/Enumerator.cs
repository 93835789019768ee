using Probabilistic.Interpretation;

namespace Probabilistic.Inference.Enumeration;

/// <summary>
/// Sums a model's unobserved finite discrete choices out of its density, in one interpretation, by resuming suspended
/// runs once per value (variable elimination on the model's own structure; Koller &amp; Friedman 2009, ch. 9; Pyro's
/// <c>TraceEnum_ELBO</c>, Obermeyer et al. 2019, "Tensor variable elimination for plated factor graphs"):
/// <list type="bullet">
/// <item>a discrete choice inside an element of a <c>Plate</c> is enumerated with the rest of that element only, and
/// the branches are summed (log-sum-exp) where the element ends: a sum of logs of sums, linear in the plate's size;</item>
/// <item>a discrete choice inside a step of a named <c>Fold</c> is enumerated to the end of the step, where the branches
/// are summed per value of the state the step returns; each distinct state then runs the next step: the forward
/// algorithm (Rabiner 1989), O(T·K²) for K states over T steps;</item>
/// <item>a discrete choice outside every plate and fold is enumerated with the rest of the model.</item>
/// </list>
/// Choices in the same element, step or top level are enumerated jointly (the product of their supports); more than
/// <see cref="MaxBranches"/> combinations, or a fold state with more than <see cref="MaxStates"/> values, is an error
/// naming the address and the structure, since the enumeration would grow exponentially. The weights stay on the
/// tape, so the sums are differentiable and a recorded evaluation compiles.
/// </summary>
internal sealed class Enumerator(EnumerationHandler handler)
{
    /// <summary>The most combinations of discrete values enumerated jointly in one element, step or top level.</summary>
    public const int MaxBranches = 1 << 14;

    /// <summary>The most distinct states a fold may carry from one enumerated step to the next.</summary>
    public const int MaxStates = 1 << 10;

    private readonly Machine _machine = new(handler);

    /// <summary>When true, branches keep trails of their choices for <see cref="SampleTrail"/>.</summary>
    public bool Sampling;

    /// <summary>Runs <paramref name="model"/> to its end, summing out every enumerated choice; the log marginal weight and the trail.</summary>
    public (Real LogWeight, Trail? Trail) Run<T>(Model<T> model)
    {
        _machine.Start(model);
        var start = new Branch { Cursor = _machine.Save() };
        var ends = ToExit([start], 0);
        if (ends.Count == 0)
            throw new ImpossibleException();
        var merged = Merge(ends, null, checkValues: false);
        return (merged.LogWeight, merged.Trail);
    }

    /// <summary>Draws the discrete values behind a trail from their exact conditional distribution.</summary>
    public static Dictionary<Address, object> SampleTrail(Trail? trail, Rng rng)
    {
        var values = new Dictionary<Address, object>();
        while (trail is not null)
        {
            if (trail is ChoiceTrail c)
            {
                values.TryAdd(c.Address, c.Value);
                trail = c.Previous;
                continue;
            }
            var m = (MergeTrail)trail;
            double max = m.LogWeights.Max();
            int chosen = 0;
            if (m.Members.Length > 1 && !double.IsNegativeInfinity(max))
            {
                double total = 0;
                foreach (var w in m.LogWeights) total += Math.Exp(w - max);
                double u = rng.NextDouble() * total;
                chosen = -1;
                for (int i = 0; i < m.LogWeights.Length; i++)
                {
                    double w = Math.Exp(m.LogWeights[i] - max);
                    if (w > 0) chosen = i;
                    u -= w;
                    if (u < 0 && w > 0) break;
                }
            }
            trail = m.Members[chosen];
        }
        return values;
    }

    // Runs the branches until each stands at the end of the scope at `depth` (at the program's end for depth 0).
    private List<Branch> ToExit(List<Branch> starts, int depth)
    {
        var results = new List<Branch>();
        var work = new Stack<Branch>();
        for (int i = starts.Count - 1; i >= 0; i--) work.Push(starts[i]);
        int created = starts.Count;
        while (work.Count > 0)
        {
            var b = Step(work.Pop(), depth);
            switch (b.Event)
            {
                case BranchEvent.Finished:
                case BranchEvent.Exit:
                    results.Add(b);
                    break;
                case BranchEvent.Choice:
                    int cd = b.Scope?.Depth ?? 0;
                    if (cd == depth)
                    {
                        var kids = Split(b);
                        created += kids.Count - 1;
                        if (created > MaxBranches)
                            throw new UnnamedModelException(
                                $"enumerating the discrete choice '{b.Address}' with the choices before it in {EnumerationScope.Describe(b.Scope)} " +
                                $"makes more than {MaxBranches} combinations: they would be enumerated jointly, which grows exponentially. Enumeration sums out " +
                                "choices per Plate element (independent choices) and along a named Fold (a Markov chain); put such choices in a Plate or a Fold, or use Infer.Gibbs.", b.Address);
                        for (int i = kids.Count - 1; i >= 0; i--) work.Push(kids[i]);
                    }
                    else
                        foreach (var m in EnumerateScope(b)) work.Push(m);
                    break;
                default:
                    throw new InvalidOperationException("Enumeration: a branch did not run.");
            }
        }
        return results;
    }

    // b stands at a discrete choice inside a plate element or fold step deeper than the caller's: sums it out there.
    // Returns the branches to carry on with after that element (one) or after that fold (one per final state).
    private List<Branch> EnumerateScope(Branch b) => Finish(Split(b), b.Scope!);

    // Runs branches that stand inside `scope` to its end and sums them there: all of them at the end of a plate
    // element; per state at the end of each fold step, running each state's next step (the forward algorithm). A fold
    // whose final state differs between branches passes them on to the element or step around it, to be summed there.
    private List<Branch> Finish(List<Branch> inside, EnumerationScope scope)
    {
        int depth = scope.Depth;
        var exits = ToExit(inside, depth);
        if (exits.Count == 0) throw new ImpossibleException();
        List<Branch> after;
        if (scope.Kind == ScopeKind.PlateElement) after = [Merge(exits, scope, checkValues: true)];
        else
            while (true)
            {
                var groups = GroupByState(exits, scope);
                if (exits[0].Last)
                {
                    after = groups;
                    break;
                }
                exits = ToExit(groups, depth);
                if (exits.Count == 0) throw new ImpossibleException();
            }
        return after.Count > 1 && scope.Parent is not null ? Finish(after, scope.Parent) : after;
    }

    // One branch per value of b's pending choice with a positive probability, each to resume with that value.
    private List<Branch> Split(Branch b)
    {
        var node = b.Node!;
        var address = b.Address!;
        var support = node.FiniteSupport()!;
        var kids = new List<Branch>(support.Count);
        foreach (var v in support)
        {
            node.Score(address, v, out var lp);
            // A comparison of tape values: a guard, so a compiled replay notices when the set of possible values changes.
            if (!(lp > double.NegativeInfinity)) continue;
            kids.Add(new Branch
            {
                Cursor = b.Cursor,
                Resume = true,
                Value = v,
                LogWeight = b.LogWeight + lp,
                Scope = b.Scope,
                ContinuousVisits = b.ContinuousVisits,
                Trail = Sampling ? new ChoiceTrail(address, v, b.Trail) : null,
            });
        }
        return kids;
    }

    // Runs one branch until the next choice, the end of the scope at `depth`, or the program's end.
    private Branch Step(Branch b, int depth)
    {
        handler.LogWeight = b.LogWeight;
        handler.Scope = b.Scope;
        handler.ContinuousVisits = b.ContinuousVisits;
        handler.ActiveDepth = depth;
        handler.PendingNode = null;
        handler.ExitedScope = null;
        var m = _machine;
        m.Load(b.Cursor);
        if (b.Resume) m.ResumeWith(b.Value!);
        m.Run();
        var r = new Branch { LogWeight = handler.LogWeight, Scope = handler.Scope, ContinuousVisits = handler.ContinuousVisits, Trail = b.Trail };
        if (m.Finished)
        {
            r.Event = BranchEvent.Finished;
            return r;
        }
        r.Cursor = m.Save();
        if (handler.PendingNode is not null)
        {
            r.Event = BranchEvent.Choice;
            r.Node = handler.PendingNode;
            r.Address = handler.PendingAddress;
        }
        else
        {
            r.Event = BranchEvent.Exit;
            r.Exited = handler.ExitedScope;
            r.Last = handler.ExitedLast;
            r.ExitValue = ((IScopeExit)m.Node!).BoxedValue;
        }
        return r;
    }

    // log Σ exp(weights) of branches that stand at the same point; the first carries on. With checkValues, the
    // element's value must not depend on the summed-out choices, since the rest of the model receives only one of them.
    private Branch Merge(List<Branch> branches, EnumerationScope? scope, bool checkValues)
    {
        var first = branches[0];
        for (int i = 1; i < branches.Count; i++)
        {
            var b = branches[i];
            if (b.ContinuousVisits != first.ContinuousVisits) throw ContinuousMismatch(scope);
            if (checkValues && !Equals(b.ExitValue, first.ExitValue))
                throw new UnnamedModelException(
                    $"{EnumerationScope.Describe(scope)} returns different values ({first.ExitValue}, {b.ExitValue}) for different values of the discrete " +
                    "choices enumerated in it, but the rest of the model receives only one value per element. Score everything that depends on those choices " +
                    "inside the element (as in Pyro's plate) and return a value that does not depend on them (Unit); their posterior comes from the discrete " +
                    "columns that NUTS with enumeration adds to the posterior.", scope!.Address.Child(scope.Index));
        }
        if (branches.Count == 1) return first.Continue(first.LogWeight, Sampling ? first.Trail : null);
        // Two branches (a Bernoulli, a 2-state step) are summed by the binary node, which replays without the wide
        // node's operand list; the value is the same log-sum-exp.
        if (branches.Count == 2)
            return first.Continue(RealMath.LogSumExp(first.LogWeight, branches[1].LogWeight), Sampling ? MergeTrails(branches) : null);
        var weights = new Real[branches.Count];
        for (int i = 0; i < weights.Length; i++) weights[i] = branches[i].LogWeight;
        return first.Continue(RealMath.LogSumExp(weights), Sampling ? MergeTrails(branches) : null);
    }

    // The forward algorithm's step: the branches at the end of a fold step, summed per value of the state they return.
    private List<Branch> GroupByState(List<Branch> exits, EnumerationScope scope)
    {
        var groups = new List<List<Branch>>();
        foreach (var b in exits)
        {
            if (b.ContinuousVisits != exits[0].ContinuousVisits) throw ContinuousMismatch(scope);
            var g = groups.Find(g => Equals(g[0].ExitValue, b.ExitValue));
            if (g is not null)
            {
                g.Add(b);
                continue;
            }
            if (groups.Count == MaxStates)
                throw new UnnamedModelException(
                    $"after step {b.Exited!.Index} of Fold '{scope.Address}' the state takes more than {MaxStates} distinct values over the enumerated " +
                    "choices. The forward algorithm sums over the states of a chain, so the state must be the discrete value the next step depends on " +
                    "(an int, a bool, a tuple of them), not a history or a continuous value.", scope.Address.Child(b.Exited.Index));
            groups.Add([b]);
        }
        var result = new List<Branch>(groups.Count);
        foreach (var g in groups) result.Add(Merge(g, scope, checkValues: false));
        return result;
    }

    private static MergeTrail MergeTrails(List<Branch> branches)
    {
        var members = new Trail?[branches.Count];
        var w = new double[branches.Count];
        for (int i = 0; i < members.Length; i++)
        {
            members[i] = branches[i].Trail;
            w[i] = branches[i].LogWeight.Value;
        }
        return new MergeTrail(members, w);
    }

    private static UnnamedModelException ContinuousMismatch(EnumerationScope? scope) => new(
        $"in {EnumerationScope.Describe(scope)} the continuous choices visited depend on the values of enumerated discrete choices; " +
        "summing those out needs the same continuous choices in every branch.", scope?.Address);
}

/// <summary>Every branch of an enumeration had probability zero: the density is −∞ there.</summary>
internal sealed class ImpossibleException() : Exception("Every enumerated branch has probability zero.");
