using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Probabilistic.Numerics;

namespace Probabilistic.PropertyTests.Numerics;

/// <summary>
/// The tape's gradient of random expressions equals Richardson-extrapolated central finite differences.
/// </summary>
/// <remarks>
/// <para>
/// Step: h = 10⁻⁵·max(1, |x|), the usual balance for central differences in double precision
/// between truncation error (h²/6)|f‴| and rounding error ε|f|/h. The central differences D(h) and
/// D(h/2) are combined by Richardson extrapolation, (4·D(h/2) − D(h))/3, whose truncation error is
/// O(h⁴|f⁽⁵⁾|): steep functions such as erfc deep in its tail (|f‴/f′| ≈ (2zz′)² ≈ 10⁵ at z ≈ 16) put
/// the plain central difference's error, (h²/6)|f‴/f′| ≈ 4·10⁻⁶, above the relative term.
/// </para>
/// <para>
/// Tolerance: |g − fd| ≤ 10⁻⁶·max(|g|, |fd|) + 64·u·E/h, where u = 2⁻⁵³ and E = Σₖ |∂f/∂vₖ|·|vₖ| over
/// every intermediate value vₖ (for a wide node, |vₖ| is replaced by the sum of the magnitudes of
/// its terms). The first term is the required relative accuracy. The second is the rounding error
/// of the difference quotient (times 3 for the extrapolation: (4·2 + 1)/3 of the rounding error of
/// D(h)), not a fudge: a computed intermediate carries a relative error of a
/// few u, which reaches the output multiplied by its adjoint ∂f/∂vₖ (first-order rounding-error
/// analysis, e.g. Higham, <i>Accuracy and Stability of Numerical Algorithms</i>, 2nd ed., ch. 3), so each of
/// f(x ± h) is off by at most c·u·E and their difference quotient by c·u·E/h; c = 64 covers the
/// few-ulp error of the library functions (≤ 5 ulps for ours, 1 for Math.*) and the use of E at x
/// rather than at x ± h. The adjoints come from the tape under test, but a wrong adjoint would
/// have to be wrong by a factor of about 10⁴ before it widened the bound enough to hide an error,
/// and then the gradient itself would be off by far more. Truncation error stays below the
/// relative term: the domain guards keep every argument at least ¼ from a singularity, and after
/// extrapolation the error is O(h⁴) times derivatives of at most the erfc-tail size above.
/// </para>
/// <para>
/// Kinks: |a|, min and max are not differentiable where their argument crosses 0; a case where x ± h
/// takes a different side of any kink than x is discarded (FsCheck reports the count).
/// </para>
/// </remarks>
public sealed class GradientProperties
{
    private const double U = 1.1102230246251565e-16; // 2⁻⁵³

    private sealed class Outcome(double value, Evaluation evaluation)
    {
        public double Value { get; } = value;
        public Evaluation Evaluation { get; } = evaluation;
    }

    private static Outcome Constant(Expression f, double[] x)
    {
        var e = new Evaluation(x.Select(v => new Real(v)).ToArray());
        return new Outcome(f.Evaluate(e).Value, e);
    }

    [Property(Arbitrary = [typeof(ExpressionArbitraries)], MaxTest = 1000)]
    public Property Tape_gradient_matches_central_differences(Expression f, Point point)
    {
        double[] x = point.X;
        var tape = new Tape();
        var variables = tape.Variables(x);
        var evaluation = new Evaluation(variables);
        var y = f.Evaluate(evaluation);
        var gradient = new double[x.Length];
        double roundingScale = 0; // E = Σ |∂f/∂vₖ|·magnitudeₖ
        if (y.Tape is not null)
        {
            tape.Gradient(y);
            for (int i = 0; i < x.Length; i++) gradient[i] = tape.Adjoint(variables[i]);
            foreach (var (v, magnitude) in evaluation.Values) roundingScale += Math.Abs(tape.Adjoint(v)) * magnitude;
        }

        var atX = Constant(f, x);
        bool kinkCrossed = false;
        var failures = new List<string>();
        if (atX.Value != y.Value && !(double.IsNaN(atX.Value) && double.IsNaN(y.Value)))
            failures.Add($"value on the tape {y.Value:R} differs from the value of constants {atX.Value:R}");
        if (!double.IsFinite(y.Value)) failures.Add($"value {y.Value:R} is not finite");

        for (int i = 0; i < x.Length; i++)
        {
            double h = 1e-5 * Math.Max(1, Math.Abs(x[i]));
            double? wide = Central(f, x, i, h, atX, out double wideStep);
            double? narrow = Central(f, x, i, h / 2, atX, out _);
            if (wide is null || narrow is null)
            {
                kinkCrossed = true;
                continue;
            }
            // Richardson extrapolation of the two central differences: (4·D(h/2) − D(h))/3.
            double fd = (4 * narrow.Value - wide.Value) / 3;
            double tolerance = 1e-6 * Math.Max(Math.Abs(gradient[i]), Math.Abs(fd)) + 3 * 64 * U * roundingScale / (wideStep / 2);
            if (!(Math.Abs(gradient[i] - fd) <= tolerance))
                failures.Add($"∂f/∂x{i}: tape {gradient[i]:R}, extrapolated difference {fd:R}, |difference| {Math.Abs(gradient[i] - fd):E3} > tolerance {tolerance:E3}");
        }

        return Prop.When(!kinkCrossed, () =>
        {
            if (failures.Count > 0)
                throw new Xunit.Sdk.XunitException($"f = {f}\nat {point}: f = {y.Value:R}, E = {roundingScale:E3}\n" + string.Join("\n", failures));
        }).Classify(evaluation.Values.Count > 20, "more than 20 nodes");
    }

    /// <summary>The central difference with step <paramref name="h"/> (the step actually taken after rounding x ± h), or null when x ± h is across a kink from x.</summary>
    private static double? Central(Expression f, double[] x, int i, double h, Outcome atX, out double step)
    {
        var xp = (double[])x.Clone();
        var xm = (double[])x.Clone();
        xp[i] += h;
        xm[i] -= h;
        step = xp[i] - xm[i];
        var plus = Constant(f, xp);
        var minus = Constant(f, xm);
        if (!plus.Evaluation.KinkSides.SequenceEqual(atX.Evaluation.KinkSides) ||
            !minus.Evaluation.KinkSides.SequenceEqual(atX.Evaluation.KinkSides))
            return null;
        return (plus.Value - minus.Value) / step;
    }

    [ThreadStatic] private static Tape? _reused;

    [Property(Arbitrary = [typeof(ExpressionArbitraries)], MaxTest = 300)]
    public void Reused_tape_gives_the_same_value_and_gradient_as_a_fresh_tape(Expression f, Point point)
    {
        var (value, gradient) = Tape.ValueAndGradient(xs => f.Evaluate(new Evaluation(xs)), point.X);
        var tape = _reused ??= new Tape();
        var reusedGradient = new double[point.X.Length];
        // The tape keeps the nodes of the previous case until it is cleared: reuse must not see them.
        double reusedValue = tape.ValueAndGradient(xs => f.Evaluate(new Evaluation(xs.ToArray())), point.X, reusedGradient);
        Xunit.Assert.Equal(value, reusedValue);
        Xunit.Assert.Equal(gradient, reusedGradient);
    }
}
