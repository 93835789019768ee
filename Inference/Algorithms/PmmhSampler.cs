using Probabilistic.Inference.Particles;
using Probabilistic.Inference.Traced;

namespace Probabilistic.Inference;

/// <summary>
/// One PMMH chain (Andrieu, Doucet &amp; Holenstein 2010, §2.4.2) driven in segments: <see cref="Run"/> does some
/// transitions and returns the states kept among them, so <c>Infer.Pmmh</c> (one call) and a cluster's chain grain
/// (many calls, a checkpoint between them) run the same code and give the same chain for a seed. Under prior proposals
/// a state is a function of the generator's state at its birth (θ ~ p(θ) and its filter are drawn from it), so a
/// <see cref="PmmhCheckpoint"/> holds that state instead of θ and the drawn value, and <see cref="Resume"/> rebuilds them.
/// </summary>
internal sealed class PmmhSampler<T>
{
    /// <summary>A state of the chain: θ, log p(θ) (0 under a user proposal), log Ẑ(θ) and a drawn return value.</summary>
    internal readonly record struct State(ChoiceMap Theta, double LogPrior, double LogZ, T Value);

    private readonly Model<T> _model;
    private readonly Selection _selection;
    private readonly PmmhOptions _options;
    private readonly Func<State, Rng, (ChoiceMap Theta, double LogPrior, double LogCorrection)> _propose;
    private readonly Rng _rng;
    private State _state;
    private RngState _birth;

    private PmmhSampler(Model<T> model, Selection selection, PmmhOptions options, Func<State, Rng, (ChoiceMap, double, double)> propose, Rng rng)
    {
        (_model, _selection, _options, _propose, _rng) = (model, selection, options, propose, rng);
    }

    /// <summary>Transitions done.</summary>
    public int Iteration { get; private set; }

    /// <summary>Accepted proposals so far.</summary>
    public int Accepted { get; private set; }

    /// <summary>Transitions in all: burn-in and kept.</summary>
    public int Total => _options.BurnIn + _options.Samples;

    /// <summary>
    /// A chain at its start: a parameter drawn from the prior with a positive evidence estimate (at most
    /// <see cref="PmmhOptions.InitAttempts"/> tries), the generator seeded with <see cref="ParticleOptions.Seed"/>.
    /// </summary>
    public static PmmhSampler<T> Start(Model<T> model, Selection selection, PmmhOptions options,
        Func<State, Rng, (ChoiceMap, double, double)> propose, CancellationToken cancellationToken)
    {
        var sampler = new PmmhSampler<T>(model, selection, options, propose, new Rng(options.Seed));
        sampler._state = new State(ChoiceMap.Empty, 0, double.NegativeInfinity, default!);
        for (int attempt = 0; double.IsNegativeInfinity(sampler._state.LogZ); attempt++)
        {
            if (attempt == options.InitAttempts) throw new ModelException($"Pmmh: no parameter drawn from the prior in {options.InitAttempts} attempts had a positive evidence estimate.");
            sampler._birth = sampler._rng.State;
            sampler._state = sampler.Born(cancellationToken);
        }
        return sampler;
    }

    /// <summary>The chain under prior proposals θ' ~ p(θ'): α = Ẑ(θ')p(θ) / (Ẑ(θ)p(θ')) (ibid.).</summary>
    public static PmmhSampler<T> StartPrior(Model<T> model, Selection selection, PmmhOptions options, CancellationToken cancellationToken) =>
        Start(model, selection, options, PriorProposal(model, selection), cancellationToken);

