using Probabilistic.Distributions;
using FsCheck;
using FsCheck.Fluent;

namespace Probabilistic.PropertyTests.Numerics;

/// <summary>A point (x0, x1, x2) with each coordinate in [−2, 2].</summary>
public sealed record Point(double[] X)
{
    public override string ToString() => "(" + string.Join(", ", X.Select(x => x.ToString("R"))) + ")";
}

/// <summary>
/// Generators of random expressions over every operator and function on <see cref="Real"/>. Each
/// operation keeps its operands inside its domain with <see cref="Evaluation.Positive"/> and
/// <see cref="Evaluation.Bounded"/> (e.g. log(softplus(a) + ¼), exp(4·tanh(a/4))), so every value
/// is finite and every function is smooth where it is evaluated, except at the kinks of |a|,
/// min and max, which the evaluation records.
/// </summary>
public static class ExpressionArbitraries
{
    private const int MaxDepth = 4;

    private static Gen<double> Uniform(double lo, double hi) =>
        Gen.Choose(0, 1_000_000).Select(k => lo + (hi - lo) * k / 1e6);

    private static Operation Op(string format, Func<Real[], Evaluation, Real> apply) =>
        new(format, (xs, e) => e.Note(apply(xs, e)));

    private static Gen<Operation> Unary()
    {
        var fixedOps = new[]
        {
            Op("-{0}", (a, _) => -a[0]),
            Op("exp(sq {0})", (a, e) => RealMath.Exp(e.Bounded(a[0]))),
            Op("expm1(sq {0})", (a, e) => RealMath.Expm1(e.Bounded(a[0]))),
            Op("log(pos {0})", (a, e) => RealMath.Log(e.Positive(a[0]))),
            Op("log1p(pos {0} - 0.9)", (a, e) => RealMath.Log1p(e.Note(e.Positive(a[0]) - 0.9))),
            Op("sqrt(pos {0})", (a, e) => RealMath.Sqrt(e.Positive(a[0]))),
            Op("square({0})", (a, _) => RealMath.Square(a[0])),
            Op("abs({0})", (a, e) => { e.Kink(a[0].Value); return RealMath.Abs(a[0]); }),
            Op("sin(sq {0})", (a, e) => RealMath.Sin(e.Bounded(a[0]))),
            Op("cos(sq {0})", (a, e) => RealMath.Cos(e.Bounded(a[0]))),
            Op("tanh({0})", (a, _) => RealMath.Tanh(a[0])),
            Op("logistic({0})", (a, _) => RealMath.Logistic(a[0])),
            Op("loglogistic({0})", (a, _) => RealMath.LogLogistic(a[0])),
            Op("softplus({0})", (a, _) => RealMath.Softplus(a[0])),
            Op("lgamma(pos {0})", (a, e) => RealMath.LogGamma(e.Positive(a[0]))),
            Op("digamma(pos {0})", (a, e) => RealMath.Digamma(e.Positive(a[0]))),
            Op("erf({0})", (a, _) => RealMath.Erf(a[0])),
            Op("erfc({0})", (a, _) => RealMath.Erfc(a[0])),
        };
        // Operations with a constant, which go through the Real-with-double operators and Pow(Real, double).
        var withConstant = Gen.OneOf(
            Uniform(-2, 2).Select(c => Op($"({{0}} + {c:R})", (a, _) => a[0] + c)),
            Uniform(-2, 2).Select(c => Op($"({c:R} - {{0}})", (a, _) => c - a[0])),
            Uniform(-2, 2).Select(c => Op($"({{0}} * {c:R})", (a, _) => a[0] * c)),
            Uniform(0.5, 3).Select(c => Op($"({{0}} / {c:R})", (a, _) => a[0] / c)),
            Uniform(-2, 2).Select(c => Op($"({c:R} / pos {{0}})", (a, e) => c / e.Positive(a[0]))),
            Uniform(-2.5, 2.5).Select(c => Op($"pow(pos {{0}}, {c:R})", (a, e) => RealMath.Pow(e.Positive(a[0]), c))));
        return Gen.Frequency((3, Gen.Elements(fixedOps)), (1, withConstant));
    }

    private static readonly Operation[] BinaryOps =
    [
        Op("({0} + {1})", (a, _) => a[0] + a[1]),
        Op("({0} - {1})", (a, _) => a[0] - a[1]),
        Op("({0} * {1})", (a, _) => a[0] * a[1]),
        Op("({0} / pos {1})", (a, e) => a[0] / e.Positive(a[1])),
        Op("pow(pos {0}, sq {1} / 2)", (a, e) => RealMath.Pow(e.Positive(a[0]), e.Note(e.Bounded(a[1]) / 2.0))),
        Op("logbeta(pos {0}, pos {1})", (a, e) => RealMath.LogBeta(e.Positive(a[0]), e.Positive(a[1]))),
        Op("logsumexp({0}, {1})", (a, _) => RealMath.LogSumExp(a[0], a[1])),
        Op("min({0}, {1})", (a, e) => { e.Kink(a[0].Value - a[1].Value); return RealMath.Min(a[0], a[1]); }),
        Op("max({0}, {1})", (a, e) => { e.Kink(a[0].Value - a[1].Value); return RealMath.Max(a[0], a[1]); }),
    ];

