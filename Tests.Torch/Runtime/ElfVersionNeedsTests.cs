using Probabilistic.Torch.Runtime;

using Xunit;

namespace Probabilistic.Torch.Tests.Runtime;

public class ElfVersionNeedsTests
{
    private static string TorchSharpNative() =>
        Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    [Fact]
    public void FlagsTheGlibcxxNeedOfLibTorchSharpWeakAndNothingElse()
    {
        var bytes = File.ReadAllBytes(TorchSharpNative());
        var original = (byte[])bytes.Clone();
        var flagged = ElfVersionNeeds.FlagWeak(bytes, n => n == "GLIBCXX_3.4.32", "libLibTorchSharp.so");
        Assert.Equal(["GLIBCXX_3.4.32"], flagged);
        // Exactly one 16-bit flags field changed, by the VER_FLG_WEAK bit (0x2).
        var changed = Enumerable.Range(0, bytes.Length).Where(i => bytes[i] != original[i]).ToArray();
        Assert.Single(changed);
        Assert.Equal(0x2, bytes[changed[0]] ^ original[changed[0]]);
        // A second pass finds the same need (still named) and changes nothing further.
        var again = (byte[])bytes.Clone();
        ElfVersionNeeds.FlagWeak(again, n => n == "GLIBCXX_3.4.32", "libLibTorchSharp.so");
        Assert.Equal(bytes, again);
    }

    [Fact]
    public void RejectsAFileThatIsNotElf()
    {
        var e = Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.FlagWeak(new byte[100], _ => true, "notes.txt"));
        Assert.Contains("notes.txt", e.Message);
    }
}
