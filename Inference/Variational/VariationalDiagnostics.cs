namespace Probabilistic.Inference.Variational;

/// <summary>What a <see cref="VariationalWarning"/> is about.</summary>
public enum VariationalWarningKind
{
    /// <summary>A parameter kept moving in one direction at an undiminished rate through the last half of the fit: it
    /// diverges (an improper posterior, an objective unbounded above) or has not converged.</summary>
    ParameterDrift,

    /// <summary>The objective's estimates were still rising at the end of the fit, beyond their noise.</summary>
    ObjectiveRising,
}

/// <summary>
/// A sign that a fit did not converge, with the evidence: the parameter (or objective) and its values at the recorded
/// steps, so that a report can plot or print the trajectory.
/// </summary>
/// <param name="Kind">What was found.</param>
/// <param name="Name">The parameter's Stan-style name (<c>s</c>, <c>loc[2]</c>), or the objective's name.</param>
/// <param name="Steps">The steps (1-based, after the optimizer's update) at which <paramref name="Trajectory"/> was recorded.</param>
/// <param name="Trajectory">The parameter's constrained value (its unconstrained coordinate for a vector parameter whose
/// transform is not elementwise), or the objective's mean estimate over each recording interval, at those steps.</param>
/// <param name="Message">One sentence for a report: what moved, from where to where, and what to do.</param>
public sealed record VariationalWarning(VariationalWarningKind Kind, string Name, IReadOnlyList<int> Steps, IReadOnlyList<double> Trajectory, string Message);

/// <summary>
/// Convergence diagnostics of a variational fit (<see cref="VariationalFit{TParameters}.Diagnostics"/>), computed from the parameters
/// recorded at about 200 evenly spaced steps and from the objective's estimates. The checks compare the last two quarters
/// of the fit: a parameter is flagged when it moved in the same direction in both, by at least half as much in the last
/// as in the third, and by more than 6 standard deviations of its fluctuation about a straight line over the last half
/// and by more than 0.1% of its value (a converging parameter slows down; a converged one only fluctuates); the objective is
/// flagged when its mean over the last quarter exceeds that over the third by more than 4 standard errors and by more than
/// 10⁻⁴ of its value. Fits of fewer than 40 steps are not checked.
/// </summary>
/// <param name="Warnings">The warnings, parameters first (in store order), then the objective; empty when none.</param>
/// <param name="Checked">False when the fit was too short to check (fewer than 40 steps).</param>
public sealed record VariationalDiagnostics(IReadOnlyList<VariationalWarning> Warnings, bool Checked)
{
    /// <summary>True when a parameter drifted or the objective was still rising.</summary>
    public bool HasWarnings => Warnings.Count > 0;

    /// <inheritdoc />
    public override string ToString() =>
        !Checked ? "not checked (fewer than 40 steps)" : Warnings.Count == 0 ? "no warnings" : string.Join(Environment.NewLine, Warnings.Select(w => w.Message));
}
