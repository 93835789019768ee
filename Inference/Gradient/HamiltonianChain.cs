namespace Probabilistic.Inference;

/// <summary>The draws of one chain: constrained values [draw][column] and the sampler's statistics per draw.</summary>
internal sealed record ChainResult(double[][] Draws, DrawStatistics[] Statistics);

/// <summary>
/// One HMC or NUTS chain as Stan's <c>run_adaptive_sampler</c>: initialization, warmup (adapting), then sampling,
/// keeping every <see cref="McmcOptions.Thin"/>-th draw mapped to the constrained space. It runs in segments
/// (<see cref="Advance"/>), and its whole state can be captured between any two iterations (<see cref="Capture"/>) and
/// restored into a new chain (<see cref="Resume"/>), which then continues exactly as the original would have.
/// </summary>
internal sealed class HamiltonianChain
{
    private readonly ChainSetup _setup;
    private readonly HamiltonianOptions _o;
    private readonly int _chain, _columns, _total;
    private readonly HamiltonianKernel _kernel;
    private readonly List<double[]> _draws;
    private readonly List<DrawStatistics> _stats;
    private int _divergences, _done;

    private HamiltonianChain(ChainSetup setup, HamiltonianOptions o, int chain, int columns)
    {
        _setup = setup;
        _o = o;
        _chain = chain;
        _columns = columns;
        _total = o.Warmup + o.Draws * o.Thin;
        _kernel = new HamiltonianKernel(setup.Density, o, chain, new Rng(o.Seed, (ulong)chain));
        _draws = new List<double[]>(o.Draws);
        _stats = new List<DrawStatistics>(o.Draws);
    }

    /// <summary>A new chain, initialized (at its initial point, or a random one, or the warm start's position).</summary>
    public static HamiltonianChain Start(ChainSetup setup, HamiltonianOptions o, int chain, int columns)
    {
        var c = new HamiltonianChain(setup, o, chain, columns);
        if (setup.WarmStart is not null) c._kernel.InitializeWarm(setup.WarmStart);
        else c._kernel.Initialize(setup.InitialPoint, setup.Given, setup.InverseMetric);
        return c;
    }

    /// <summary>The chain <paramref name="state"/> was captured from, continued: its next iteration is the one the captured chain would have run.</summary>
    public static HamiltonianChain Resume(ChainSetup setup, HamiltonianOptions o, ChainState state, int columns)
    {
        var c = new HamiltonianChain(setup, o, state.Chain, columns);
        c._kernel.Restore(state);
        if ((state.DrawRng is null) != (setup.DrawRng is null))
            throw new InvalidDataException($"{nameof(HamiltonianCheckpoint)}: chain {state.Chain}'s discrete-draw generator state is {(state.DrawRng is null ? "missing, but the model draws discrete choices" : "present, but the model draws no discrete choices")}; the checkpoint is from another model or corrupt.");
        if (state.DrawRng is { } drawRng) setup.DrawRng!.SetState(drawRng);
        c._draws.AddRange(state.Draws);
        c._stats.AddRange(state.Statistics);
        c._divergences = state.Divergences;
        c._done = state.Iteration;
        return c;
    }

    /// <summary>Transitions done, warmup included.</summary>
    public int Iteration => _done;

    /// <summary>True when every warmup and sampling iteration is done.</summary>
    public bool Finished => _done >= _total;

    /// <summary>Runs up to <paramref name="iterations"/> more iterations (fewer at the end of the run or when cancelled).</summary>
    public void Advance(int iterations, IProgress<McmcProgress>? progress, CancellationToken cancellationToken)
    {
        int stop = (int)Math.Min((long)_done + iterations, _total);
        while (_done < stop && !cancellationToken.IsCancellationRequested)
        {
            var s = _kernel.Step();
            if (s.Divergent) _divergences++;
            int it = _done - _o.Warmup; // the sampling iteration, negative in warmup
            if (it >= 0 && it % _o.Thin == 0)
            {
                var x = new double[_columns];
                _setup.Constrain(_kernel.State.Q, x);
                _draws.Add(x);
                _stats.Add(s);
            }
            _done++;
            progress?.Report(new McmcProgress(_chain, _done, _total, it >= 0 ? SamplerPhase.Sampling : SamplerPhase.Warmup, s.StepSize, _divergences));
        }
    }

    /// <summary>The draws kept so far (none while in warmup).</summary>
    public ChainResult Result() => new(_draws.ToArray(), _stats.ToArray());

    /// <summary>Draws kept so far.</summary>
    public int DrawCount => _draws.Count;

    /// <summary>
    /// The chain's complete state now; the kept draws are shared, not copied (they are never changed), or, without
    /// <paramref name="withDraws"/>, left out (for <see cref="ChainState.KeptIn"/>).
    /// </summary>
    public ChainState Capture(bool withDraws = true) => _kernel.Capture(_divergences, _setup.DrawRng?.State,
        withDraws ? _draws.ToArray() : [], withDraws ? _stats.ToArray() : []);
}
