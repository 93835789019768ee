using Probabilistic.Distributions;

namespace Probabilistic.Examples.Gallery.PosteriorDb;

/// <summary>One posterior of the panel: its posteriordb name and how to build the DSL model from its data.</summary>
/// <param name="Name">The posteriordb name (its folder under <c>data/posteriordb</c>).</param>
/// <param name="Build">Builds the model from the posterior's data.</param>
public sealed record PosteriorDbEntry(string Name, Func<PosteriorDbData, Model<Real[]>> Build);

/// <summary>
/// The twelve posteriordb posteriors the repository carries (<c>data/posteriordb</c>), each written in the DSL as its
/// <c>model_stan221.stan</c> is: the tests check them against posteriordb's reference posteriors and
/// <c>Benchmarks/Stan</c> runs them side by side with Stan.
/// </summary>
public static class PosteriorDbPanel
{
    /// <summary>The posteriors, in alphabetical order of name.</summary>
    public static IReadOnlyList<PosteriorDbEntry> Posteriors { get; } =
    [
        new("arma-arma11", ArmaModel.FromData),
        new("earnings-logearn_interaction", EarningsModel.FromData),
        new("eight_schools-eight_schools_noncentered", d => EightSchoolsModel.Model(d.Vector("y"), d.Vector("sigma"))),
        new("garch-garch11", GarchModel.FromData),
        new("hmm_example-hmm_example", HmmExampleModel.FromData),
        new("kidiq-kidscore_momhsiq", KidiqModel.FromData),
        new("kilpisjarvi_mod-kilpisjarvi", KilpisjarviModel.FromData),
        new("low_dim_gauss_mix-low_dim_gauss_mix", LowDimGaussMixModel.FromData),
        new("mesquite-logmesquite_logvash", MesquiteModel.FromData),
        new("nes2000-nes", NesModel.FromData),
        // sblrc and sblri share one Stan program (Bayesian linear regression, correlated and independent designs):
        // beta ~ normal(0, 10), sigma ~ normal(0, 10) on sigma > 0 (half-normal up to a constant).
        new("sblrc-blr", d => LinearRegressionModel.Model(d.Matrix("X"), d.Vector("y"), 10, new HalfNormal(10))),
        new("sblri-blr", d => LinearRegressionModel.Model(d.Matrix("X"), d.Vector("y"), 10, new HalfNormal(10))),
    ];

    /// <summary>The entry named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No posterior of the panel has that name (the message lists them).</exception>
    public static PosteriorDbEntry Find(string name) =>
        Posteriors.FirstOrDefault(p => p.Name == name)
        ?? throw new ArgumentException($"PosteriorDbPanel: no posterior named '{name}'; the panel has {string.Join(", ", Posteriors.Select(p => p.Name))}.", nameof(name));
}
