using Probabilistic.Syntax;

namespace Probabilistic.Interpretation;

/// <summary>Simulate: every choice from its prior.</summary>
internal sealed class SimulateHandler(Rng rng) : Handler
{
    public readonly TraceBuilder Trace = new();

    public override Choice OnSample(ISampleNode node, Machine m)
    {
        var address = m.Resolve(node.Local);
        var c = node.Draw(address, rng);
        Trace.Add(c);
        return c;
    }

    public override bool OnScore(Real logWeight, Address? address, bool isObservation)
    {
        Trace.AddScore(logWeight.Value, address, isObservation);
        return true;
    }
}

/// <summary>Generate: constrained choices take their given value and add their log density to the weight.</summary>
internal sealed class GenerateHandler(ChoiceMap constraints, Rng rng) : Handler
{
    public readonly TraceBuilder Trace = new();
    public double Weight;
    public int ConstraintsVisited;

    public override Choice OnSample(ISampleNode node, Machine m)
    {
        var address = m.Resolve(node.Local);
        Choice c;
        if (constraints.TryGetValue(address, out var v))
        {
            c = node.Score(address, v);
            Weight += c.LogProb;
            ConstraintsVisited++;
        }
        else c = node.Draw(address, rng);
        Trace.Add(c);
        return c;
    }

    public override bool OnScore(Real logWeight, Address? address, bool isObservation)
    {
        Trace.AddScore(logWeight.Value, address, isObservation);
        Weight += logWeight.Value;
        return true;
    }
}

/// <summary>Assess: every choice must be given; sums the log joint.</summary>
internal sealed class AssessHandler(ChoiceMap choices) : Handler
{
    public readonly TraceBuilder Trace = new();

    public override Choice OnSample(ISampleNode node, Machine m)
    {
        var address = m.Resolve(node.Local);
        if (!choices.TryGetValue(address, out var v))
            throw new ModelException($"Assess: the choice map has no value for address '{address}', which the model visits (Assess needs every choice).", address);
        var c = node.Score(address, v);
        Trace.Add(c);
        return c;
    }

    public override bool OnScore(Real logWeight, Address? address, bool isObservation)
    {
        Trace.AddScore(logWeight.Value, address, isObservation);
        return true;
    }
}

/// <summary>
/// Update: constrained choices take their new value, others keep the previous trace's value when it
/// had one, and the rest are fresh draws from the prior.
/// </summary>
internal sealed class UpdateHandler(ChoiceTable previous, ChoiceMap constraints, Rng rng) : Handler
{
    public readonly TraceBuilder Trace = new();
    public double FreshLogProb;
    public int ConstraintsVisited;

    public override Choice OnSample(ISampleNode node, Machine m)
    {
        var address = m.Resolve(node.Local);
        Choice c;
        if (constraints.TryGetValue(address, out var v))
        {
            c = node.Score(address, v);
            ConstraintsVisited++;
        }
        else if (previous.TryGetValue(address, out var p)) c = node.Reuse(address, p);
        else
        {
            c = node.Draw(address, rng);
            FreshLogProb += c.LogProb;
        }
        Trace.Add(c);
        return c;
    }

    public override bool OnScore(Real logWeight, Address? address, bool isObservation)
    {
        Trace.AddScore(logWeight.Value, address, isObservation);
        return true;
    }
}

/// <summary>
/// Regenerate: selected choices (and choices the previous trace lacks) are drawn afresh from the prior;
/// the others keep their value, and their change of log density enters the weight.
/// </summary>
internal sealed class RegenerateHandler(ChoiceTable previous, Selection selection, Rng rng) : Handler
{
    public readonly TraceBuilder Trace = new();
    public double KeptDelta;

    public override Choice OnSample(ISampleNode node, Machine m)
    {
        var address = m.Resolve(node.Local);
        Choice c;
        if (previous.TryGetValue(address, out var p) && !selection.Contains(address))
        {
            c = node.Reuse(address, p);
            KeptDelta += c.LogProb - p.LogProb;
        }
        else c = node.Draw(address, rng);
        Trace.Add(c);
        return c;
    }

    public override bool OnScore(Real logWeight, Address? address, bool isObservation)
    {
        Trace.AddScore(logWeight.Value, address, isObservation);
        return true;
    }
}