    /// <summary>
    /// The prior-proposal chain continued from <paramref name="checkpoint"/>: the current state rebuilt from its birth
    /// state (the same draws as when it was born), then checked against the checkpoint's log Ẑ and log p(θ), so a
    /// checkpoint of another model, selection or settings is an error, not a silently different chain.
    /// </summary>
    public static PmmhSampler<T> Resume(Model<T> model, Selection selection, PmmhOptions options, PmmhCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        if (checkpoint.Iteration < 0 || checkpoint.Iteration > options.BurnIn + options.Samples || checkpoint.Accepted < 0 || checkpoint.Accepted > checkpoint.Iteration)
            throw new ArgumentException($"Pmmh: a checkpoint at iteration {checkpoint.Iteration} with {checkpoint.Accepted} accepted does not belong to a chain of {options.BurnIn + options.Samples} transitions.", nameof(checkpoint));
        var sampler = new PmmhSampler<T>(model, selection, options, PriorProposal(model, selection), Rng.FromState(checkpoint.Birth));
        sampler._birth = checkpoint.Birth;
        sampler._state = sampler.Born(cancellationToken);
        if (sampler._state.LogZ.CompareTo(checkpoint.LogZ) != 0 || sampler._state.LogPrior.CompareTo(checkpoint.LogPrior) != 0)
            throw new ArgumentException(
                $"Pmmh: the checkpoint's state (log Ẑ = {checkpoint.LogZ:R}, log p(θ) = {checkpoint.LogPrior:R}) is not what the model, selection and settings give from its birth state " +
                $"(log Ẑ = {sampler._state.LogZ:R}, log p(θ) = {sampler._state.LogPrior:R}): it was written by another model or other settings.", nameof(checkpoint));
        sampler._rng.SetState(checkpoint.Rng);
        (sampler.Iteration, sampler.Accepted) = (checkpoint.Iteration, checkpoint.Accepted);
        return sampler;
    }

    /// <summary>What <see cref="Resume"/> needs to continue this chain exactly (valid for prior-proposal chains).</summary>
    public PmmhCheckpoint Checkpoint => new(Iteration, Accepted, _rng.State, _birth, _state.LogPrior, _state.LogZ);

    /// <summary>
    /// Runs up to <paramref name="transitions"/> more transitions (fewer at the chain's end) and returns the states kept
    /// among them (those past the burn-in); <paramref name="report"/>(iteration, total, accepted, state) hears of every
    /// 10th and the last, and the token is checked before each.
    /// </summary>
    public List<State> Run(int transitions, Action<int, int, int, State>? report, CancellationToken cancellationToken)
    {
        int end = (int)Math.Min((long)Iteration + transitions, Total);
        var kept = new List<State>(Math.Max(0, end - Math.Max(Iteration, _options.BurnIn)));
        while (Iteration < end)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var birth = _rng.State;
            var (next, nextLogPrior, correction) = _propose(_state, _rng);
            var (nextLogZ, nextValue) = PseudoMarginal.Estimate(_model, next, _options, _rng, cancellationToken);
            if (!double.IsNegativeInfinity(nextLogZ) && MarkovChain.Accept(nextLogZ - _state.LogZ + correction, _rng, "Pmmh", "two evidence estimates of probability 0?"))
            {
                (_state, _birth) = (new State(next, nextLogPrior, nextLogZ, nextValue), birth);
                Accepted++;
            }
            Iteration++;
            if (Iteration > _options.BurnIn) kept.Add(_state);
            if (Iteration % 10 == 0 || Iteration == Total) report?.Invoke(Iteration, Total, Accepted, _state);
        }
        return kept;
    }

    /// <summary>A state born from the generator's current state: θ ~ p(θ), then its filter's Ẑ and drawn value.</summary>
    private State Born(CancellationToken cancellationToken)
    {
        var (theta, logPrior) = PseudoMarginal.PriorParameters(_model, _selection, _rng, "Pmmh");
        var (logZ, value) = PseudoMarginal.Estimate(_model, theta, _options, _rng, cancellationToken);
        return new State(theta, logPrior, logZ, value);
    }

    private static Func<State, Rng, (ChoiceMap, double, double)> PriorProposal(Model<T> model, Selection selection) => (s, rng) =>
    {
        var (next, nextLogPrior) = PseudoMarginal.PriorParameters(model, selection, rng, "Pmmh");
        return (next, nextLogPrior, s.LogPrior - nextLogPrior);
    };
}

/// <summary>
/// A prior-proposal PMMH chain between two transitions: the iteration, the accepted count, the generator's state, and
/// the current state's birth state (the generator's state before its θ was drawn) with its log p(θ) and log Ẑ(θ), which
/// <see cref="PmmhSampler{T}.Resume"/> rebuilds and checks.
/// </summary>
internal readonly record struct PmmhCheckpoint(int Iteration, int Accepted, RngState Rng, RngState Birth, double LogPrior, double LogZ);
