using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using TorchSharp;

namespace Probabilistic.Torch;

/// <summary>
/// Loads TorchSharp's native libraries once per process. The plain load is tried first; only where it fails
/// because <c>libLibTorchSharp.so</c> needs a newer <c>libstdc++</c> symbol version (<c>GLIBCXX_3.4.3x</c>, e.g. on
/// Debian 12) is <c>libtorch.so</c> loaded from the <c>libtorch-cpu-linux-x64</c> package and a copy of
/// <c>libLibTorchSharp.so</c> loaded whose need for that version is flagged weak (the only symbol bound to it,
/// <c>std::ios_base_library_init()</c>, is a marker that is never called). (Debian 12 ships GLIBCXX up to 3.4.30; the package's build asks for newer.)
/// </summary>
public static partial class TorchRuntime
{
    private static readonly Lock Gate = new();
    private static bool _loaded;
    private static IntPtr _torchSharp;

    /// <summary>Where the native libraries came from: <c>plain</c>, or <c>patched: path</c> when the weak-version copy was loaded.</summary>
    public static string LoadedFrom { get; private set; } = "";

    /// <summary>
    /// Makes TorchSharp usable in this process (idempotent, thread-safe). Throws <see cref="InvalidOperationException"/>
    /// naming the package <c>libtorch-cpu-linux-x64</c> when libtorch is not found at all.
    /// </summary>
    public static void EnsureLoaded()
    {
        if (Volatile.Read(ref _loaded)) return;
        lock (Gate)
        {
            if (_loaded) return;
            if (OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64) LoadLinux();
            try
            {
                torch.InitializeDeviceType(DeviceType.CPU);
            }
            catch (Exception e) when (e is NotSupportedException or DllNotFoundException or TypeInitializationException)
            {
                throw new InvalidOperationException(
                    "TorchSharp could not load its native library (libtorch). Reference the package 'libtorch-cpu-linux-x64' " +
                    $"(version 2.10.0) in the executable or test project. Cause: {e.Message}", e);
            }
            Volatile.Write(ref _loaded, true);
        }
    }

    private static void LoadLinux()
    {
        string? libtorch = FindNative("libtorch.so", "libtorch-cpu-linux-x64");
        string? sharp = FindNative("libLibTorchSharp.so", "torchsharp");
        if (libtorch is null)
            throw new InvalidOperationException(
                "libtorch.so was not found beside the application nor in the NuGet package cache. Reference the package " +
                "'libtorch-cpu-linux-x64' (version 2.10.0) in the executable or test project (libraries reference TorchSharp only).");
        if (sharp is null)
            throw new InvalidOperationException("libLibTorchSharp.so was not found beside the application nor in the NuGet package cache: reference the package 'TorchSharp' (0.107.0).");
        var torchHandle = NativeLibrary.Load(libtorch);
        try
        {
            _torchSharp = NativeLibrary.Load(sharp);
            LoadedFrom = "plain";
        }
        catch (DllNotFoundException e) when (e.Message.Contains("GLIBCXX_", StringComparison.Ordinal))
        {
            string patched = WeakenedCopy(sharp);
            _torchSharp = NativeLibrary.Load(patched);
            LoadedFrom = "patched: " + patched;
        }
        var handle = _torchSharp;
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(torch).Assembly, (name, _, _) =>
                name is "LibTorchSharp" or "libLibTorchSharp" or "libLibTorchSharp.so" ? handle
                : name is "libtorch" or "libtorch.so" ? torchHandle : IntPtr.Zero);
        }
        catch (InvalidOperationException)
        {
            // TorchSharp set its own resolver: it then finds the already loaded library by its name.
        }
    }

    /// <summary>A copy of <paramref name="path"/> whose <c>GLIBCXX_3.4.3x</c> version needs are weak, in a temp folder keyed by the file's hash.</summary>
    internal static string WeakenedCopy(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        string hash = Convert.ToHexString(SHA256.HashData(bytes))[..16].ToLowerInvariant();
        string dir = Path.Combine(Path.GetTempPath(), "probabilistic-torchsharp", hash);
        string target = Path.Combine(dir, Path.GetFileName(path));
        if (File.Exists(target)) return target;
        var flagged = Runtime.ElfVersionNeeds.FlagWeak(bytes, n => NewGlibcxx().IsMatch(n), path);
        if (flagged.Count == 0)
            throw new InvalidOperationException($"'{path}' failed to load for a GLIBCXX version, but declares no GLIBCXX_3.4.3x version need to relax.");
        Directory.CreateDirectory(dir);
        string temp = target + "." + Environment.ProcessId + ".tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, target, overwrite: true);
        return target;
    }

    [GeneratedRegex(@"^GLIBCXX_3\.4\.3\d+$")]
    private static partial Regex NewGlibcxx();

    /// <summary>Looks for a native file beside the application (and its runtimes/linux-x64/native), then in the NuGet cache's <paramref name="package"/>.</summary>
    private static string? FindNative(string file, string package)
    {
        var dirs = new List<string>();
        foreach (var baseDir in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(typeof(torch).Assembly.Location) })
        {
            if (string.IsNullOrEmpty(baseDir)) continue;
            dirs.Add(Path.Combine(baseDir, "runtimes", "linux-x64", "native"));
            dirs.Add(baseDir);
        }
        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string packageDir = Path.Combine(cache, package);
        if (Directory.Exists(packageDir))
        {
            string version = package == "torchsharp"
                ? typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? ""
                : "";
            foreach (var v in Directory.GetDirectories(packageDir).OrderByDescending(d => d, StringComparer.Ordinal))
                if (version.Length == 0 || Path.GetFileName(v) == version)
                    dirs.Add(Path.Combine(v, "runtimes", "linux-x64", "native"));
        }
        foreach (var d in dirs)
        {
            string candidate = Path.Combine(d, file);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
