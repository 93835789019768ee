namespace Probabilistic.Examples.Gallery;

/// <summary>Options every example takes from the command line.</summary>
/// <param name="Seed">The random seed (<c>--seed N</c>).</param>
/// <param name="Quick">Smoke mode: seconds, not minutes (<c>--quick</c>).</param>
/// <param name="Quiet">Print only the summary (<c>--quiet</c>).</param>
/// <param name="OutputDirectory">Where the report goes (<c>out/&lt;name&gt;/</c> by default).</param>
/// <param name="LiveProgress">Draw live progress bars on the console (off under <c>--quiet</c>, when output is redirected, and in tests).</param>
public sealed record ExampleOptions(ulong Seed, bool Quick, bool Quiet, string OutputDirectory, bool LiveProgress = false);

/// <summary>One runnable example of the gallery.</summary>
public interface IExample
{
    /// <summary>The name on the command line.</summary>
    string Name { get; }

    /// <summary>One line saying what it shows.</summary>
    string Description { get; }

    /// <summary>Runs the example, writes its report (<c>report.html</c> and PNGs) under <see cref="ExampleOptions.OutputDirectory"/> and prints a short summary.</summary>
    void Run(ExampleOptions options, TextWriter output);
}
