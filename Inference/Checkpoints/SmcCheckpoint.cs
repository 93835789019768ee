using System.Globalization;
using Probabilistic.Inference.Particles;

namespace Probabilistic.Inference;

/// <summary>
/// An SMC population between two observation steps, as a value: the settings it runs with (seed, particles, resampler,
/// ESS threshold), the step, the evidence pushed so far, each particle's log weight and time-0 ancestor, and the
/// particles themselves — for the interpreted program, each particle's recorded choices (resampled offspring share
/// theirs, stored once: <see cref="ChoiceGraph"/>), from which <see cref="SmcSampler.Resume{T}(Model{T}, SmcCheckpoint, SmcOptions?)"/>
/// rebuilds it by replaying the model; for a compiled program, its state struct field by field. The random streams need
/// no state: particle i's draws in step k come from stream k·(N+1)+i of the seed. <see cref="ToBytes"/> / <see cref="FromBytes"/>
/// give the versioned little-endian binary form (<see cref="HamiltonianCheckpoint"/>'s framing: magic, version, length, hash).
/// </summary>
public sealed class SmcCheckpoint
{
    /// <summary>The binary format's version written by <see cref="ToBytes"/>.</summary>
    public const int FormatVersion = 1;

    /// <summary>What <see cref="Program"/> reads for a population of the interpreted model.</summary>
    public const string InterpretedProgram = "interpreted";

    private const string Magic = "PPLSMCCK";

    internal SmcCheckpoint(string program, ulong seed, string resampler, double essThreshold, ParticleSnapshot particles)
    {
        Program = program;
        Seed = seed;
        Resampler = resampler;
        EssThreshold = essThreshold;
        Particles = particles;
    }

    /// <summary>
    /// <see cref="InterpretedProgram"/>, or the compiled twin's name with its state type and layout
    /// (<c>GaussianHmm.Model|ModelState|Pc:Int32;…</c>): a checkpoint resumes only on the program it was taken from.
    /// </summary>
    public string Program { get; }

    /// <summary>Whether the population ran the compiled twin's particle program.</summary>
    public bool IsCompiled => Program != InterpretedProgram;

    /// <summary>The seed whose streams the next steps draw from.</summary>
    public ulong Seed { get; }

    /// <summary>The resampling scheme's name (<see cref="Particles.Resampler.Name"/>).</summary>
    public string Resampler { get; }

    /// <summary>The ESS threshold τ (resample when ESS &lt; τN).</summary>
    public double EssThreshold { get; }

    /// <summary>Number of particles.</summary>
    public int Count => Particles.LogWeights.Length;

    /// <summary>Steps taken (observations passed, plus the finishing step once the particles have finished).</summary>
    public int Step => Particles.Step;

    /// <summary>The evidence estimate so far, log Ẑ = pushed evidence + log-mean-exp of the weights.</summary>
    public double LogEvidence => Particles.PushedLogEvidence + LogWeightStatistics.LogMeanExp(Particles.LogWeights);

    /// <summary>The bookkeeping and, for the interpreted program, the choices.</summary>
    internal ParticleSnapshot Particles { get; }

    /// <summary>For a compiled program: the states (written by <see cref="StateLayout{TState}"/>), the program's number of scores, and whether the particles have finished.</summary>
    internal (byte[] States, int ProgramSteps, bool Finished)? CompiledStates { get; init; }

    /// <summary>
    /// The same population continuing, from its next step, with the streams of <paramref name="seed"/>: how an island
    /// copied by island-level resampling (<see cref="Particles.IslandInteraction.Resampling"/>) becomes independent of its ancestor.
    /// </summary>
    public SmcCheckpoint WithSeed(ulong seed) =>
        new(Program, seed, Resampler, EssThreshold, Particles) { CompiledStates = CompiledStates };

    /// <summary>The checkpoint in its binary form (<see cref="FormatVersion"/>), which <see cref="FromBytes"/> reads back exactly.</summary>
    public byte[] ToBytes()
    {
        var w = new CheckpointWriter();
        var p = Particles;
        w.String(Program);
        w.ULong(Seed);
        w.String(Resampler);
        w.Double(EssThreshold);
        w.Int(p.Step);
        w.Int(p.Resamplings);
        w.Int(p.OtherResamplings);
        w.Double(p.PushedLogEvidence);
        w.Double(p.EffectiveSampleSizeBeforeResampling);
        w.Doubles(p.LogWeights);
        w.Int(p.Eves.Length);
        foreach (var e in p.Eves) w.Int(e);
        if (CompiledStates is { } c)
        {
            w.Int(c.ProgramSteps);
            w.Bool(c.Finished);
            w.Bytes(c.States);
        }
        else
        {
            w.Doubles(p.LogLikelihoods);
            foreach (var f in p.Finished) w.Bool(f);
            var g = p.Choices;
            foreach (var h in g.Heads) w.Int(h);
            w.Int(g.Addresses.Length);
            foreach (var a in g.Addresses) w.String(a);
            w.Int(g.Count);
            for (int k = 0; k < g.Count; k++)
            {
                w.Int(g.Parents[k]);
                w.Int(g.AddressIndices[k]);
                ChoiceValueFormat.Write(w, g.Values[k], g.Addresses[g.AddressIndices[k]]);
            }
        }
        return w.ToBytes(Magic, FormatVersion);
    }

