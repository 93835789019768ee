using System.Collections.Concurrent;
using Orleans.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Probabilistic.Distributed;

/// <summary>
/// Grain storage held by the process, shared by every silo of it (<see cref="LocalCluster"/>): a silo's death does not lose
/// what its grains wrote, as a database would not. States are kept serialized (so no activation shares an object with
/// another) with an ETag per record, checked on write like a database's (a stale writer gets an <see cref="InconsistentStateException"/>).
/// </summary>
public sealed class InProcessGrainStorage(Serializer serializer, InProcessGrainStorage.Store store) : IGrainStorage
{
    /// <summary>The records, by grain and state name: create one and give it to every silo of the process.</summary>
    public sealed class Store
    {
        internal ConcurrentDictionary<string, (byte[] Bytes, long ETag)> Records { get; } = new(StringComparer.Ordinal);

        /// <summary>The number of records held.</summary>
        public int Count => Records.Count;
    }

    private ConcurrentDictionary<string, (byte[] Bytes, long ETag)> Records => store.Records;

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (Records.TryGetValue(Key(stateName, grainId), out var record))
        {
            grainState.State = serializer.Deserialize<T>(record.Bytes);
            grainState.ETag = record.ETag.ToString(System.Globalization.CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        string key = Key(stateName, grainId);
        var bytes = serializer.SerializeToArray(grainState.State);
        lock (Records)
        {
            long current = Records.TryGetValue(key, out var record) ? record.ETag : 0;
            string expected = current == 0 ? null! : current.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (grainState.ETag != expected)
                throw new InconsistentStateException($"The record of '{key}' has ETag {expected ?? "(none)"}, the writer holds {grainState.ETag ?? "(none)"}: another activation wrote it.", expected, grainState.ETag);
            Records[key] = (bytes, current + 1);
            grainState.ETag = (current + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Records.TryRemove(Key(stateName, grainId), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private static string Key(string stateName, GrainId grainId) => $"{grainId}/{stateName}";
}

/// <summary>Registers <see cref="InProcessGrainStorage"/>.</summary>
public static class InProcessGrainStorageExtensions
{
    /// <summary>Adds grain storage <paramref name="name"/> over <paramref name="store"/> (the same store on every silo of the process).</summary>
    public static ISiloBuilder AddInProcessGrainStorage(this ISiloBuilder builder, string name, InProcessGrainStorage.Store store)
    {
        ArgumentNullException.ThrowIfNull(store);
        builder.Services.AddGrainStorage(name, (sp, _) => new InProcessGrainStorage(sp.GetRequiredService<Serializer>(), store));
        return builder;
    }
}
