using System.Globalization;

namespace Probabilistic.Distributions;

/// <summary>
/// Delta(v): the point mass at v (Pyro's <c>Delta</c>). Over <see cref="Real"/>: the log density is 0 at
/// v and −∞ elsewhere (a density with respect to counting measure on {v}), so it is also a finite
/// distribution with the single value v. Use it to fix a latent variable, or as a guide that gives a
/// MAP point estimate.
/// </summary>
/// <remarks>
/// <see cref="Rsample"/> returns v itself, so gradients flow to v when it is a tape value (as with
/// Pyro's <c>Delta(v).rsample()</c>); <see cref="Sample"/> returns its value as a constant. Values are
/// compared by their double values; the log density never depends on v's tape.
/// </remarks>
public sealed class Delta : IFiniteDistribution<Real>, IReparameterized<Real>, IMoments, IHasSupport
{
    private readonly Real[] _support;
    private readonly Support _pointSupport;

    /// <summary>Creates the point mass at <paramref name="value"/>, a finite number.</summary>
    /// <exception cref="ArgumentException">The value is NaN or infinite.</exception>
    public Delta(Real value)
    {
        Parameters.Finite(nameof(Delta), "value", value.Value);
        Value = value;
        _support = [value];
        _pointSupport = new PointSupport(value.Value);
    }

    /// <summary>The point v.</summary>
    public Real Value { get; }

    /// <inheritdoc />
    public string Name => $"Delta(value={Value})";

    /// <summary>The set {v}, discrete.</summary>
    public Support Support => _pointSupport;

    /// <summary>The mean, v.</summary>
    public double Mean => Value.Value;

    /// <summary>The variance, 0.</summary>
    public double Variance => 0;

    /// <summary>v's value, as a constant.</summary>
    public Real Sample(Rng rng) => Value.Value;

    /// <summary>v itself, carrying its tape node.</summary>
    public Real Rsample(Rng rng) => Value;

    /// <summary>0 where <paramref name="value"/> equals v, −∞ elsewhere.</summary>
    public Real LogProb(Real value) => value.Value == Value.Value ? 0.0 : double.NegativeInfinity;

    /// <summary>The one value, v.</summary>
    public IReadOnlyList<Real> EnumerateSupport() => _support;

    /// <inheritdoc />
    public override string ToString() => Name;

    private sealed class PointSupport(double point) : Support
    {
        public override string Name => $"point({point.ToString("R", CultureInfo.InvariantCulture)})";
        public override bool IsDiscrete => true;
        public override bool Contains(double x) => x == point;
    }
}
