using Probabilistic.Inference.Enumeration;

namespace Probabilistic.Inference;

public static partial class Infer
{
    /// <summary>
    /// HMC or NUTS on a model with unobserved discrete choices of finite support: they are summed out of the density
    /// by enumeration (<see cref="EnumeratedDensity{T}"/>), the sampler moves the continuous choices on that exact
    /// marginal, and after each kept draw the discrete choices are drawn from their conditional given it (Pyro's
    /// <c>infer_discrete</c>): one column per discrete choice after the continuous ones (booleans as 0/1; NaN where a
    /// draw's execution did not visit that choice). Their column means are the posterior probabilities (of true, for a Bernoulli).
    /// </summary>
    private static Posterior HamiltonianEnumerated<T>(Model<T> model, ChoiceMap? observations, HamiltonianOptions o,
        IProgress<McmcProgress>? progress, CancellationToken cancellationToken)
    {
        var density = EnumeratedDensity<T>.ForEntryPoint(model, observations, o.Seed);
        var init = o.InitialValues is null ? null : density.Unconstrain(o.InitialValues);
        var start = PathfinderStart.Run(density, o, cancellationToken);
        var columns = new List<PosteriorColumn>();
        foreach (var b in density.Blocks)
            for (int i = 0; i < b.ConstrainedLength; i++) columns.Add(new PosteriorColumn(b.ColumnName(i), b.Address, b.IsVector ? i : -1));
        foreach (var a in density.DiscreteAddresses) columns.Add(new PosteriorColumn(ParameterBlock.StanName(a), a, -1));
        int continuous = density.ConstrainedDimension;
        var discrete = density.DiscreteAddresses;
        var chains = new System.Collections.Concurrent.ConcurrentQueue<EnumeratedDensity<T>>();
        var results = HamiltonianRun.Run(k =>
        {
            var d = (EnumeratedDensity<T>)density.ForThread();
            chains.Enqueue(d);
            // Its own stream: the discrete draws leave the chain's transitions (stream k) unchanged.
            var rng = new Rng(o.Seed, DiscreteStream + (ulong)k);
            return new ChainSetup(d, (q, x) =>
            {
                d.Constrain(q, x.AsSpan(0, continuous));
                var values = d.SampleDiscrete(q, rng);
                for (int i = 0; i < discrete.Count; i++)
                    x[continuous + i] = values.TryGetValue(discrete[i], out var v) ? DiscreteColumnValue(v) : double.NaN;
            }, start?.Points[k] ?? init, InverseMetric: start?.InverseMetric);
        }, columns.Count, o, progress, cancellationToken);
        string? compileFailure = chains.Where(d => !d.Compiled).Select(d => d.CompileFailure).FirstOrDefault(r => r is not null);
        // As on the continuous path: the model's return value and pointwise log-likelihood at each draw (its discrete
        // choices as drawn by infer_discrete).
        return Workflow.GeneratedQuantities.Attach(model, observations, ToPosterior(columns, results, o, compileFailure), strict: false);
    }

    // Far from the chains' streams 0, 1, 2, …
    private const ulong DiscreteStream = 0x5EED_D15C_0000_0000UL;

    private static double DiscreteColumnValue(object v) => v switch
    {
        bool b => b ? 1 : 0,
        int i => i,
        _ => Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture),
    };
}
