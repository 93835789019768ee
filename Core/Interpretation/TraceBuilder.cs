namespace Probabilistic.Interpretation;

/// <summary>Accumulates a run's choices and scores; detects duplicate addresses as they happen.</summary>
internal sealed class TraceBuilder
{
    public readonly ChoiceTable Choices;
    public readonly List<Score> Scores = [];
    private HashSet<Address>? _observed;
    public double LogPrior;
    public double LogLikelihood;

    public TraceBuilder(int capacity = 8) => Choices = new ChoiceTable(capacity);

    public void Add(Choice c)
    {
        if (!Choices.TryAdd(c)) throw new DuplicateAddressException(c.Address);
        if (_observed is not null && _observed.Contains(c.Address)) throw new DuplicateAddressException(c.Address);
        LogPrior += c.LogProb;
    }

    public void AddScore(double logWeight, Address? address, bool isObservation)
    {
        if (address is not null)
        {
            _observed ??= [];
            if (!_observed.Add(address) || Choices.Contains(address)) throw new DuplicateAddressException(address);
        }
        Scores.Add(new Score(address, logWeight, isObservation));
        LogLikelihood += logWeight;
    }

    public Trace<T> Build<T>(Model<T> model, T value) => new(model, value, Choices, Scores, LogPrior, LogLikelihood);
}
