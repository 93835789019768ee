namespace Probabilistic.Benchmarks;

/// <summary>
/// (Kept in the benchmarks to measure the stream designs of ARCHITECTURE §16 item 11; the library draws normals by the polar method.)
/// The tables of the ziggurat method for standard normal draws (Marsaglia &amp; Tsang, "The Ziggurat Method for
/// Generating Random Variables", J. Stat. Softw. 5(8), 2000), in Doornik's form ("An Improved Ziggurat Method to
/// Generate Normal Random Samples", 2005): the half-density f(x) = exp(−x²/2) on x ≥ 0 is covered by 256 layers of equal
/// area v — layer 0 the base strip (the rectangle of width r under f(r), plus the tail beyond r), layer i ≥ 1 the
/// rectangle of width xᵢ between heights f(xᵢ) and f(xᵢ₊₁). A draw picks a layer and a point u·xᵢ in it; the point is
/// accepted at once when |u| &lt; xᵢ₊₁/xᵢ (inside the curve for sure: about 99% of draws), otherwise by the exact test
/// against f (or from the tail by Marsaglia's 1964 method).
/// </summary>
internal static class ZigguratNormal
{
    /// <summary>Layers (the index takes the random word's low 8 bits).</summary>
    private const int Layers = 256;

    /// <summary>Where the tail starts, for 256 layers (Marsaglia &amp; Tsang 2000, Table 1).</summary>
    private const double R = 3.6541528853610088;

    /// <summary>The area of each layer, for 256 layers (Marsaglia &amp; Tsang 2000, Table 1).</summary>
    private const double V = 4.92867323399e-3;

    /// <summary>xᵢ, i = 0..256: x₀ = v/f(r) (the base strip's width as if a rectangle), x₁ = r, x₂₅₆ = 0.</summary>
    private static readonly double[] X = BuildEdges();

    /// <summary>xᵢ₊₁/xᵢ: below it, u·xᵢ lies under the curve for sure.</summary>
    private static readonly double[] Ratio = BuildRatios(X);

    private static double F(double x) => Math.Exp(-0.5 * x * x);

    private static double[] BuildEdges()
    {
        var x = new double[Layers + 1];
        x[0] = V / F(R);
        x[1] = R;
        // Layer i's area: xᵢ (f(xᵢ₊₁) − f(xᵢ)) = v, so f(xᵢ₊₁) = v/xᵢ + f(xᵢ); at the top f reaches 1 (x = 0).
        for (int i = 1; i < Layers - 1; i++)
        {
            double fNext = V / x[i] + F(x[i]);
            x[i + 1] = fNext >= 1 ? 0 : Math.Sqrt(-2 * Math.Log(fNext));
        }
        x[Layers] = 0;
        return x;
    }

    private static double[] BuildRatios(double[] x)
    {
        var ratio = new double[Layers];
        for (int i = 0; i < Layers; i++) ratio[i] = x[i + 1] / x[i];
        return ratio;
    }

    /// <summary>
    /// One standard normal draw from <paramref name="rng"/>: each try takes one 64-bit word — its low 8 bits the layer,
    /// bit 8 the sign, its top 53 bits the uniform |u| — and returns at once with probability ≈ 0.99.
    /// </summary>
    public static double Draw(Rng rng)
    {
        var (x, ratio) = (X, Ratio);
        while (true)
        {
            ulong bits = rng.NextULong();
            int layer = (int)(bits & 0xFF);
            double u = (bits >> 11) * (1.0 / (1UL << 53));
            double sign = (bits & 0x100) == 0 ? 1.0 : -1.0;
            if (u < ratio[layer]) return sign * u * x[layer];
            if (layer == 0) return sign * Tail(rng);
            // Layer i ≥ 1 outside its sure part: the point (ux, y) with y uniform between f(xᵢ) and f(xᵢ₊₁) is under the
            // curve when y < f(ux); both sides divided by f(ux) to keep one exponential each.
            double ux = u * x[layer];
            double lower = Math.Exp(-0.5 * (x[layer] * x[layer] - ux * ux));        // f(xᵢ)/f(ux)
            double upper = Math.Exp(-0.5 * (x[layer + 1] * x[layer + 1] - ux * ux)); // f(xᵢ₊₁)/f(ux)
            if (lower + rng.NextDouble() * (upper - lower) < 1) return sign * ux;
        }
    }

    /// <summary>A draw from the normal's tail beyond r (Marsaglia 1964): r + a with a = −ln(U₁)/r, accepted when −2 ln U₂ &gt; a².</summary>
    private static double Tail(Rng rng)
    {
        double a, b;
        do
        {
            a = -Math.Log(rng.NextOpenDouble()) / R;
            b = -Math.Log(rng.NextOpenDouble());
        } while (b + b < a * a);
        return R + a;
    }
}
