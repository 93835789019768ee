namespace Probabilistic.Inference;

/// <summary>A <see cref="ChainState"/>'s fields in <see cref="CheckpointWriter"/>'s layout, in a fixed order; reading checks every vector's length against the dimension.</summary>
internal static class ChainStateFormat
{
    public static void Write(CheckpointWriter w, ChainState c)
    {
        w.Int(c.Chain);
        w.Int(c.Iteration);
        w.Int(c.Divergences);
        w.Double(c.StepSize);
        w.Doubles(c.Q);
        w.Double(c.LogDensity);
        w.Doubles(c.Gradient);
        w.Doubles(c.InverseDiagonal);
        w.Doubles(c.InverseDense);
        w.Doubles(c.LowRankScale);
        w.Matrix(c.LowRankVectors);
        w.Doubles(c.LowRankValues);
        w.Bool(c.MetricFixed);
        w.Double(c.DualMu);
        w.Double(c.DualCounter);
        w.Double(c.DualSBar);
        w.Double(c.DualXBar);
        w.Int(c.WindowSize);
        w.Int(c.NextWindow);
        w.Int(c.WindowCounter);
        w.Int(c.WelfordCount);
        w.Doubles(c.WelfordMean);
        w.Doubles(c.WelfordM2);
        w.Doubles(c.WelfordM2Dense);
        w.Matrix(c.FisherDraws);
        w.Matrix(c.FisherGradients);
        w.Rng(c.Rng);
        w.Bool(c.DrawRng.HasValue);
        if (c.DrawRng is { } d) w.Rng(d);
        w.Matrix(c.Draws);
        w.Int(c.Statistics.Length);
        foreach (var s in c.Statistics)
        {
            w.Double(s.LogDensity);
            w.Double(s.AcceptStat);
            w.Double(s.StepSize);
            w.Int(s.TreeDepth);
            w.Int(s.LeapfrogSteps);
            w.Bool(s.Divergent);
            w.Double(s.Energy);
        }
    }

    /// <summary>One draw's statistics: LogDensity, AcceptStat, StepSize (3 doubles), TreeDepth, LeapfrogSteps (2 ints), Divergent (1 byte), Energy (a double).</summary>
    private const int StatisticsRecordBytes = 3 * sizeof(double) + 2 * sizeof(int) + sizeof(bool) + sizeof(double);

