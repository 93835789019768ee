namespace Probabilistic.Inference.Variational;

/// <summary>
/// An optimizer's complete state between steps, as values: which optimizer and with which settings, the steps taken,
/// the length of the vector it optimizes (−1 before its first step) and its per-coordinate buffers (Adam's moments,
/// a momentum buffer, Adagrad's sums), each copied. <see cref="IStatefulOptimizer.Restore"/> puts it back so that the
/// next <see cref="IOptimizer.Step"/> is bit for bit the one the captured optimizer would have taken; an
/// <see cref="SviCheckpoint"/> stores it.
/// </summary>
/// <param name="Optimizer">The optimizer's type name (<c>Adam</c>, <c>AdamW</c>, …).</param>
/// <param name="Settings">Its settings (learning rate, decays, schedule …) as text, compared when the state is restored.</param>
/// <param name="Steps">Steps taken (<see cref="IOptimizer.Steps"/>).</param>
/// <param name="Length">The length of the optimized vector, −1 before the first step.</param>
/// <param name="Buffers">The per-coordinate buffers, in the optimizer's order.</param>
public sealed record OptimizerState(string Optimizer, string Settings, int Steps, int Length, IReadOnlyList<double[]> Buffers);

/// <summary>
/// An <see cref="IOptimizer"/> whose state can be captured and restored exactly, so that an SVI run can be checkpointed
/// and resumed (<see cref="SviRun"/>). Every optimizer of this library implements it.
/// </summary>
public interface IStatefulOptimizer : IOptimizer
{
    /// <summary>A copy of the state now.</summary>
    OptimizerState Capture();

    /// <summary>Replaces the state with <paramref name="state"/> (copied).</summary>
    /// <exception cref="ArgumentException">The state is another optimizer's, has other settings, or its buffers do not fit
    /// (the message names the difference).</exception>
    void Restore(OptimizerState state);
}

/// <summary>Capture and restore shared by the optimizers.</summary>
internal static class OptimizerStates
{
    /// <summary>The buffers copied, each cut to <paramref name="length"/> (none before the first step).</summary>
    public static double[][] Copy(int length, params double[][] buffers) =>
        length < 0 ? [] : Array.ConvertAll(buffers, b => b.Length == 0 ? [] : b.AsSpan(0, length).ToArray());

    /// <summary>Checks <paramref name="state"/> against the restoring optimizer; returns its buffers.</summary>
    public static IReadOnlyList<double[]> Check(OptimizerState state, string optimizer, string settings, int buffers)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Optimizer != optimizer)
            throw new ArgumentException($"{optimizer}: the state is of a {state.Optimizer}, not of a {optimizer}.", nameof(state));
        if (state.Settings != settings)
            throw new ArgumentException($"{optimizer}: the state was taken with settings {state.Settings}, but this optimizer has {settings}.", nameof(state));
        if (state.Steps < 0 || state.Length < -1)
            throw new ArgumentException($"{optimizer}: the state has {state.Steps} steps and length {state.Length}; impossible values.", nameof(state));
        if (state.Length < 0) return [];
        if (state.Buffers.Count != buffers)
            throw new ArgumentException($"{optimizer}: the state has {state.Buffers.Count} buffers; this optimizer keeps {buffers}.", nameof(state));
        for (int i = 0; i < buffers; i++)
            if (state.Buffers[i].Length != 0 && state.Buffers[i].Length != state.Length)
                throw new ArgumentException($"{optimizer}: buffer {i} of the state has {state.Buffers[i].Length} values for a vector of length {state.Length}.", nameof(state));
        return state.Buffers;
    }

    /// <summary>Settings as invariant text: numbers round-trip ("R"), others by their <c>ToString</c> (schedules are records).</summary>
    public static string Describe(params object[] settings) =>
        string.Join(", ", settings.Select(v => v switch
        {
            double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => v.ToString(),
        }));

    /// <summary>A restored buffer (a copy), or <paramref name="fallback"/> when the optimizer keeps none there.</summary>
    public static double[] Take(IReadOnlyList<double[]> buffers, int i, double[] fallback) =>
        buffers.Count == 0 ? fallback : (double[])buffers[i].Clone();
}
