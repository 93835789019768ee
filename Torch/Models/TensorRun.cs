using Probabilistic.Interpretation;
using static TorchSharp.torch;

namespace Probabilistic.Torch;

/// <summary>
/// Runs a tensor model once (or once for N particles) into a <see cref="TensorTrace{T}"/> whose log densities are tensors
/// on the autograd graph: the building block of tensor VI (a guide's reparameterized draw, then the model scored at it)
/// and of the vectorized algorithms.
/// </summary>
public static class TensorRun
{
    /// <summary>Draws every choice (from its prior, or reparameterized when <see cref="TensorRunOptions.Reparameterize"/>).</summary>
    public static TensorTrace<T> Simulate<T>(Model<T> model, TensorRunOptions? options = null) =>
        Generate(model, null, options);

    /// <summary>
    /// Runs with the choices at the addresses of <paramref name="values"/> fixed to those tensors (and scored), drawing the
    /// rest. Every given address must be visited (an error names one that is not), as in Core's <c>Generate</c>.
    /// </summary>
    public static TensorTrace<T> Generate<T>(Model<T> model, IReadOnlyDictionary<Address, Tensor>? values, TensorRunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        TorchRuntime.EnsureLoaded();
        using var h = new TensorHandler(options ?? new TensorRunOptions(), values);
        var m = new Machine(h);
        m.Start(model);
        m.Run();
        if (values is not null && h.GivenVisited != values.Count)
        {
            var missing = values.Keys.First(a => !h.Values.ContainsKey(a));
            throw new ModelException($"TensorRun.Generate: the value given for '{missing}' was not used: the model makes no tensor choice there.", missing);
        }
        return new TensorTrace<T>(m.Result<T>(), h.Sites, h.Values, h.LogPrior, h.LogLikelihood);
    }

    /// <summary>Runs until the observation of index <paramref name="stopAfter"/> has been weighed (SMC's step), replaying <paramref name="values"/> unscored.</summary>
    internal static TensorHandler Step<T>(Model<T> model, IReadOnlyDictionary<Address, Tensor> values, int skip, int stopAfter, TensorRunOptions options)
    {
        var h = new TensorHandler(options, values) { ScoreGiven = false, SkipObservations = skip, StopAfterObservation = stopAfter };
        var m = new Machine(h);
        m.Start(model);
        m.Run();
        return h;
    }
}
