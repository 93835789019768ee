using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Probabilistic.Numerics;

namespace Probabilistic.PropertyTests.Numerics;

/// <summary>
/// A tape recorded at one point and compiled (<see cref="TapeProgram"/>) gives, at another point,
/// the value and gradient that a fresh tape gives there — unless a guard (min, max) comes out
/// differently, which the program must then report.
/// </summary>
public sealed class CompiledTapeProperties
{
    [Property(Arbitrary = [typeof(ExpressionArbitraries)], MaxTest = 500)]
    public Property Replay_at_another_point_equals_a_fresh_tape(Expression f, Point recordAt, Point replayAt)
    {
        var tape = new Tape();
        tape.StartRecording();
        var xs = tape.Variables(recordAt.X);
        var y = f.Evaluate(new Evaluation(xs));
        var program = TapeProgram.Compile(tape, xs, y, out string? reason);
        if (y.Tape is null || !double.IsFinite(y.Value)) return Prop.When(false, () => { }); // nothing to compile
        if (program is null) throw new Xunit.Sdk.XunitException($"f = {f} did not compile: {reason}");

        var gradient = new double[replayAt.X.Length];
        bool held = program.TryEvaluate(replayAt.X, gradient, out double value);
        var expectedGradient = new double[gradient.Length];
        var fresh = new Tape();
        var freshXs = fresh.Variables(replayAt.X);
        var evaluation = new Evaluation(freshXs);
        var freshY = f.Evaluate(evaluation);
        var recorded = new Evaluation(recordAt.X.Select(v => new Real(v)).ToArray());
        f.Evaluate(recorded);
        if (!held)
        {
            // Only min and max record guards: a failure means one of them chose the other operand.
            if (recorded.KinkSides.SequenceEqual(evaluation.KinkSides))
                throw new Xunit.Sdk.XunitException($"f = {f}: a guard failed at {replayAt} though every kink is on the recorded side");
            return Prop.When(true, () => { }).Classify(true, "guard failed");
        }
        if (freshY.Tape is not null)
        {
            fresh.Gradient(freshY);
            for (int i = 0; i < gradient.Length; i++) expectedGradient[i] = fresh.Adjoint(freshXs[i]);
        }
        Close(f, replayAt, "value", freshY.Value, value);
        for (int i = 0; i < gradient.Length; i++) Close(f, replayAt, $"∂f/∂x{i}", expectedGradient[i], gradient[i]);
        return Prop.When(true, () => { }).Classify(false, "guard failed");
    }

    private static void Close(Expression f, Point at, string what, double expected, double actual)
    {
        if (expected.Equals(actual) || Math.Abs(expected - actual) <= 1e-12 * Math.Max(1, Math.Abs(expected))) return;
        throw new Xunit.Sdk.XunitException($"f = {f} at {at}: {what} replayed {actual:R}, fresh tape {expected:R}");
    }
}
