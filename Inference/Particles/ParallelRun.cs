using System.Runtime.ExceptionServices;

namespace Probabilistic.Inference.Particles;

/// <summary>
/// Runs per-particle work in parallel and rethrows a failure as itself, not wrapped in an
/// <see cref="AggregateException"/>: callers see the same exception (a <see cref="ModelException"/> naming
/// an address, say) whether the work ran on one thread or several.
/// </summary>
internal static class ParallelRun
{
    public static void Invoke(Action work)
    {
        try
        {
            work();
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.Flatten().InnerExceptions[0]).Throw();
        }
    }
}
