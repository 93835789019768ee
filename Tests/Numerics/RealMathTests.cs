using Probabilistic.Numerics;
using Xunit;
using MathNetSf = MathNet.Numerics.SpecialFunctions;

namespace Probabilistic.Tests.Numerics;

/// <summary>
/// Each function on <see cref="Real"/>: its value on a tape equals its value on a constant, it
/// records exactly one node, a constant argument records none, and its partial derivative equals
/// an independently written closed form.
/// </summary>
public sealed class RealMathTests
{
    // The closed forms below are algebraically equal to the partials the library records but are
    // evaluated differently (e.g. 1/cosh²x against 1 − tanh²x); at the test points (|x| ≤ 3) the
    // worst such pair loses two digits to cancellation (1 − tanh²3 ≈ 10⁻²), so 10⁻¹² relative.
    private const double Relative = 1e-12;

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private static readonly Dictionary<string, (Func<Real, Real> F, Func<double, double> Value, Func<double, double> Derivative, double[] Points)> Unary = new()
    {
        ["Exp"] = (RealMath.Exp, Math.Exp, Math.Exp, [-3, -0.5, 0, 1.7]),
        ["Log"] = (RealMath.Log, Math.Log, x => 1 / x, [0.01, 0.5, 1, 30]),
        ["Log1p"] = (RealMath.Log1p, MathNetSf.Log1p, x => 1 / (1 + x), [-0.9, -1e-9, 0, 1e-9, 2.5]),
        ["Expm1"] = (RealMath.Expm1, x => Math.Abs(x) < 1e-5 ? x + x * x / 2 + x * x * x / 6 : Math.Exp(x) - 1, Math.Exp, [-2, -1e-9, 0, 1e-9, 1.5]),
        ["Sqrt"] = (RealMath.Sqrt, Math.Sqrt, x => 1 / (2 * Math.Sqrt(x)), [1e-6, 0.25, 2, 100]),
        ["Square"] = (RealMath.Square, x => x * x, x => 2 * x, [-3, 0, 0.5]),
        ["Abs"] = (RealMath.Abs, Math.Abs, x => Math.Sign(x), [-2, 0, 0.3]),
        ["Sin"] = (RealMath.Sin, Math.Sin, Math.Cos, [-2, 0, 1]),
        ["Cos"] = (RealMath.Cos, Math.Cos, x => -Math.Sin(x), [-2, 0, 1]),
        ["Tanh"] = (RealMath.Tanh, Math.Tanh, x => 1 / (Math.Cosh(x) * Math.Cosh(x)), [-3, 0, 0.7, 3]),
        ["Logistic"] = (RealMath.Logistic, Sigmoid, x => Sigmoid(x) * Sigmoid(-x), [-3, 0, 2]),
        ["LogLogistic"] = (RealMath.LogLogistic, x => Math.Log(Sigmoid(x)), x => Sigmoid(-x), [-3, 0, 2]),
        ["Softplus"] = (RealMath.Softplus, x => Math.Log(1 + Math.Exp(x)), Sigmoid, [-3, 0, 2]),
        ["LogGamma"] = (RealMath.LogGamma, MathNetSf.GammaLn, MathNetSf.DiGamma, [0.3, 1.7, 4.2, 25]),
        ["Digamma"] = (RealMath.Digamma, MathNetSf.DiGamma, SpecialFunctions.Trigamma, [0.3, 3.1, 4.2, 25]),
        ["Erf"] = (RealMath.Erf, MathNetSf.Erf, x => 2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x), [-1.5, 0, 0.3, 2]),
        ["Erfc"] = (RealMath.Erfc, MathNetSf.Erfc, x => -2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x), [-1.5, 0, 0.3, 2]),
        ["Pow(x, 2.5)"] = (x => RealMath.Pow(x, 2.5), x => Math.Pow(x, 2.5), x => 2.5 * Math.Pow(x, 1.5), [0, 0.5, 3]),
        ["Pow(x, -1)"] = (x => RealMath.Pow(x, -1.0), x => 1 / x, x => -1 / (x * x), [-2, 0.5, 3]),
        ["-x"] = (x => -x, x => -x, _ => -1, [-1, 2]),
        ["x + 3"] = (x => x + 3.0, x => x + 3, _ => 1, [-1, 2]),
        ["3 + x"] = (x => 3.0 + x, x => x + 3, _ => 1, [-1, 2]),
        ["x - 3"] = (x => x - 3.0, x => x - 3, _ => 1, [-1, 2]),
        ["3 - x"] = (x => 3.0 - x, x => 3 - x, _ => -1, [-1, 2]),
        ["x * 3"] = (x => x * 3.0, x => x * 3, _ => 3, [-1, 2]),
        ["3 * x"] = (x => 3.0 * x, x => x * 3, _ => 3, [-1, 2]),
        ["x / 4"] = (x => x / 4.0, x => x / 4, _ => 0.25, [-1, 2]),
        ["4 / x"] = (x => 4.0 / x, x => 4 / x, x => -4 / (x * x), [-1, 2]),
        // A constant Real as the first operand (once lost its gradient: the parent sat in the second slot).
        ["Real(3) - x"] = (x => new Real(3) - x, x => 3 - x, _ => -1, [-1, 2]),
        ["Real(4) / x"] = (x => new Real(4) / x, x => 4 / x, x => -4 / (x * x), [-1, 2]),
        ["Real(3) * x"] = (x => new Real(3) * x, x => 3 * x, _ => 3, [-1, 2]),
    };

    public static TheoryData<string> UnaryNames() => [.. Unary.Keys];

    [Theory]
    [MemberData(nameof(UnaryNames))]
    public void Unary_function_records_one_node_with_its_analytic_derivative(string name)
    {
        var (f, value, derivative, points) = Unary[name];
        foreach (double x in points)
        {
            var (v, d, nodes) = TapeDerivative.Of(f, x);
            Real constant = f(new Real(x));
            Assert.True(constant.IsConstant, $"{name}({x}) of a constant recorded a node");
            Assert.Equal(constant.Value, v); // same arithmetic on and off the tape
            Assert.Equal(1, nodes);
            SpecialFunctionReferenceTests.AssertClose(value(x), v, Relative, 1e-300, $"{name}({x})");
            SpecialFunctionReferenceTests.AssertClose(derivative(x), d, Relative, 1e-300, $"{name}'({x})");
        }
    }

    private static readonly Dictionary<string, (Func<Real, Real, Real> F, Func<double, double, (double V, double Da, double Db)> Expected, (double A, double B)[] Points)> Binary = new()
    {
        ["a + b"] = ((a, b) => a + b, (a, b) => (a + b, 1, 1), [(1, 2), (-3, 0.5)]),
        ["a - b"] = ((a, b) => a - b, (a, b) => (a - b, 1, -1), [(1, 2), (-3, 0.5)]),
        ["a * b"] = ((a, b) => a * b, (a, b) => (a * b, b, a), [(1, 2), (-3, 0.5)]),
        ["a / b"] = ((a, b) => a / b, (a, b) => (a / b, 1 / b, -a / (b * b)), [(1, 2), (-3, 0.5)]),
        ["Pow(a, b)"] = (RealMath.Pow, (a, b) => (Math.Pow(a, b), b * Math.Pow(a, b - 1), Math.Pow(a, b) * Math.Log(a)), [(2, 3), (0.5, -1.5), (7, 0.25)]),
        ["LogBeta(a, b)"] = (RealMath.LogBeta, (a, b) => (MathNetSf.BetaLn(a, b), MathNetSf.DiGamma(a) - MathNetSf.DiGamma(a + b), MathNetSf.DiGamma(b) - MathNetSf.DiGamma(a + b)), [(0.5, 0.5), (2, 3), (1.5, 12)]),
        ["LogSumExp(a, b)"] = (RealMath.LogSumExp, (a, b) => (Math.Log(Math.Exp(a) + Math.Exp(b)), Math.Exp(a) / (Math.Exp(a) + Math.Exp(b)), Math.Exp(b) / (Math.Exp(a) + Math.Exp(b))), [(1, 2), (-3, 0.5), (2, 2)]),
    };

    public static TheoryData<string> BinaryNames() => [.. Binary.Keys];

    [Theory]
    [MemberData(nameof(BinaryNames))]
    public void Binary_function_records_one_node_with_its_analytic_partials(string name)
    {
        var (f, expected, points) = Binary[name];
        foreach (var (a, b) in points)
        {
            var (v, da, db, nodes) = TapeDerivative.Of(f, a, b);
            var (ev, eda, edb) = expected(a, b);
            Assert.Equal(1, nodes);
            Assert.Equal(f(a, b).Value, v);
            Assert.True(f(a, b).IsConstant);
            // LogBeta's expected partials subtract digammas of MathNet, whose absolute error is ≈ 2·10⁻¹⁵.
            SpecialFunctionReferenceTests.AssertClose(ev, v, Relative, 0, $"{name}({a}, {b})");
            SpecialFunctionReferenceTests.AssertClose(eda, da, Relative, 1e-14, $"∂a {name}({a}, {b})");
            SpecialFunctionReferenceTests.AssertClose(edb, db, Relative, 1e-14, $"∂b {name}({a}, {b})");
        }
    }

    [Fact]
    public void Binary_function_with_one_constant_operand_differentiates_the_other()
    {
        var tape = new Tape();
        var x = tape.Variable(2.0);
        var y = RealMath.Pow(3.0, x) + RealMath.LogBeta(2.5, x) + RealMath.LogSumExp(1.0, x);
        tape.Gradient(y);
        double expected = Math.Pow(3, 2) * Math.Log(3) + MathNetSf.DiGamma(2) - MathNetSf.DiGamma(4.5)
            + Math.Exp(2) / (Math.Exp(1) + Math.Exp(2));
        SpecialFunctionReferenceTests.AssertClose(expected, tape.Adjoint(x), Relative, 1e-14);
    }

    [Fact]
    public void Min_and_Max_return_the_chosen_operand_without_recording()
    {
        var tape = new Tape();
        var a = tape.Variable(1.0);
        var b = tape.Variable(2.0);
        int count = tape.Count;
        var lo = RealMath.Min(a, b);
        var hi = RealMath.Max(a, b);
        Assert.Equal(count, tape.Count);
        Assert.Equal(1.0, lo.Value);
        Assert.Equal(2.0, hi.Value);
        tape.Gradient(lo * 10.0 + hi);
        Assert.Equal(10.0, tape.Adjoint(a));
        Assert.Equal(1.0, tape.Adjoint(b));
        Assert.True(double.IsNaN(RealMath.Max(double.NaN, 1.0).Value));
        Assert.True(double.IsNaN(RealMath.Max(1.0, double.NaN).Value));
        Assert.True(double.IsNaN(RealMath.Min(double.NaN, 1.0).Value));
        Assert.True(double.IsNaN(RealMath.Min(1.0, double.NaN).Value));
    }

    [Fact]
    public void Pow_at_zero_base_has_finite_partials()
    {
        var (v, da, db, _) = TapeDerivative.Of(RealMath.Pow, 0.0, 2.0);
        Assert.Equal(0.0, v);
        Assert.Equal(0.0, da); // 2·0¹
        Assert.Equal(0.0, db); // 0²·log 0 → 0, the limit from above
    }
}
