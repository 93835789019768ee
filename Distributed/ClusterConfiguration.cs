using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Serialization;

namespace Probabilistic.Distributed;

/// <summary>Configures a silo (or a client) for Probabilistic's grains.</summary>
public static class ClusterConfiguration
{
    /// <summary>The grain storage Probabilistic's grains checkpoint to: configure a provider under this name.</summary>
    public const string CheckpointStorage = "checkpoints";

    /// <summary>The stream provider a run's coordinator publishes its draws on (<see cref="DrawBatch"/>), if the silo has one by this name.</summary>
    public const string DrawStream = "probabilistic-draws";

    /// <summary>The namespace of a run's draw stream; the stream's key is the run's id.</summary>
    public const string DrawStreamNamespace = "draws";

    /// <summary>The grain storage Orleans' stream pub-sub keeps its subscriptions in (Orleans' fixed name).</summary>
    public const string PubSubStorage = "PubSubStore";

    /// <summary>
    /// Registers the models this silo can run (the same names on every silo). Calling it again adds to the same catalog.
    /// It also lets Probabilistic's exceptions (a <see cref="ModelException"/> …) cross the wire with their type.
    /// </summary>
    public static ISiloBuilder AddProbabilisticModels(this ISiloBuilder builder, Action<ModelCatalog> register)
    {
        ArgumentNullException.ThrowIfNull(register);
        register(Catalog(builder.Services));
        AllowExceptions(builder.Services);
        return builder;
    }

    /// <summary>
    /// Registers, on a client, the models it asks the cluster to run (the silos' names): <see cref="Cluster.Nuts"/> checks
    /// the name before it starts and turns the chains' final states into a posterior with generated quantities here.
    /// </summary>
    public static IClientBuilder AddProbabilisticModels(this IClientBuilder builder, Action<ModelCatalog> register)
    {
        ArgumentNullException.ThrowIfNull(register);
        register(Catalog(builder.Services));
        AllowExceptions(builder.Services);
        return builder;
    }

    /// <summary>
    /// Publishes every run's draws live on an in-memory stream provider named <see cref="DrawStream"/> (with in-memory
    /// pub-sub storage, unless the silo already has <see cref="PubSubStorage"/>): a client subscribes with
    /// <see cref="Cluster.WatchDraws"/>. A silo without it runs the same, publishing nothing.
    /// </summary>
    public static ISiloBuilder AddProbabilisticDrawStream(this ISiloBuilder builder)
    {
        builder.AddMemoryStreams(DrawStream);
        if (!builder.Services.Any(d => d.IsKeyedService && Equals(d.ServiceKey, PubSubStorage)))
            builder.AddMemoryGrainStorage(PubSubStorage);
        return builder;
    }

    /// <summary>Lets a client subscribe to the draws the silos publish (<see cref="AddProbabilisticDrawStream(ISiloBuilder)"/>).</summary>
    public static IClientBuilder AddProbabilisticDrawStream(this IClientBuilder builder) => builder.AddMemoryStreams(DrawStream);

    private static void AllowExceptions(IServiceCollection services) =>
        services.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Probabilistic"));

    private static ModelCatalog Catalog(IServiceCollection services)
    {
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(ModelCatalog))?.ImplementationInstance;
        if (existing is ModelCatalog catalog) return catalog;
        catalog = new ModelCatalog();
        services.TryAddSingleton(catalog);
        return catalog;
    }
}
