namespace Probabilistic.Inference.Workflow;

/// <summary>
/// Re-runs a model at every draw of a posterior (latent choices fixed to the draw) to keep what the sampler itself does
/// not: the return value, flattened to columns (Stan's generated quantities; <see cref="ReturnValueColumns"/>), and the
/// log-likelihood of each observation. Draws are replayed in parallel; the result does not depend on the thread count.
/// Its model errors are <see cref="UnnamedModelException"/>s, for the entry point that calls it to name.
/// </summary>
internal static class GeneratedQuantities
{
    /// <summary>The posterior with the return value's columns after the parameters and its pointwise log-likelihood.</summary>
    /// <remarks>
    /// With <paramref name="strict"/> false (the samplers' own call) a return value whose shape changes between draws
    /// leaves out the generated quantities, and observations that change between draws leave out the log-likelihood,
    /// rather than failing a finished run; <c>Infer.WithGeneratedQuantities</c> (strict) says what differed.
    /// </remarks>
    public static Posterior Attach<T>(Model<T> model, ChoiceMap? conditions, Posterior posterior, IParameterSource? parameters = null, bool strict = true)
    {
        var runs = ReplayAll(model, conditions, posterior, parameters);
        var first = runs[0][0];
        var leaves = ReturnValueColumns.Flatten(first.ReturnValue);
        var taken = posterior.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var takenAddresses = posterior.Columns.Select(c => (c.Address, c.Index)).ToHashSet();
        var columns = leaves.Select(leaf =>
        {
            var col = ReturnValueColumns.Column(leaf.Path);
            // A member named like a parameter (select new { mu, theta }) is kept under return.mu.
            if (taken.Contains(col.Name) || takenAddresses.Contains((col.Address, col.Index)))
                col = ReturnValueColumns.Column(Address.Root.Child(ReturnValueColumns.ReturnName) / leaf.Path);
            return col;
        }).ToArray();
        var names = first.Names.ToArray();
        bool keepReturn = true, keepLogLik = names.Length > 0;
        var extra = new double[posterior.Chains][][];
        var logLik = new double[posterior.Chains][][];
        for (int c = 0; c < posterior.Chains; c++)
        {
            extra[c] = new double[posterior.Draws][];
            logLik[c] = new double[posterior.Draws][];
            for (int d = 0; d < posterior.Draws; d++)
            {
                var run = runs[c][d];
                var values = ReturnValueColumns.Flatten(run.ReturnValue);
                if (keepReturn && (values.Count != leaves.Count || values.Where((v, i) => v.Path != leaves[i].Path).Any()))
                {
                    if (strict) throw new UnnamedModelException($"the model's return value has {values.Count} numbers at chain {c}, draw {d} but {leaves.Count} at the first draw; generated quantities must keep their shape.");
                    keepReturn = false;
                }
                extra[c][d] = keepReturn ? values.Select(v => v.Value).ToArray() : [];
                if (keepLogLik && !run.Names.SequenceEqual(names))
                {
                    if (strict) throw new UnnamedModelException($"the model made {run.Names.Count} observations at chain {c}, draw {d} but {names.Length} at the first draw; the pointwise log-likelihood needs the same observations at every draw.");
                    keepLogLik = false;
                }
                logLik[c][d] = keepLogLik ? run.LogLikelihood.ToArray() : [];
            }
        }
        if (!strict && names.Distinct(StringComparer.Ordinal).Count() != names.Length) keepLogLik = false;
        var pointwise = keepLogLik ? new PointwiseLogLikelihood(CheckUnique(names), logLik) : null;
        if (!keepReturn)
        {
            columns = [];
            foreach (var chain in extra) Array.Fill(chain, []);
        }
        return posterior.WithDerived(columns, extra, pointwise);
    }

    /// <summary>The model re-run at every draw [chain][draw], with replicates of the observations when asked.</summary>
    public static ModelReplay[][] ReplayAll<T>(Model<T> model, ChoiceMap? conditions, Posterior posterior, IParameterSource? parameters = null,
        bool replicate = false, ulong seed = 1)
    {
        var runs = new ModelReplay[posterior.Chains][];
        for (int c = 0; c < posterior.Chains; c++) runs[c] = new ModelReplay[posterior.Draws];
        Particles.ParallelRun.Invoke(() => Parallel.For(0, posterior.Chains * posterior.Draws, i =>
        {
            int c = i / posterior.Draws, d = i % posterior.Draws;
            runs[c][d] = ModelReplay.Run(model, posterior.LatentValues(c, d), conditions, replicate ? new Rng(seed, (ulong)i) : null, replicate, parameters);
        }));
        return runs;
    }

    private static string[] CheckUnique(string[] names)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
            if (!seen.Add(name))
                throw new UnnamedModelException($"two observations share the address '{name}'; the pointwise log-likelihood needs each observation once.");
        return names;
    }
}
