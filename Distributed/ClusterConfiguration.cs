using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Probabilistic.Distributed;

/// <summary>Configures a silo (or a client) for Probabilistic's grains.</summary>
public static class ClusterConfiguration
{
    /// <summary>The grain storage Probabilistic's grains checkpoint to: configure a provider under this name.</summary>
    public const string CheckpointStorage = "checkpoints";

    /// <summary>
    /// Registers the models this silo can run (the same names on every silo). Calling it again adds to the same catalog.
    /// </summary>
    public static ISiloBuilder AddProbabilisticModels(this ISiloBuilder builder, Action<ModelCatalog> register)
    {
        ArgumentNullException.ThrowIfNull(register);
        register(Catalog(builder.Services));
        return builder;
    }

    private static ModelCatalog Catalog(IServiceCollection services)
    {
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(ModelCatalog))?.ImplementationInstance;
        if (existing is ModelCatalog catalog) return catalog;
        catalog = new ModelCatalog();
        services.TryAddSingleton(catalog);
        return catalog;
    }
}
