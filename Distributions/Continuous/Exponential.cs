using Probabilistic.Numerics;

namespace Probabilistic.Distributions;

/// <summary>
/// Exponential(rate): rate λ &gt; 0 (Stan's <c>exponential(beta)</c> with β = λ; mean 1/λ), density
/// p(x) = λe^(−λx) on [0, ∞) (the density at 0 is λ, as in Stan, SciPy and PyTorch).
/// </summary>
public sealed class Exponential : IUnivariateCdf, IReparameterized<Real>
{
    private readonly double _rate, _logRate;

    /// <summary>Creates Exponential(rate).</summary>
    /// <exception cref="ArgumentException">rate is not positive and finite (ParamName "rate").</exception>
    public Exponential(Real rate)
    {
        Parameters.Positive(nameof(Exponential), "rate", rate.Value);
        Rate = rate;
        _rate = rate.Value;
        _logRate = Math.Log(_rate);
    }

    /// <summary>The rate λ.</summary>
    public Real Rate { get; }

    /// <inheritdoc />
    public string Name => $"Exponential(rate={Rate})";

    /// <inheritdoc />
    public Support Support => Support.NonNegative;

    /// <summary>1/λ.</summary>
    public double Mean => 1 / _rate;

    /// <summary>1/λ².</summary>
    public double Variance => 1 / (_rate * _rate);

    /// <summary>−log(u)/λ, u uniform on (0, 1) (inverse CDF); never 0.</summary>
    public Real Sample(Rng rng) => new(-Math.Log(rng.NextOpenDouble()) / _rate);

    /// <summary>x = E/λ with E = −log u: ∂x/∂λ = −x/λ.</summary>
    public Real Rsample(Rng rng)
    {
        double x = -Math.Log(rng.NextOpenDouble()) / _rate;
        return Tape.Record(x, Rate, -x / _rate);
    }

    /// <summary>log p(x) = log λ − λx for x ≥ 0 (−∞ otherwise). One node: ∂/∂x = −λ, ∂/∂λ = 1/λ − x.</summary>
    public Real LogProb(Real x)
    {
        double xv = x.Value;
        if (!(xv >= 0 && xv < double.PositiveInfinity)) return double.NegativeInfinity;
        double v = _logRate - _rate * xv;
        if (TapeNode.AllConstant(x, Rate)) return new Real(v);
        return TapeNode.Replayable(Tape.Record(v, x, -_rate, Rate, 1 / _rate - xv), Density.Instance, x, Rate);
    }

    // log λ − λx and its partials (−λ, 1/λ − x); replays the node: operands (x, λ).
    private sealed class Density : BinaryReplayKernel
    {
        public static readonly Density Instance = new();

        public override double Evaluate(double xv, double rate, ReadOnlySpan<double> constants, out double dx, out double dRate)
        {
            if (!(xv >= 0 && xv < double.PositiveInfinity))
            {
                dx = dRate = 0;
                return double.NegativeInfinity;
            }
            dx = -rate;
            dRate = 1 / rate - xv;
            return Math.Log(rate) - rate * xv;
        }
    }

    /// <summary>log(1 − e^(−λx)) = log(−expm1(−λx)); −∞ for x ≤ 0. ∂/∂x = λ/expm1(λx), ∂/∂λ = x/expm1(λx).</summary>
    public Real LogCdf(Real x)
    {
        double xv = x.Value;
        if (!(xv > 0)) return double.NegativeInfinity;
        double t = _rate * xv;
        double v = Math.Log(-SpecialFunctions.Expm1(-t));
        if (TapeNode.AllConstant(x, Rate)) return new Real(v);
        double d = 1 / SpecialFunctions.Expm1(t);
        return Tape.Record(v, x, _rate * d, Rate, xv * d);
    }

    /// <summary>log(1 − F(x)) = −λx; 0 for x ≤ 0.</summary>
    public Real LogSurvival(Real x)
    {
        double xv = x.Value;
        if (!(xv > 0)) return 0.0;
        if (TapeNode.AllConstant(x, Rate)) return new Real(-_rate * xv);
        return Tape.Record(-_rate * xv, x, -_rate, Rate, -xv);
    }

    /// <summary>−log(1 − p)/λ.</summary>
    public double InverseCdf(double p)
    {
        Parameters.QuantileLevel(nameof(Exponential), p);
        return -SpecialFunctions.Log1p(-p) / _rate;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
