using Probabilistic.Distributions;
using Probabilistic.Interpretation;
using Probabilistic.Interpretation.Handlers;
using Probabilistic.Syntax;

namespace Probabilistic.Inference.Variational;

/// <summary>How a guide run treats its choices (see <see cref="GuideChoices"/>).</summary>
internal enum GuideMode
{
    /// <summary>Every choice drawn by its estimator; a branching estimator is an error.</summary>
    Whole,

    /// <summary>Stops at the first choice whose estimator branches (the ELBO continues from it once per branch value).</summary>
    Branching,

    /// <summary>A posterior draw: every choice drawn from its distribution, whatever its estimator.</summary>
    Posterior,

    /// <summary>Under a <see cref="Condition{TScalar}"/> of the fixed choices: only auxiliary choices reach it
    /// (<see cref="Guide.Marginal"/>); a branching estimator is an error.</summary>
    Auxiliary,

    /// <summary>Under a <see cref="Condition{TScalar}"/> that gives every choice (<see cref="Guide.LogDensity"/>): a choice
    /// that reaches it goes on to the <see cref="Seed"/> below, which refuses it naming the address.</summary>
    Given,
}

/// <summary>
/// The one thing a guide run needs beyond the shared handlers: each choice drawn by its gradient estimator's rule
/// (Schulman et al., "Gradient Estimation Using Stochastic Computation Graphs", NeurIPS 2015, §2): reparameterized
/// (<c>Rsample</c> with the stack's fresh generator, the value carrying the gradient), or by the score function (the
/// handler below, a <see cref="Seed"/>, draws the value; its log density is rescored on the tape and kept in
/// <paramref name="scoreTerms"/> for the surrogate), or a branching choice (enumeration, measure-valued) at which the
/// run suspends. Drawn values, supports and Σ log q (times the plate scale) go to <paramref name="result"/>. A guide
/// must not score: a factor or observation is an error.
/// </summary>
/// <remarks>In <see cref="GuideMode.Auxiliary"/> mode a choice outside <paramref name="auxiliary"/> is an error (it should
/// have been fixed by the condition above), and the score terms go to the marginal draw's list.</remarks>
internal sealed class GuideChoices(Guide owner, GuideMode mode, bool suspends, GuideDraw result, Handler next, List<(Address, Real)>? scoreTerms = null, Selection? auxiliary = null) : ForwardingHandler(next)
{
    private readonly List<(Address, Real)> _scoreTerms = scoreTerms ?? result.ScoreTerms;

    /// <summary>The draw being built.</summary>
    public readonly GuideDraw Result = result;

    /// <summary>The branching choice the run suspended at (with <see cref="PendingAddress"/> and <see cref="PendingEstimator"/>).</summary>
    public ISampleNode? PendingNode;

    /// <summary>The address of <see cref="PendingNode"/>.</summary>
    public Address? PendingAddress;

    /// <summary>The estimator of <see cref="PendingNode"/>.</summary>
    public GradientEstimator PendingEstimator;

    /// <inheritdoc />
    public override bool SamplesInPlace => !suspends;

    /// <inheritdoc />
    public override bool NeverSuspends => !suspends;

    /// <inheritdoc />
    public override Choice? OnSample(ISampleNode node, Machine m)
    {
        if (mode == GuideMode.Given) return Next.OnSample(node, m);
        var address = m.Resolve(node.Local);
        var d = node.Distribution;
        if (mode == GuideMode.Auxiliary)
        {
            if (Result.Values.ContainsKey(address)) throw new DuplicateAddressException(address);
            if (!auxiliary!.Contains(address))
                throw new ModelException($"Marginal: the guide made a choice '{address}' that is neither auxiliary nor among the values being scored; redrawing the auxiliary choices changed the guide's structure.", address);
        }
        bool reparameterizable = d is IReparameterized<Real> or IReparameterized<Real[]>;
        var estimator = owner.EstimatorFor(address, d, reparameterizable, node.HasFiniteSupport);
        if (mode != GuideMode.Auxiliary && Result.Values.ContainsKey(address)) throw new DuplicateAddressException(address);
        if (estimator is GradientEstimator.Enumeration or GradientEstimator.MeasureValued)
        {
            if (mode == GuideMode.Auxiliary)
                throw new ModelException($"Marginal: the auxiliary choice '{address}' ({Guide.Describe(d)}) uses the {estimator} estimator; auxiliary choices of a marginal guide are drawn whole (K times by its SIR estimator): use Reparameterization or Reinforce.", address);
            if (mode == GuideMode.Whole)
                throw new ModelException($"Guide: the choice '{address}' ({Guide.Describe(d)}) uses the {estimator} estimator, which needs the guide drawn by an objective (it evaluates the rest of the guide and the model once per branch of that choice); here the guide is drawn whole (the inner guide of a marginal guide). Use Reinforce for this choice.", address);
            if (m.Scale != 1)
                throw new ModelException($"Guide: the choice '{address}' uses the {estimator} estimator inside a subsampled plate; branching estimators are not supported on minibatches (their branch weights are probabilities, which a minibatch scale would distort). Use Reinforce, or a plate without subsampling.", address);
            if (mode == GuideMode.Branching)
            {
                PendingNode = node;
                PendingAddress = address;
                PendingEstimator = estimator;
                return null;
            }
            estimator = GradientEstimator.Reinforce; // a posterior draw: the value only
        }
        var c = Draw(node, address, estimator, m, out var logq);
        Result.Values[address] = c.BoxedValue;
        if (d is IHasSupport { Support: var support }) Result.Supports[address] = support;
        Result.LogQ += logq;
        return c;
    }

    /// <summary>
    /// One choice by its estimator's rule; inside a subsampled plate its log density is multiplied by the plate's scale
    /// (size/subsample size), in <paramref name="logq"/> and in the score term.
    /// </summary>
    private Choice Draw(ISampleNode node, Address address, GradientEstimator estimator, Machine m, out Real logq)
    {
        double scale = m.Scale;
        if (estimator == GradientEstimator.Reparameterization)
        {
            var rng = Next.FreshRng!;
            Choice choice;
            if (node.Distribution is IReparameterized<Real> r)
            {
                var x = r.Rsample(rng);
                logq = r.LogProb(x);
                choice = new Choice<Real>(address, r, x, logq.Value);
            }
            else
            {
                var v = (IReparameterized<Real[]>)node.Distribution;
                var xs = v.Rsample(rng);
                logq = v.LogProb(xs);
                choice = new Choice<Real[]>(address, v, xs, logq.Value);
            }
            if (scale != 1) logq = scale * logq;
            return choice;
        }
        // The value carries no tape node; its log density does (the score ∇ log q).
        var drawn = Next.OnSample(node, m)!;
        var c = node.Score(address, drawn.BoxedValue, out logq);
        if (scale != 1) logq = scale * logq;
        _scoreTerms.Add((address, logq));
        return c;
    }

    /// <inheritdoc />
    public override bool OnScore(Real logWeight, Address? address, bool isObservation) => throw Refused(address, isObservation);

    /// <summary>The error of a guide that scores (a factor or an observation).</summary>
    internal static ModelException Refused(Address? address, bool isObservation) =>
        new($"Guide: a guide is a distribution to sample from; it must not {(isObservation ? "observe data" : "add a factor")}{(address is null ? "" : $" (at '{address}')")}.", address);
}
