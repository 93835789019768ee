namespace Probabilistic.Inference.Variational;

/// <summary>
/// The result of stochastic variational inference on either backend: the fitted parameters, the objective's name and
/// its estimate at each step, and whether the fit converged. The scalar <c>Infer.Svi</c> returns the
/// <see cref="VariationalFit"/> refinement of <c>VariationalFit&lt;ParameterStore&gt;</c> (it also holds the
/// <see cref="Variational.Guide"/> object and draws from it); the tensor <c>Infer.TensorSvi</c> returns
/// <c>VariationalFit&lt;TensorParameterStore&gt;</c> (its guide is a model the caller holds).
/// </summary>
/// <typeparam name="TParameters">The backend's parameter store.</typeparam>
public class VariationalFit<TParameters>
{
    /// <summary>A fit of <paramref name="parameters"/> under the objective named <paramref name="objective"/>.</summary>
    /// <param name="parameters">The fitted parameters.</param>
    /// <param name="objective">The objective's name.</param>
    /// <param name="history">The objective's estimate at each step.</param>
    /// <param name="diagnostics">The convergence check (<see cref="VariationalDiagnostics.Checked"/> false where none was made).</param>
    public VariationalFit(TParameters parameters, string objective, IReadOnlyList<double> history, VariationalDiagnostics diagnostics)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentException.ThrowIfNullOrWhiteSpace(objective);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(diagnostics);
        Parameters = parameters;
        Objective = objective;
        History = history;
        Diagnostics = diagnostics;
    }

    /// <summary>The fitted parameters (of the guide, and of the model where it has <c>Param</c>s).</summary>
    public TParameters Parameters { get; }

    /// <summary>The objective's name.</summary>
    public string Objective { get; }

    /// <summary>The objective's estimate at each step (noisy: one estimate each).</summary>
    public IReadOnlyList<double> History { get; }

    /// <summary>
    /// Whether the fit converged: parameters that kept drifting (with their trajectories) and an objective still rising
    /// at the end (see <see cref="VariationalDiagnostics"/>). A report should show each of its warnings.
    /// </summary>
    public VariationalDiagnostics Diagnostics { get; }
}

/// <summary>
/// The result of scalar stochastic variational inference (<c>Infer.Svi</c>): a <see cref="VariationalFit{TParameters}"/>
/// over a <see cref="ParameterStore"/> that also holds the fitted <see cref="Variational.Guide"/>, and gives posterior
/// draws from it in the <see cref="Posterior"/> shape that MCMC returns.
/// </summary>
public sealed class VariationalFit : VariationalFit<ParameterStore>
{
    internal VariationalFit(Guide guide, ParameterStore parameters, string objective, double[] history, VariationalDiagnostics diagnostics, bool generatedDensity = false)
        : base(parameters, objective, history, diagnostics) => (Guide, GeneratedDensity) = (guide, generatedDensity);

    /// <summary>The guide.</summary>
    public Guide Guide { get; }

    /// <summary>
    /// True when the fit scored the model through the generated log density of its <c>[Compiled]</c> twin instead of
    /// interpreting it (<see cref="SviRun.GeneratedDensity"/>; <see cref="SviOptions.Interpreted"/> forces the interpreter).
    /// </summary>
    public bool GeneratedDensity { get; }

    /// <summary>
    /// <paramref name="draws"/> independent draws from the fitted guide as a one-chain <see cref="Posterior"/>: a column per
    /// scalar choice (Stan-style name), per vector element, and per discrete choice (its value as a number).
    /// </summary>
    public Posterior Sample(int draws, ulong seed = 1)
    {
        if (draws < 1) throw new ArgumentOutOfRangeException(nameof(draws), draws, "VariationalFit.Sample: draws must be positive.");
        var rng = new Rng(seed);
        var first = Guide.Sample(Parameters, rng);
        var columns = new List<PosteriorColumn>();
        foreach (var (address, value) in first.Values) // the guide's order (for autoguides the model's), as NUTS's columns
        {
            string name = ParameterBlock.StanName(address);
            if (value is Real[] v)
                for (int i = 0; i < v.Length; i++) columns.Add(new PosteriorColumn($"{name}[{i + 1}]", address, i));
            else columns.Add(new PosteriorColumn(name, address, -1));
        }
        var rows = new double[draws][];
        for (int d = 0; d < draws; d++)
        {
            var draw = d == 0 ? first : Guide.Sample(Parameters, rng);
            var row = new double[columns.Count];
            for (int c = 0; c < columns.Count; c++)
            {
                var value = draw.Values[columns[c].Address];
                row[c] = value switch
                {
                    Real r => r.Value,
                    Real[] v => v[columns[c].Index].Value,
                    int k => k,
                    bool b => b ? 1 : 0,
                    _ => throw new InvalidOperationException($"VariationalFit.Sample: the choice '{columns[c].Address}' has a value of type {value.GetType().Name}, which a posterior column cannot hold."),
                };
            }
            rows[d] = row;
        }
        return new Posterior(columns, [rows], statistics: null, sampler: "VI")
            .AsIndependent(new Workflow.IndependentDrawsCheck(double.NaN, double.NaN, draws, "give the model to Sample(model, draws) for the Pareto k̂ check"));
    }

    /// <summary>
    /// <paramref name="draws"/> independent draws from the fitted guide as a one-chain <see cref="Posterior"/> in the model's
    /// column order, with the model's return value (generated quantities), the pointwise log-likelihood, and the check of
    /// Yao et al. (2018), "Yes, but did it work?": the PSIS Pareto k̂ and effective sample size of the ratios p(θ, y)/q(θ)
    /// (<see cref="Posterior.IndependentDraws"/>; the summary prints it and reports no R̂). k̂ above 0.7 means the guide
    /// is far from the posterior.
    /// </summary>
    /// <param name="model">The model the guide was fitted to.</param>
    /// <param name="draws">The number of draws (at least 2).</param>
    /// <param name="observations">The observations the fit was conditioned on, if any.</param>
    /// <param name="seed">Seeds the draws.</param>
    public Posterior Sample<T>(Model<T> model, int draws, ChoiceMap? observations = null, ulong seed = 1) =>
        Workflow.VariationalCheck.Sample(this, model, draws, observations, seed);
}
