using Probabilistic.Distributions;
using Probabilistic.Numerics;

namespace Probabilistic.Inference.Variational;

/// <summary>
/// The mean-field Gaussian autoguide on the unconstrained space (Pyro's <c>AutoNormal</c>; Kucukelbir et al. 2017,
/// "Automatic differentiation variational inference", JMLR 18): each latent continuous choice of the model is
/// T(u) with u ~ Normal(loc, scale) coordinate-wise, T its support's bijector, so
/// log q(x) = Σ log N(u; loc, scale) − log |det J_T(u)|. Parameters: <c>auto_loc/&lt;address&gt;/i</c> (initially 0) and
/// <c>auto_scale/&lt;address&gt;/i</c> (positive, initially <see cref="InitialScale"/>). Every choice is reparameterized.
/// </summary>
public sealed class AutoNormal : Guide
{
    private readonly IReadOnlyList<ParameterBlock> _blocks;

    private readonly int _dimension;
    private readonly Address[][] _locs, _scales; // each block's parameter addresses, built once rather than per draw

    private AutoNormal(IReadOnlyList<ParameterBlock> blocks, double initialScale)
    {
        _blocks = blocks;
        _dimension = blocks.Sum(b => b.UnconstrainedLength);
        _locs = blocks.Select(b => Enumerable.Range(0, b.UnconstrainedLength).Select(i => LocAddress(b.Address) / i).ToArray()).ToArray();
        _scales = blocks.Select(b => Enumerable.Range(0, b.UnconstrainedLength).Select(i => ScaleAddress(b.Address) / i).ToArray()).ToArray();
        InitialScale = initialScale;
    }

    /// <summary>The initial scale of every coordinate (Pyro's <c>init_scale</c>, 0.1).</summary>
    public double InitialScale { get; }

    /// <summary>The latent continuous choices the guide covers, discovered from the model as NUTS discovers them.</summary>
    public IReadOnlyList<ParameterBlock> Blocks => _blocks;

    /// <summary>An AutoNormal guide for <paramref name="model"/> conditioned on <paramref name="observations"/>.</summary>
    /// <exception cref="ModelException">The model has an unobserved discrete choice, or no latent continuous choice.</exception>
    public static AutoNormal Create<T>(Model<T> model, ChoiceMap? observations = null, double initialScale = 0.1)
    {
        if (!(initialScale > 0) || !double.IsFinite(initialScale))
            throw new ArgumentOutOfRangeException(nameof(initialScale), initialScale, "AutoNormal: the initial scale must be positive and finite.");
        var density = ModelDensity<T>.Create(model, observations, algorithm: "AutoNormal", compile: false);
        return new AutoNormal(density.Blocks, initialScale);
    }

    /// <summary>The address prefix of the location parameters of a choice (one per unconstrained coordinate: <c>auto_loc/&lt;address&gt;/i</c>).</summary>
    public static Address LocAddress(Address choice) => Address.Root / "auto_loc" / choice;

    /// <summary>The address prefix of the scale parameters of a choice (<c>auto_scale/&lt;address&gt;/i</c>).</summary>
    public static Address ScaleAddress(Address choice) => Address.Root / "auto_scale" / choice;

    internal override IReadOnlyList<ParameterBlock> UnconstrainedBlocks => _blocks;

    internal override GuideDraw Draw(ParameterStore store, Rng rng)
    {
        var draw = new GuideDraw();
        var all = new Real[_dimension]; // every block's u, kept in the draw for a generated density
        for (int k = 0; k < _blocks.Count; k++)
        {
            var b = _blocks[k];
            int d = b.UnconstrainedLength;
            var u = all.AsSpan(b.Offset, d);
            Real logq = 0;
            for (int i = 0; i < d; i++)
            {
                var loc = store.Scalar(_locs[k][i], 0.0, null);
                var scale = store.Scalar(_scales[k][i], InitialScale, Support.Positive);
                double eps = rng.NextGaussian();
                u[i] = loc + scale * eps;
                // log N(u; loc, scale) with u − loc = scale·ε: −ε²/2 − log scale − ½ log 2π.
                logq += -0.5 * eps * eps - RealMath.Log(scale) - SpecialFunctions.HalfLogTwoPi;
            }
            var x = new Real[b.ConstrainedLength];
            var logJ = b.Support.Bijector.Forward(u, x);
            logq -= logJ;
            draw.LogJacobian += logJ;
            draw.LogQ += logq;
            draw.Values[b.Address] = b.IsVector ? x : x[0];
        }
        draw.Unconstrained = all;
        return draw;
    }

    /// <summary>log q(x) at given values: u = T⁻¹(x) held fixed, Σ log N(u; loc, scale) − log |det J_T(u)|.</summary>
    internal override Real LogDensity(ParameterStore store, IReadOnlyDictionary<Address, object> values)
    {
        Real logq = 0;
        foreach (var b in _blocks)
        {
            if (!values.TryGetValue(b.Address, out var value))
                throw new ModelException($"AutoNormal: no value given for the choice '{b.Address}'.", b.Address);
            double[] x = value switch
            {
                Real r => [r.Value],
                Real[] a => Array.ConvertAll(a, e => e.Value),
                _ => throw new ModelException($"AutoNormal: the value at '{b.Address}' is a {value.GetType().Name}, not a real value.", b.Address),
            };
            var u = new double[b.UnconstrainedLength];
            b.Support.Bijector.Inverse(x, u);
            var fixedU = new Real[u.Length];
            for (int i = 0; i < u.Length; i++)
            {
                var loc = store.Scalar(LocAddress(b.Address) / i, 0.0, null);
                var scale = store.Scalar(ScaleAddress(b.Address) / i, InitialScale, Support.Positive);
                var eps = (u[i] - loc) / scale;
                logq += -0.5 * eps * eps - RealMath.Log(scale) - SpecialFunctions.HalfLogTwoPi;
                fixedU[i] = new Real(u[i]);
            }
            logq -= b.Support.Bijector.Forward(fixedU, new Real[b.ConstrainedLength]);
        }
        if (values.Count != _blocks.Count)
        {
            var extra = values.Keys.First(a => !_blocks.Any(b => b.Address == a));
            throw new ModelException($"AutoNormal: the values name a choice '{extra}' that the guide does not make.", extra);
        }
        return logq;
    }
}
