using System.Runtime.CompilerServices;

namespace Probabilistic.Torch.Tests;

/// <summary>Loads TorchSharp's native libraries before any test runs (the path CI and a fresh machine take).</summary>
internal static class TorchModule
{
    [ModuleInitializer]
    internal static void Load()
    {
        TorchRuntime.EnsureLoaded();
        // The tests use small tensors on a shared 2-core machine: one intra-op thread avoids oversubscription.
        TorchSharp.torch.set_num_threads(1);
    }
}
