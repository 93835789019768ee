namespace Probabilistic.Numerics;

public static partial class SpecialFunctions
{
    private const int LogFactorialTableSize = 256;
    private static readonly double[] LogFactorialTable = BuildLogFactorialTable();

    private static double[] BuildLogFactorialTable()
    {
        var table = new double[LogFactorialTableSize];
        for (int k = 0; k < table.Length; k++) table[k] = LogGamma(k + 1.0);
        return table;
    }

    /// <summary>
    /// log k! = log Γ(k + 1) for k ≥ 0: a table lookup below 256 (the counts of most count data), <see cref="LogGamma"/>
    /// above, so that a likelihood over many counts (the Poisson GLM likelihood of Probabilistic.Distributions) pays no special function per datum.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">k is negative.</exception>
    public static double LogFactorial(int k)
    {
        if (k < 0) throw new ArgumentOutOfRangeException(nameof(k), k, "SpecialFunctions.LogFactorial: k must be non-negative.");
        return k < LogFactorialTableSize ? LogFactorialTable[k] : LogGamma(k + 1.0);
    }
}
