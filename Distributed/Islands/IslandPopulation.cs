using Probabilistic.Inference;

namespace Probabilistic.Distributed.Islands;

/// <summary>
/// An island's <see cref="SmcSampler{T}"/> behind a face that does not name T (a grain learns the model's return type
/// only by opening the catalog entry with a visitor): steps, checkpoint bytes, reseeding, and the result's values as
/// numbers (double, <see cref="Real"/>, float, int, long and bool return values; another type is refused by name).
/// </summary>
internal abstract class IslandPopulation
{
    public abstract int Step { get; }
    public abstract bool Finished { get; }
    public abstract double LogEvidence { get; }
    public abstract void Advance();
    public abstract byte[] Checkpoint();
    public abstract void Reseed(ulong seed);

    /// <summary>A population of the same model resumed from <paramref name="checkpoint"/> with the streams of <paramref name="seed"/>.</summary>
    public abstract IslandPopulation Adopt(byte[] checkpoint, ulong seed);

    public abstract (double[] Values, double[] LogWeights, double LogEvidence, double Se) Result();

    /// <summary>Opens <paramref name="entry"/> and starts a population of it with <paramref name="options"/>.</summary>
    public static IslandPopulation Start(IModelEntry entry, SmcOptions options) => entry.Accept(new Starter(options));

    private sealed class Starter(SmcOptions options) : IModelVisitor<IslandPopulation>
    {
        public IslandPopulation Visit<T>(string name, Model<T> model, ChoiceMap? observations)
        {
            if (observations is not null)
                throw new NotSupportedException($"ClusterIslands: the model '{name}' is registered with observations; SMC conditions through the model's own Observe statements, so register it without.");
            return new Typed<T>(name, model, options, SmcSampler.Start(model, options));
        }
    }

    private sealed class Typed<T>(string name, Model<T> model, SmcOptions options, SmcSampler<T> sampler) : IslandPopulation
    {
        private static readonly Func<T, double> ToNumber = NumberOf();

        public override int Step => sampler.Step;
        public override bool Finished => sampler.IsFinished;
        public override double LogEvidence => sampler.LogEvidence;
        public override void Advance() => sampler.Run(1);
        public override byte[] Checkpoint() => sampler.Checkpoint().ToBytes();
        public override void Reseed(ulong seed) => sampler.Reseed(seed);

        public override IslandPopulation Adopt(byte[] checkpoint, ulong seed) =>
            new Typed<T>(name, model, options, SmcSampler.Resume(model, SmcCheckpoint.FromBytes(checkpoint).WithSeed(seed), options));

        public override (double[] Values, double[] LogWeights, double LogEvidence, double Se) Result()
        {
            var r = sampler.Result();
            var values = new double[r.Count];
            for (int i = 0; i < r.Count; i++) values[i] = ToNumber(r.Values[i]);
            return (values, sampler.LogWeights(), r.LogEvidence, r.LogEvidenceStandardError);
        }

        private static Func<T, double> NumberOf()
        {
            object f = typeof(T) switch
            {
                var t when t == typeof(double) => (Func<double, double>)(v => v),
                var t when t == typeof(Real) => (Func<Real, double>)(v => v.Value),
                var t when t == typeof(float) => (Func<float, double>)(v => v),
                var t when t == typeof(int) => (Func<int, double>)(v => v),
                var t when t == typeof(long) => (Func<long, double>)(v => v),
                var t when t == typeof(bool) => (Func<bool, double>)(v => v ? 1 : 0),
                _ => (Func<T, double>)(_ => throw new NotSupportedException(
                    $"ClusterIslands: the model returns a {typeof(T).Name}; an island sends its values as numbers (double, Real, float, int, long or bool); return one of those from the model registered for the cluster.")),
            };
            return (Func<T, double>)f;
        }
    }
}