    /// <summary>Reads a checkpoint written by <see cref="ToBytes"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not an SMC checkpoint, are of an unknown version, are truncated, fail the hash, or hold impossible values.</exception>
    public static SmcCheckpoint FromBytes(ReadOnlySpan<byte> bytes)
    {
        const string what = nameof(SmcCheckpoint);
        var (r, _) = CheckpointReader.Open(bytes, Magic, FormatVersion, what);
        string program = r.String();
        ulong seed = r.ULong();
        string resampler = r.String();
        double threshold = r.Double();
        int step = r.Int(), resamplings = r.Int(), otherResamplings = r.Int();
        double pushed = r.Double(), essBefore = r.Double();
        var logWeights = r.Doubles("log weights") ?? throw Corrupt("the log weights are null");
        int n = logWeights.Length;
        if (n == 0 || step < 0 || resamplings < 0 || otherResamplings < 0) throw Corrupt($"{n} particles, step {step}, {resamplings} resamplings");
        if (r.Count(n, "Eves") != n) throw Corrupt("the Eves are not one per particle");
        var eves = new int[n];
        for (int i = 0; i < n; i++) eves[i] = CheckIndex(r.Int(), n, "an Eve");
        if (program != InterpretedProgram)
        {
            int programSteps = r.Int();
            bool finished = r.Bool();
            var states = r.Bytes("states");
            r.End();
            var empty = new ChoiceGraph([], [], [], [], []);
            return new SmcCheckpoint(program, seed, resampler, threshold,
                new ParticleSnapshot(step, resamplings, otherResamplings, pushed, essBefore, logWeights, [], eves, [], empty))
            { CompiledStates = (states, programSteps, finished) };
        }
        var logLikelihoods = r.Doubles("log likelihoods");
        if (logLikelihoods?.Length != n) throw Corrupt("the log likelihoods are not one per particle");
        var finishedFlags = new bool[n];
        for (int i = 0; i < n; i++) finishedFlags[i] = r.Bool();
        var heads = new int[n];
        for (int i = 0; i < n; i++) heads[i] = r.Int();
        var addresses = new string[r.Count(r.Remaining, "addresses")];
        for (int a = 0; a < addresses.Length; a++) addresses[a] = r.String();
        int count = r.Count(r.Remaining / (3 * sizeof(int)), "choices");
        var parents = new int[count];
        var addressIndices = new int[count];
        var values = new object[count];
        for (int k = 0; k < count; k++)
        {
            parents[k] = r.Int();
            if (parents[k] < -1 || parents[k] >= k) throw Corrupt($"choice {k} has parent {parents[k]} (parents come first)");
            addressIndices[k] = CheckIndex(r.Int(), addresses.Length, $"choice {k}'s address");
            values[k] = ChoiceValueFormat.Read(r, k);
        }
        for (int i = 0; i < n; i++)
            if (heads[i] < -1 || heads[i] >= count) throw Corrupt($"particle {i}'s newest choice is {heads[i]} of {count}");
        r.End();
        return new SmcCheckpoint(program, seed, resampler, threshold, new ParticleSnapshot(step, resamplings, otherResamplings, pushed, essBefore,
            logWeights, logLikelihoods, eves, finishedFlags, new ChoiceGraph(heads, parents, addressIndices, addresses, values)));
    }

    /// <summary>Writes <see cref="ToBytes"/> to <paramref name="stream"/>.</summary>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(ToBytes());
    }

    /// <summary>Reads a checkpoint from the rest of <paramref name="stream"/>.</summary>
    public static SmcCheckpoint ReadFrom(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var m = new MemoryStream();
        stream.CopyTo(m);
        return FromBytes(m.GetBuffer().AsSpan(0, (int)m.Length));
    }

    /// <summary>Throws unless <paramref name="o"/> runs as this checkpoint's population did (the thread count may differ).</summary>
    internal void CheckResumable(SmcOptions o, string program)
    {
        static string D(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        if (program != Program)
            throw new ArgumentException($"SmcCheckpoint: the checkpoint is of the program '{Program}', but the model runs as '{program}'; resume it on the model (and the Interpreted option) it was taken with.", "checkpoint");
        if (o.Particles != Count) throw Setting(nameof(o.Particles), Count.ToString(CultureInfo.InvariantCulture), o.Particles.ToString(CultureInfo.InvariantCulture));
        if (o.Resampler.Name != Resampler) throw Setting(nameof(o.Resampler), Resampler, o.Resampler.Name);
        if (o.EssThreshold != EssThreshold) throw Setting(nameof(o.EssThreshold), D(EssThreshold), D(o.EssThreshold));
        if (o.Islands != 1) throw new ArgumentException($"SmcCheckpoint: a checkpoint holds one population; Islands must be 1, not {o.Islands} (island runs checkpoint each island: IslandSmc).", "options");
    }

    private static ArgumentException Setting(string name, string had, string given) =>
        new($"SmcCheckpoint: the checkpoint's population ran with {name} = {had}, but the options give {given}; resume with the same settings.", "options");

    private static int CheckIndex(int value, int count, string what) =>
        value >= 0 && value < count ? value : throw Corrupt($"{what} is {value}, outside 0…{count - 1}");

    private static InvalidDataException Corrupt(string what) => new($"{nameof(SmcCheckpoint)}: {what}; the data is corrupt.");
}
