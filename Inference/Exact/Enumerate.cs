using System.Collections.Immutable;
using Probabilistic.Interpretation;

using Probabilistic.Inference.Exact;

namespace Probabilistic.Inference;

public static partial class Infer
{
    // How many complete executions pass between two reports of EnumerateProgress.
    private const int EnumerateProgressInterval = 4096;

    /// <summary>
    /// Exact inference by enumeration, for models whose choices are all finite and discrete: a depth-first
    /// walk over every execution, branching at each choice on its support (the suspended program is
    /// resumed once per value, never re-run from the start). The weight of an execution is the product
    /// of its choices' masses and its observations' and factors' weights; the posterior of the return
    /// value is the normalized sum of weights per value, and the log evidence is log Σ weights.
    /// Executions of weight 0 are pruned.
    /// Throws a <see cref="ModelException"/> naming the address of a choice whose distribution is not
    /// finite, and when every execution has weight 0.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="options">The options (their defaults when null), validated before the run.</param>
    /// <param name="progress">Receives the executions enumerated so far, every 4096 and at the end.</param>
    /// <param name="cancellationToken">Checked between executions.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it and its value.</exception>
    /// <exception cref="OperationCanceledException">Cancelled (a plain one, carrying the token: a partial enumeration is no posterior).</exception>
    public static ExactPosterior<T> Enumerate<T>(Model<T> model, EnumerateOptions? options = null, IProgress<EnumerateProgress>? progress = null,
        CancellationToken cancellationToken = default)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(model, nameof(model));
        var o = options ?? new EnumerateOptions();
        o.Validate();
        int maxExecutions = o.MaxExecutions;
        var handler = new EnumerateHandler();
        var machine = new Machine(handler);
        var outcomes = new List<(T Value, double LogWeight)>();
        var work = new Stack<(Cursor Cursor, bool Resume, object? Value, double LogWeight, ImmutableHashSet<Address> Visited)>();
        long executions = 0, impossible = 0;

        machine.Start(model);
        work.Push((machine.Save(), false, null, 0.0, ImmutableHashSet<Address>.Empty));
        while (work.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (cursor, resume, value, logWeight, visited) = work.Pop();
            handler.LogWeight = logWeight;
            handler.Visited = visited;
            machine.Load(cursor);
            if (resume) machine.ResumeWith(value!);
            machine.Run();

            if (machine.Finished)
            {
                if (++executions > maxExecutions)
                    throw new ModelException($"Enumerate: the model has more than {maxExecutions} executions; raise EnumerateOptions.MaxExecutions or use an approximate algorithm.");
                if (progress is not null && executions % EnumerateProgressInterval == 0) progress.Report(new EnumerateProgress(executions, maxExecutions));
                if (double.IsNegativeInfinity(handler.LogWeight)) impossible++;
                else outcomes.Add((machine.Result<T>(), handler.LogWeight));
                continue;
            }
            if (double.IsNegativeInfinity(handler.LogWeight))
            {
                impossible++;
                continue;
            }

            var node = handler.PendingNode!;
            var address = handler.PendingAddress!;
            var support = node.FiniteSupport()
                ?? throw new ModelException($"Enumerate: the choice at '{address}' is drawn from {DescribeDistribution(node.Distribution)}, which is not a finite discrete distribution; exact enumeration needs every choice to be finite.", address);
            var suspended = machine.Save();
            var nextVisited = handler.Visited.Add(address);
            for (int i = support.Count - 1; i >= 0; i--)
            {
                var choice = node.Score(address, support[i]);
                if (double.IsNegativeInfinity(choice.LogProb)) continue;
                work.Push((suspended, true, support[i], handler.LogWeight + choice.LogProb, nextVisited));
            }
        }

        if (progress is not null && executions % EnumerateProgressInterval != 0) progress.Report(new EnumerateProgress(executions, maxExecutions));
        if (outcomes.Count == 0)
            throw new ModelException(impossible == 0
                ? "Enumerate: the model has no execution."
                : $"Enumerate: every execution of the model has probability 0 ({impossible} ruled out by observations, factors or conditions); the evidence is 0 and the posterior is undefined.");
        return ExactPosterior<T>.FromWeightedOutcomes(outcomes);
    }

    private static string DescribeDistribution(object d) =>
        d.GetType().GetProperty("Name")?.GetValue(d) as string ?? d.GetType().Name;
}
