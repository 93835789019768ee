using Probabilistic.Examples;
using Probabilistic.Examples.Gallery;
using Xunit;

namespace Probabilistic.Tests.Examples;

/// <summary>An example that needs something missing says what and how to get it, in one line, and exits non-zero.</summary>
public class MissingInputTests
{
    private sealed class NeedsMissingData : IExample
    {
        public string Name => "needs-data";
        public string Description => "reads a data file that is not there";
        public void Run(ExampleOptions options, TextWriter output) => DataFile.Json("no-such-data-set.json");
    }

    [Fact]
    public void A_missing_data_file_is_one_line_naming_it_and_exit_code_3()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var dir = Path.Combine(Path.GetTempPath(), "probabilistic-tests", Guid.NewGuid().ToString("N"));
        int code = Program.Run(["needs-data", "--out", dir], output, error, [new NeedsMissingData()]);
        Assert.Equal(3, code);
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("needs-data: data file 'data/no-such-data-set.json' is missing", lines[0]);
        Assert.Contains("git checkout -- data/no-such-data-set.json", lines[0]);
    }

    [Fact]
    public void The_repository_data_sets_are_beside_the_example_binaries() =>
        Assert.True(File.Exists(DataFile.Path("linreg_N100.json")));
}
