using Probabilistic.Inference.Workflow;

namespace Probabilistic.Inference;

public sealed partial class Posterior
{
    private PointwiseLogLikelihood? _logLikelihood;
    private IndependentDrawsCheck? _independentDraws;

    /// <summary>
    /// The log-likelihood of each observation at each draw (for <see cref="Loo"/> and <see cref="Waic"/>), kept by the
    /// samplers that run a model (<c>Infer.Nuts</c>, <c>Infer.Hmc</c>, <c>Infer.Gibbs</c>, a variational fit's
    /// <c>Sample</c> given its model); null when the draws came without a model. <c>Infer.LogLikelihood</c> computes it
    /// for any posterior and model.
    /// </summary>
    public PointwiseLogLikelihood? LogLikelihood => _logLikelihood;

    /// <summary>The sampled parameters' columns (not the model's return value), in the model's order.</summary>
    public IReadOnlyList<PosteriorColumn> Parameters => _columns.Where(c => !c.IsGenerated).ToArray();

    /// <summary>
    /// The columns of the model's return value per draw (Stan's generated quantities), after the parameters: a record or
    /// anonymous type's members by name (<c>select new { theta }</c> gives <c>theta[1]</c> …), a bare value as
    /// <c>return</c>. Empty when the return value changes shape between draws (samplers then keep the draws without it;
    /// <c>Infer.WithGeneratedQuantities</c> says what differed).
    /// </summary>
    public IReadOnlyList<PosteriorColumn> GeneratedQuantities => _columns.Where(c => c.IsGenerated).ToArray();

    /// <summary>
    /// Not null when the draws are independent (variational inference, importance sampling after resampling): then the
    /// summary reports no R̂ and, instead of the Markov-chain ESS of the draws themselves, the Pareto-smoothed
    /// importance-sampling diagnostics of the draws as an approximation of the posterior.
    /// </summary>
    public IndependentDrawsCheck? IndependentDraws => _independentDraws;

    /// <summary>The values of the parameters at one draw, by address: a number for a scalar, an array for a vector.</summary>
    public IReadOnlyDictionary<Address, object> LatentValues(int chain, int draw)
    {
        if (chain < 0 || chain >= Chains) throw new ArgumentOutOfRangeException(nameof(chain), chain, $"Posterior: there are {Chains} chains.");
        if (draw < 0 || draw >= Draws) throw new ArgumentOutOfRangeException(nameof(draw), draw, $"Posterior: there are {Draws} draws per chain.");
        var values = new Dictionary<Address, object>();
        for (int k = 0; k < _columns.Length; k++)
        {
            var col = _columns[k];
            if (col.IsGenerated) continue;
            double x = _values[k][chain][draw];
            if (col.Index < 0) { values[col.Address] = x; continue; }
            int length = _columns.Where(c => !c.IsGenerated && c.Address == col.Address).Max(c => c.Index) + 1;
            if (!values.TryGetValue(col.Address, out var v)) values[col.Address] = v = new double[length];
            ((double[])v)[col.Index] = x;
        }
        return values;
    }

    /// <summary>A copy with more columns after these (the model's return value) and the pointwise log-likelihood.</summary>
    internal Posterior WithDerived(IReadOnlyList<PosteriorColumn> extra, double[][][] extraDraws, PointwiseLogLikelihood? logLikelihood)
    {
        var draws = new double[Chains][][];
        for (int c = 0; c < Chains; c++)
        {
            draws[c] = new double[Draws][];
            for (int d = 0; d < Draws; d++)
            {
                var row = new double[_columns.Length + extra.Count];
                for (int k = 0; k < _columns.Length; k++) row[k] = _values[k][c][d];
                extraDraws[c][d].CopyTo(row, _columns.Length);
                draws[c][d] = row;
            }
        }
        return new Posterior(_columns.Concat(extra).ToArray(), draws, _statistics, MaxTreeDepth, Sampler)
        {
            _logLikelihood = logLikelihood ?? _logLikelihood,
            _independentDraws = _independentDraws,
            CompileFailure = CompileFailure,
            SamplerState = SamplerState,
        };
    }

    /// <summary>Marks the draws as independent, with their importance-sampling check when one was computed.</summary>
    internal Posterior AsIndependent(IndependentDrawsCheck check)
    {
        _independentDraws = check;
        return this;
    }

    /// <summary>
    /// The highest-density interval of a column (by name or address, as the indexer) holding <paramref name="probability"/>
    /// of the draws (ArviZ's default 0.94); see <see cref="Hdi"/>.
    /// </summary>
    public (double Lower, double Upper) Hdi(string name, double probability = Workflow.Hdi.DefaultProbability) => Workflow.Hdi.Of(this[name], probability);
}