    /// <summary>
    /// Reads the state of chain <paramref name="index"/> (or, null, of the one chain a single chain's checkpoint holds,
    /// whatever its number), checking every field a resumed chain relies on.
    /// </summary>
    public static ChainState Read(CheckpointReader r, int? index, int dimension, int columns)
    {
        int chain = r.Int(), iteration = r.Int(), divergences = r.Int();
        if (index is { } position ? chain != position : chain < 0) throw Corrupt($"the chain stored at position {index ?? 0} says it is chain {chain}");
        double stepSize = r.Double();
        if (!(double.IsFinite(stepSize) && stepSize > 0)) throw Corrupt($"chain {chain}'s step size is {stepSize}, not finite and positive");
        var q = Vector(r, "position", dimension, required: true)!;
        double logDensity = r.Double();
        var gradient = Vector(r, "gradient", dimension, required: true)!;
        var inverseDiagonal = Vector(r, "inverse metric diagonal", dimension, required: true)!;
        for (int i = 0; i < dimension; i++)
            if (!(double.IsFinite(inverseDiagonal[i]) && inverseDiagonal[i] > 0))
                throw Corrupt($"chain {chain}'s inverse metric diagonal has {inverseDiagonal[i]} at coordinate {i}, not finite and positive");
        var inverseDense = Vector(r, "dense inverse metric", dimension * dimension, required: false);
        var lowRankScale = Vector(r, "low-rank scale", dimension, required: false);
        var lowRankVectors = Rows(r, "low-rank vectors", dimension);
        var lowRankValues = r.Doubles("low-rank values");
        if ((lowRankScale is null) != (lowRankVectors is null) || (lowRankVectors is null) != (lowRankValues is null) || (lowRankVectors is not null && lowRankVectors.Length != lowRankValues!.Length))
            throw Corrupt($"chain {chain}'s low-rank metric is incomplete");
        bool metricFixed = r.Bool();
        double mu = r.Double(), counter = r.Double(), sBar = r.Double(), xBar = r.Double();
        int windowSize = r.Int(), nextWindow = r.Int(), windowCounter = r.Int(), welfordCount = r.Int();
        var welfordMean = Vector(r, "Welford mean", dimension, required: false);
        var welfordM2 = Vector(r, "Welford sums of squares", dimension, required: false);
        var welfordM2Dense = Vector(r, "Welford cross products", dimension * dimension, required: false);
        var fisherDraws = Rows(r, "Fisher window draws", dimension);
        var fisherGradients = Rows(r, "Fisher window gradients", dimension);
        var rng = Generator(r, chain, "generator state");
        RngState? drawRng = r.Bool() ? Generator(r, chain, "discrete-draw generator state") : null;
        var draws = Rows(r, "draws", columns) ?? throw Corrupt($"chain {chain}'s draws are missing");
        int n = r.Count(r.Remaining / StatisticsRecordBytes, "statistics");
        if (n != draws.Length) throw Corrupt($"chain {chain} has {draws.Length} draws but {n} statistics");
        var statistics = new DrawStatistics[n];
        for (int i = 0; i < n; i++)
            statistics[i] = new DrawStatistics(r.Double(), r.Double(), r.Double(), r.Int(), r.Int(), r.Bool(), r.Double());
        if (iteration < 0 || divergences < 0 || welfordCount < 0 || chain < 0) throw Corrupt($"chain {chain} has a negative count");
        return new ChainState
        {
            Chain = chain, Iteration = iteration, Divergences = divergences, StepSize = stepSize,
            Q = q, LogDensity = logDensity, Gradient = gradient, InverseDiagonal = inverseDiagonal, InverseDense = inverseDense,
            LowRankScale = lowRankScale, LowRankVectors = lowRankVectors, LowRankValues = lowRankValues, MetricFixed = metricFixed,
            DualMu = mu, DualCounter = counter, DualSBar = sBar, DualXBar = xBar,
            WindowSize = windowSize, NextWindow = nextWindow, WindowCounter = windowCounter,
            WelfordCount = welfordCount, WelfordMean = welfordMean, WelfordM2 = welfordM2, WelfordM2Dense = welfordM2Dense,
            FisherDraws = fisherDraws, FisherGradients = fisherGradients, Rng = rng, DrawRng = drawRng,
            Draws = draws, Statistics = statistics,
        };
    }

    // xoshiro256** never reaches the all-zero state (Rng.SetState refuses it): zero words are corruption.
    private static RngState Generator(CheckpointReader r, int chain, string field)
    {
        var g = r.Rng();
        if ((g.S0 | g.S1 | g.S2 | g.S3) == 0) throw Corrupt($"chain {chain}'s {field} is all zero, a state xoshiro256** never reaches");
        return g;
    }

    private static double[]? Vector(CheckpointReader r, string field, int length, bool required)
    {
        var v = r.Doubles(field);
        if (v is null && required) throw Corrupt($"the {field} is missing");
        if (v is not null && v.Length != length) throw Corrupt($"the {field} has {v.Length} values, not {length}");
        return v;
    }

    private static double[][]? Rows(CheckpointReader r, string field, int length)
    {
        var rows = r.Matrix(field);
        if (rows is not null)
            foreach (var row in rows)
                if (row.Length != length) throw Corrupt($"a row of the {field} has {row.Length} values, not {length}");
        return rows;
    }

    private static InvalidDataException Corrupt(string what) => new($"{nameof(HamiltonianCheckpoint)}: {what}; the data is corrupt.");
}
