using Probabilistic.Compilation;
using Probabilistic.Examples.Gallery.PosteriorDb;
using Probabilistic.Inference;
using Xunit;

namespace Probabilistic.Tests.Inference.Compiled;

/// <summary>
/// The posteriordb models the project carries are <c>[Compiled]</c> (issue 15, item 5): each model built from
/// posteriordb's data has a compiled twin; where every latent is a scalar real the twin has a generated log density, and
/// it equals the interpreted <see cref="ModelDensity{T}"/> — values, gradients and constrained values — bit for bit at
/// random points; a model with a vector-valued latent (<c>FlatVector</c>) gets no density and NUTS interprets it.
/// </summary>
public class PosteriorDbCompiledTests
{
    // The posteriordb models written for the panel (Examples/Gallery/PosteriorDb), and whether the generator emits their density.
    public static TheoryData<string, bool> Posteriors => new()
    {
        { "arma-arma11", true },
        { "earnings-logearn_interaction", false },
        { "garch-garch11", true },
        { "hmm_example-hmm_example", false },
        { "kidiq-kidscore_momhsiq", false },
        { "kilpisjarvi_mod-kilpisjarvi", true },
        { "low_dim_gauss_mix-low_dim_gauss_mix", false },
        { "mesquite-logmesquite_logvash", false },
        { "nes2000-nes", false },
    };

    [Theory]
    [MemberData(nameof(Posteriors))]
    public void ModelHasACompiledTwinAndItsDensityIsTheInterpreters(string posterior, bool densityGenerated)
    {
        var model = PosteriorDbPanel.Find(posterior).Build(PosteriorDbData.Load(posterior));
        Assert.True(CompiledModels.TryGetTwin(model, out _), $"{posterior}: no compiled twin");
        var generated = ModelDensity<Real[]>.Create(model);
        var interpreted = ModelDensity<Real[]>.Create(model, interpreted: true);
        Assert.Equal(densityGenerated, generated.Generated);
        Assert.False(interpreted.Generated);
        Assert.Equal(interpreted.ColumnNames(), generated.ColumnNames());
        int dimension = generated.Dimension;
        var g1 = new double[dimension];
        var g2 = new double[dimension];
        var c1 = new double[interpreted.ConstrainedDimension];
        var c2 = new double[c1.Length];
        var rng = new Rng(11);
        for (int k = 0; k < 4; k++)
        {
            var theta = Enumerable.Range(0, dimension).Select(_ => rng.NextDouble() - 0.5).ToArray();
            Assert.Equal(interpreted.LogDensityGradient(theta, g2), generated.LogDensityGradient(theta, g1));
            Assert.Equal(g2, g1);
            Assert.Equal(interpreted.LogDensity(theta), generated.LogDensity(theta));
            interpreted.Constrain(theta, c2);
            generated.Constrain(theta, c1);
            Assert.Equal(c2, c1);
        }
    }
}
