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
/// finite, a parameter out of its domain: <see cref="ArgumentException"/>, <see cref="ModelException"/>), the interpreter
/// scores the same draw, for its value, messages and exceptions; any other exception of the generated code propagates.
/// </summary>
/// <remarks>
/// The value equals the interpreter's up to the order of the sums (the generated density adds each choice's log-Jacobian
/// and log density in visiting order, the interpreter the observations' and the latents' log densities separately; here
/// the Jacobian is added and subtracted): a difference of a few units in the last place of the terms' magnitudes. Used
/// only when the guide's blocks are the density's coordinates (one scalar per choice, same addresses, same order), every
/// choice's support is the one the guide fixed (not one that depends on another latent: checked at a few points when the
/// scorer is made, and on each draw of the tape path),
/// nothing is conditioned by address (the generated density knows no conditions) and the model has a twin with a
/// density — which also rules out <c>Param</c>s and subsampled plates, outside the compiler's fragment. Not thread-safe
/// (the generated gradient's workspace): one per fit.
/// </remarks>
internal sealed class GeneratedModelScorer
{
    private readonly ICompiledDensity _density;
    private readonly ICompiledGradient? _gradient;
    private readonly Func<GuideDraw, Real> _interpreted;
    private readonly double[] _theta, _partials, _constrained;

    private readonly IReadOnlyList<ParameterBlock> _blocks;

    private GeneratedModelScorer(ICompiledDensity density, Func<GuideDraw, Real> interpreted, IReadOnlyList<ParameterBlock> blocks)
    {
        _density = density;
        _gradient = density as ICompiledGradient;
        _interpreted = interpreted;
        _blocks = blocks;
        int d = density.Addresses().Count;
        _theta = new double[d];
        _partials = new double[d];
        _constrained = new double[d];
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
        if (!SupportsAreFixed(density, blocks)) return null;
        return new GeneratedModelScorer(density, interpreted, blocks);
    }

    // Probe points: every coordinate at one value; a dependent support (Uniform(0, a) with a = e^θ_a) has other bounds at
    // each, and the guide's at most at the one its support was taken at.
    private static readonly double[] ProbeValues = [-1.3, 0.0, 0.7, 2.1];

    /// <summary>
    /// Whether the generated density maps each coordinate through the support the guide fixed when it was created: the
    /// density takes each choice's bijector from the distribution it builds at run time, the guide from the support its
    /// block holds, so a support that depends on another latent (x ~ Uniform(0, a)) gives another x and another Jacobian,
    /// and the generated path would not compute the guide's ELBO. Checked at a few points θ (each coordinate at each of
    /// <see cref="ProbeValues"/>): the density's constrained values must be the blocks' bijectors' at θ, bit for bit. A
    /// point the model rejects proves nothing and is skipped; if every point is rejected, the interpreter scores. The check
    /// is on values, not on the program (a dependent support equal to the guide's at every probe passes it): the tape
    /// path compares each draw's values as well (<see cref="LogJoint"/>), and the generated gradient exists only for
    /// families whose support is fixed (Normal: ℝ; the positive families: (0, ∞); Beta: (0, 1); Uniform only with bounds
    /// that are data — GradientEmitter.Families).
    /// </summary>
    private static bool SupportsAreFixed(ICompiledDensity density, IReadOnlyList<ParameterBlock> blocks)
    {
        int d = blocks.Count;
        var theta = new Real[d];
        var constrained = new double[d];
        var u = new Real[1];
        var x = new Real[1];
        bool probed = false;
        foreach (double value in ProbeValues)
        {
            for (int i = 0; i < d; i++) theta[i] = value;
            try
            {
                if (!double.IsFinite(density.LogDensity(theta, constrained).Value)) continue;
            }
            catch (Exception e) when (Declines(e))
            {
                continue;
            }
            for (int i = 0; i < d; i++)
            {
                u[0] = value;
                blocks[i].Support.Bijector.Forward(u, x);
                if (x[0].Value != constrained[i]) return false;
            }
            probed = true;
        }
        return probed;
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
            logp = _density.LogDensity(u, _constrained);
        }
        catch (Exception e) when (Declines(e))
        {
            return _interpreted(draw); // the interpreter's exception or value, with the address
        }
        if (!double.IsFinite(logp.Value)) return _interpreted(draw);
        // The density's x must be the guide's (a support that depends on another latent maps u elsewhere: see SupportsAreFixed).
        for (int i = 0; i < _blocks.Count; i++)
            if (!draw.Values.TryGetValue(_blocks[i].Address, out var x) || x is not Real r || r.Value != _constrained[i]) return _interpreted(draw);
        return logp - draw.LogJacobian;
    }

    /// <summary>
    /// The exceptions by which the generated density rejects a point (<see cref="ICompiledDensity.LogDensity"/>): a
    /// distribution's <see cref="ArgumentException"/> for a parameter out of its domain (a plate's negative size included), a
    /// <see cref="ModelException"/> for a NaN or +∞ log weight. Anything else is a fault of the generated code, not of the
    /// point, and propagates.
    /// </summary>
    private static bool Declines(Exception e) => e is ArgumentException or ModelException;
}
