using System.Runtime.CompilerServices;
using Xunit;

// One test at a time: under parallel test classes, fits that are deterministic alone gave different results from run to
// run (TorchSharp 0.107 hands temporary scalars to native code by handle; a corrupted one was also seen in Adam's step).
[assembly: CollectionBehavior(DisableTestParallelization = true)]

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
