using Spectre.Console;

namespace Probabilistic.Examples.Gallery;

/// <summary>
/// Live Spectre.Console progress bars fed by an algorithm's <see cref="IProgress{T}"/>: one bar per task (a chain, say);
/// a report maps to (task index, fraction done). Without <see cref="ExampleOptions.LiveProgress"/> the algorithm runs
/// with no progress reporter at all.
/// </summary>
public static class LiveProgress
{
    /// <summary>Runs <paramref name="run"/>, showing a bar for each of <paramref name="tasks"/> when live progress is on.</summary>
    public static TResult Run<TProgress, TResult>(ExampleOptions options, IReadOnlyList<string> tasks, Func<TProgress, (int Task, double Fraction)> position, Func<IProgress<TProgress>?, TResult> run)
    {
        if (!options.LiveProgress) return run(null);
        return AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var bars = tasks.Select(t => context.AddTask(t, maxValue: 1.0)).ToArray();
                var result = run(new Reporter<TProgress>(p =>
                {
                    var (task, fraction) = position(p);
                    if (task >= 0 && task < bars.Length) bars[task].Value = Math.Clamp(fraction, 0, 1);
                }));
                foreach (var bar in bars) bar.Value = 1;
                return result;
            });
    }

    private sealed class Reporter<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
