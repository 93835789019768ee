using System.Numerics;
using System.Runtime.CompilerServices;

namespace Probabilistic;

/// <summary>
/// A seedable, splittable pseudo-random generator: xoshiro256** (Blackman &amp; Vigna, "Scrambled
/// linear pseudorandom number generators", ACM TOMS 2021) seeded through SplitMix64 (Steele, Lea
/// &amp; Flood, OOPSLA 2014). <see cref="Split()"/> derives an independent stream, so an algorithm
/// gives each chain or particle its own stream from one seed, in a fixed order, and results are
/// bit-identical whatever the number of threads.
/// </summary>
/// <remarks>An instance is not thread-safe: give each thread its own stream with <see cref="Split()"/>.</remarks>
public sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareGaussian;
    private bool _hasSpare;

    /// <summary>A generator whose whole stream is determined by <paramref name="seed"/>.</summary>
    public Rng(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
        if ((_s0 | _s1 | _s2 | _s3) == 0) _s0 = 1;
    }

    /// <summary>Stream number <paramref name="stream"/> of <paramref name="seed"/>: different streams are independent.</summary>
    public Rng(ulong seed, ulong stream) : this(Mix(seed, stream)) { }

    /// <summary>
    /// Restarts this generator as stream <paramref name="stream"/> of <paramref name="seed"/> (the same
    /// state as <c>new Rng(seed, stream)</c>), without allocating: particle filters give every
    /// particle-step its own stream this way, so results do not depend on how work is split over threads.
    /// </summary>
    public void Reset(ulong seed, ulong stream)
    {
        ulong x = Mix(seed, stream);
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
        if ((_s0 | _s1 | _s2 | _s3) == 0) _s0 = 1;
        _hasSpare = false;
    }

    private static ulong Mix(ulong seed, ulong stream)
    {
        ulong x = seed ^ (stream * 0xD1B54A32D192ED03UL + 0x9E3779B97F4A7C15UL);
        return SplitMix(ref x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextULong()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform double in the open interval (0, 1), safe to take the logarithm of.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextOpenDouble() => ((NextULong() >> 12) + 0.5) * (1.0 / (1UL << 52));

    /// <summary>A uniform integer in [0, <paramref name="n"/>), without modulo bias (Lemire, ACM TOMACS 2019).</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "Rng.NextInt: the bound must be positive.");
        ulong m = (ulong)(uint)n;
        ulong x = NextULong() >> 32;
        ulong prod = x * m;
        uint low = (uint)prod;
        if (low < (uint)n)
        {
            uint threshold = (uint)(-n) % (uint)n;
            while (low < threshold)
            {
                x = NextULong() >> 32;
                prod = x * m;
                low = (uint)prod;
            }
        }
        return (int)(prod >> 32);
    }

    /// <summary>A standard normal draw (Marsaglia's polar method; the spare value is kept).</summary>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareGaussian;
        }
        double u, v, s;
        do
        {
            u = 2.0 * NextDouble() - 1.0;
            v = 2.0 * NextDouble() - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        double f = Math.Sqrt(-2.0 * Math.Log(s) / s);
        _spareGaussian = v * f;
        _hasSpare = true;
        return u * f;
    }

    /// <summary>
    /// The generator's complete state (the four xoshiro256** words and the spare Gaussian of the polar method), for
    /// checkpoints: <see cref="FromState"/> gives a generator that continues this one's stream exactly.
    /// </summary>
    public RngState State => new(_s0, _s1, _s2, _s3, _spareGaussian, _hasSpare);

    /// <summary>A generator in the state <paramref name="state"/> (from <see cref="State"/>): it draws what the generator that state was taken from would have drawn next.</summary>
    /// <exception cref="ArgumentException">The four state words are all zero (xoshiro256** never reaches that state).</exception>
    public static Rng FromState(RngState state)
    {
        var rng = new Rng(0);
        rng.SetState(state);
        return rng;
    }

    /// <summary>Puts this generator in the state <paramref name="state"/> (from <see cref="State"/>), in place.</summary>
    /// <exception cref="ArgumentException">The four state words are all zero (xoshiro256** never reaches that state).</exception>
    public void SetState(RngState state)
    {
        if ((state.S0 | state.S1 | state.S2 | state.S3) == 0)
            throw new ArgumentException("Rng.SetState: the four state words are all zero, a state xoshiro256** never reaches; the state is corrupt.", nameof(state));
        _s0 = state.S0;
        _s1 = state.S1;
        _s2 = state.S2;
        _s3 = state.S3;
        _spareGaussian = state.SpareGaussian;
        _hasSpare = state.HasSpare;
    }

    /// <summary>A new generator independent of this one; advances this one.</summary>
    public Rng Split() => new(NextULong(), NextULong());

    /// <summary><paramref name="count"/> independent generators, split in order (deterministic).</summary>
    public Rng[] Split(int count)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "Rng.Split: the count must be non-negative.");
        var rs = new Rng[count];
        for (int i = 0; i < count; i++) rs[i] = Split();
        return rs;
    }

    /// <summary>A <see cref="System.Random"/> that draws from this generator (for MathNet.Numerics samplers).</summary>
    public Random AsRandom() => new RandomAdapter(this);

    private sealed class RandomAdapter(Rng rng) : Random
    {
        protected override double Sample() => rng.NextDouble();
        public override double NextDouble() => rng.NextDouble();
        public override int Next() => (int)(rng.NextULong() >> 33);
        public override int Next(int maxValue) => maxValue <= 0 ? (maxValue == 0 ? 0 : throw new ArgumentOutOfRangeException(nameof(maxValue))) : rng.NextInt(maxValue);
        public override int Next(int minValue, int maxValue)
        {
            if (minValue > maxValue) throw new ArgumentOutOfRangeException(nameof(minValue));
            long range = (long)maxValue - minValue;
            if (range == 0) return minValue;
            if (range <= int.MaxValue) return minValue + rng.NextInt((int)range);
            return (int)(minValue + (long)(rng.NextDouble() * range));
        }
        public override void NextBytes(byte[] buffer) => NextBytes(buffer.AsSpan());
        public override void NextBytes(Span<byte> buffer)
        {
            for (int i = 0; i < buffer.Length; i++) buffer[i] = (byte)rng.NextULong();
        }
    }
}