    private static double SumOfMagnitudes(Real[] xs) => xs.Sum(x => Math.Abs(x.Value));

    /// <summary>Vector operations on n operands; wide nodes note the magnitude of the terms they sum.</summary>
    private static Gen<Operation> Nary(int n) =>
        from data in Gen.ArrayOf(Uniform(-3, 3), n)
        from coefficients in Gen.ArrayOf(Uniform(-2, 2), n)
        from scales in Gen.ArrayOf(Uniform(0.5, 3), n)
        from matrix in Gen.ArrayOf(Uniform(-2, 2), 2 * n)
        let list = "[" + string.Join(", ", data.Select(d => d.ToString("R"))) + "]"
        from op in Gen.Elements(
            new Operation("sum({*})", (a, e) => e.Note(RealMath.Sum(a), SumOfMagnitudes(a))),
            new Operation("logsumexp({*})", (a, e) => e.Note(RealMath.LogSumExp(a))),
            new Operation($"dot({{*}}; {string.Join(", ", coefficients.Select(c => c.ToString("R")))})",
                (a, e) => e.Note(RealMath.Dot(a, coefficients), a.Select((x, i) => Math.Abs(x.Value * coefficients[i])).Sum())),
            new Operation($"normalsum({list} | {{*}} as mu, pos last as sigma)",
                (a, e) => NormalSum(e, a.Length == 1 ? [] : data[..(a.Length - 1)], a[..^1], e.Positive(a[^1]))),
            new Operation($"normalsum({list} | first as mu, pos last as sigma)",
                (a, e) => NormalSum(e, data, a[0], e.Positive(a[^1]))),
            new Operation($"normalsum({list} | {{*}} as mu, sigma {string.Join(", ", scales.Select(s => s.ToString("R")))})",
                (a, e) => NormalSum(e, data, a, scales)),
            new Operation($"logsumexp(matvec(2×{n} {string.Join(", ", matrix.Select(m => m.ToString("R")))}, {{*}}))",
                (a, e) =>
                {
                    var x = new double[2, n];
                    for (int k = 0; k < matrix.Length; k++) x[k / n, k % n] = matrix[k];
                    var rows = RealMath.MatVec(x, a);
                    for (int i = 0; i < 2; i++)
                    {
                        double magnitude = 0;
                        for (int j = 0; j < n; j++) magnitude += Math.Abs(x[i, j] * a[j].Value);
                        e.Note(rows[i], magnitude);
                    }
                    return e.Note(RealMath.LogSumExp(rows));
                }))
        select op;

    // The magnitude of Σ[−½zᵢ² − log σᵢ − ½log 2π] is that of its terms.
    private static Real NormalSum(Evaluation e, double[] data, Real[] mu, Real sigma)
    {
        var r = Likelihoods.NormalLogDensitySum(data, mu, sigma);
        return e.Note(r, Magnitude(data, i => mu[i].Value, _ => sigma.Value));
    }

    private static Real NormalSum(Evaluation e, double[] data, Real mu, Real sigma)
    {
        var r = Likelihoods.NormalLogDensitySum(data, mu, sigma);
        return e.Note(r, Magnitude(data, _ => mu.Value, _ => sigma.Value));
    }

    private static Real NormalSum(Evaluation e, double[] data, Real[] mu, double[] sigma)
    {
        var r = Likelihoods.NormalLogDensitySum(data, mu, sigma.AsSpan(0, data.Length));
        return e.Note(r, Magnitude(data, i => mu[i].Value, i => sigma[i]));
    }

    private static double Magnitude(double[] data, Func<int, double> mu, Func<int, double> sigma)
    {
        double m = 0;
        for (int i = 0; i < data.Length; i++)
        {
            double z = (data[i] - mu(i)) / sigma(i);
            m += 0.5 * z * z + Math.Abs(Math.Log(sigma(i))) + 1;
        }
        return m;
    }

    private static Gen<Expression> Leaf() =>
        Gen.Frequency(
            (3, Gen.Choose(0, 2).Select(i => (Expression)new Variable(i))),
            (1, Uniform(-2, 2).Select(c => (Expression)new Constant(c))));

    private static Gen<Expression> Tree(int depth) =>
        depth == 0
            ? Leaf()
            : Gen.Frequency(
                (1, Leaf()),
                (4, from op in Unary() from a in Tree(depth - 1) select (Expression)new Application(op, [a])),
                (4, from op in Gen.Elements(BinaryOps) from a in Tree(depth - 1) from b in Tree(depth - 1) select (Expression)new Application(op, [a, b])),
                (2, from n in Gen.Choose(1, 4) from op in Nary(n) from items in Gen.ArrayOf(Tree(depth - 1), n) select (Expression)new Application(op, items)));

    /// <summary>Expressions of depth up to 4 (growing with FsCheck's size), shrinking to their subexpressions.</summary>
    public static Arbitrary<Expression> Expressions() =>
        Arb.From(Gen.Sized(size => Tree(Math.Min(MaxDepth, 1 + size / 10))), e => e.Children);

    /// <summary>Points with coordinates in [−2, 2].</summary>
    public static Arbitrary<Point> Points() =>
        Arb.From(Gen.ArrayOf(Uniform(-2, 2), 3).Select(x => new Point(x)));
}
