using System.Numerics;
using System.Runtime.InteropServices;

namespace Probabilistic.Inference.Variational;

/// <summary>Validation shared by the optimizers and schedules: option ranges, and each step's vectors and rate.</summary>
internal static class OptimizerArguments
{
    /// <summary>Throws an <see cref="ArgumentOutOfRangeException"/> naming the argument and its value unless <paramref name="ok"/> (generic, so nothing is boxed when it holds).</summary>
    public static void Require<T>(bool ok, string owner, string name, T value, string rule)
    {
        if (!ok) throw new ArgumentOutOfRangeException(name, value, $"{owner}: {name} must be {rule}, but is {value}.");
    }

    public static void RequirePositive(string owner, string name, double value) =>
        Require(value > 0 && double.IsFinite(value), owner, name, value, "positive and finite");

    public static void RequireNonNegative(string owner, string name, double value) =>
        Require(value >= 0 && double.IsFinite(value), owner, name, value, "non-negative and finite");

    /// <summary>Requires 0 ≤ value &lt; 1 (a decay rate β).</summary>
    public static void RequireDecay(string owner, string name, double value) =>
        Require(value >= 0 && value < 1, owner, name, value, "in [0, 1)");

    public static void RequireStep(string owner, int step) =>
        Require(step >= 0, owner, "step", step, "non-negative");

    /// <summary>
    /// Checks step <paramref name="step"/>'s vectors against the state's length (−1 before the first step) and for finite
    /// values, throwing <see cref="ArgumentException"/> before anything changes.
    /// </summary>
    public static void CheckStep(string owner, ReadOnlySpan<double> parameters, ReadOnlySpan<double> gradient, int stateLength, int step)
    {
        if (stateLength >= 0 && parameters.Length != stateLength)
            throw new ArgumentException(
                $"{owner}: the parameter vector has length {parameters.Length}, but the optimizer's state has length {stateLength} " +
                "(from its first step); call Reset() to optimize a vector of another length.", nameof(parameters));
        if (gradient.Length != parameters.Length)
            throw new ArgumentException(
                $"{owner}: the gradient has length {gradient.Length}, but the parameter vector has length {parameters.Length}.", nameof(gradient));
        if (AllFinite(gradient) && AllFinite(parameters)) return;
        for (int i = 0; i < gradient.Length; i++)
            if (!double.IsFinite(gradient[i]))
                throw new ArgumentException($"{owner}: gradient[{i}] is {gradient[i]} at step {step}; a gradient must be finite.", nameof(gradient));
        for (int i = 0; i < parameters.Length; i++)
            if (!double.IsFinite(parameters[i]))
                throw new ArgumentException($"{owner}: parameters[{i}] is {parameters[i]} at step {step}; parameters must be finite (has the optimization diverged?).", nameof(parameters));
    }

    /// <summary>Whether every x is finite: x − x is 0 for finite x and NaN for NaN or ±∞, summed in SIMD lanes.</summary>
    private static bool AllFinite(ReadOnlySpan<double> x)
    {
        var lanes = Vector<double>.Zero;
        int tail = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var blocks = MemoryMarshal.Cast<double, Vector<double>>(x);
            for (int k = 0; k < blocks.Length; k++) lanes += blocks[k] - blocks[k];
            tail = blocks.Length * Vector<double>.Count;
        }
        double sum = 0;
        for (int i = tail; i < x.Length; i++) sum += x[i] - x[i];
        return sum == 0 && lanes == Vector<double>.Zero;
    }

    /// <summary>The schedule's rate for <paramref name="step"/>, checked to be finite and non-negative.</summary>
    public static double Rate(string owner, ILearningRateSchedule schedule, int step, double baseRate)
    {
        double rate = schedule.Rate(step, baseRate);
        if (!(rate >= 0 && double.IsFinite(rate)))
            throw new InvalidOperationException($"{owner}: the learning-rate schedule {schedule} gave {rate} at step {step}; a rate must be finite and non-negative.");
        return rate;
    }
}
