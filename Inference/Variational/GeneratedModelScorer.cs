using Probabilistic.Compilation;
using Probabilistic.Numerics;

namespace Probabilistic.Inference.Variational;

/// <summary>
/// Scores an autoguide's draw under a <c>[Compiled]</c> model through the model's generated log density
/// (<see cref="ICompiledDensity"/>) instead of interpreting the model. The guide drew u on the model's unconstrained
/// space and x = T(u) (<see cref="GuideDraw.Unconstrained"/>); the generated density is log p(x, T(u)) + log |det J_T(u)|
/// at u (Kucukelbir et al. 2017, "Automatic differentiation variational inference", §2.3: the ELBO over the
/// unconstrained space), so log p(x, z) = density(u) − log |det J_T(u)|, the guide's own log-Jacobian subtracted on the
/// tape. Where the model has a generated gradient (<see cref="ICompiledGradient"/>) the density and its gradient in u are
/// computed over <c>double</c> and enter the tape as one node with those partials (<see cref="Tape.Record(double, ReadOnlySpan{Real}, ReadOnlySpan{double})"/>);
/// otherwise the generated density runs on the tape. Where the generated code declines a point (a value that is not
/// finite, a parameter out of its domain) or throws, the interpreter scores the same draw, for its value, messages and
/// exceptions.
/// </summary>
/// <remarks>
/// The value equals the interpreter's up to the order of the sums (the generated density adds each choice's log-Jacobian
/// and log density in visiting order, the interpreter the observations' and the latents' log densities separately; here
/// the Jacobian is added and subtracted): a difference of a few units in the last place of the terms' magnitudes. Used
/// only when the guide's blocks are the density's coordinates (one scalar per choice, same addresses, same order),
/// nothing is conditioned by address (the generated density knows no conditions) and the model has a twin with a
/// density — which also rules out <c>Param</c>s and subsampled plates, outside the compiler's fragment. Not thread-safe
/// (the generated gradient's workspace): one per fit.
/// </remarks>
internal sealed class GeneratedModelScorer
{
    private readonly ICompiledDensity _density;
    private readonly ICompiledGradient? _gradient;
    private readonly Func<GuideDraw, Real> _interpreted;
    private readonly double[] _theta, _partials;

    private GeneratedModelScorer(ICompiledDensity density, Func<GuideDraw, Real> interpreted)
    {
        _density = density;
        _gradient = density as ICompiledGradient;
        _interpreted = interpreted;
        int d = density.Addresses().Count;
        _theta = new double[d];
        _partials = new double[d];
    }

    /// <summary>True when gradients come from the generated reverse sweep over <c>double</c> (no tape for the model).</summary>
    public bool GeneratedGradient => _gradient is not null;

    /// <summary>
    /// A scorer through <paramref name="model"/>'s generated density when it applies to <paramref name="guide"/> and
    /// <paramref name="observations"/> (see the remarks on the class); null otherwise. <paramref name="interpreted"/> scores
    /// where the generated code declines.
    /// </summary>
    public static GeneratedModelScorer? TryCreate<T>(Model<T> model, ChoiceMap observations, Guide guide, Func<GuideDraw, Real> interpreted)
    {
        if (observations.Count != 0 || guide.UnconstrainedBlocks is not { } blocks) return null;
        if (!CompiledModels.TryGetTwin(model, out var twin) || twin.CreateDensity() is not { } density) return null;
        var addresses = density.Addresses();
        if (addresses.Count != blocks.Count) return null;
        for (int i = 0; i < blocks.Count; i++)
            if (blocks[i].IsVector || blocks[i].UnconstrainedLength != 1 || blocks[i].Offset != i || blocks[i].Address != addresses[i]) return null;
        return new GeneratedModelScorer(density, interpreted);
    }

    /// <summary>log p(x, z) at the guide's <paramref name="draw"/>, on the tape of its u.</summary>
    public Real LogJoint(GuideDraw draw)
    {
        var u = draw.Unconstrained;
        if (u is null || u.Length != _theta.Length) return _interpreted(draw); // a detached copy (values only): the interpreter
        if (_gradient is not null)
        {
            for (int i = 0; i < u.Length; i++) _theta[i] = u[i].Value;
            if (_gradient.TryLogDensityGradient(_theta, _partials, out double logDensity))
                return Tape.Record(logDensity, u, _partials) - draw.LogJacobian;
            return _interpreted(draw);
        }
        Real logp;
        try
        {
            logp = _density.LogDensity(u, default);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return _interpreted(draw); // the interpreter's exception or value, with the address
        }
        return double.IsFinite(logp.Value) ? logp - draw.LogJacobian : _interpreted(draw);
    }
}
