using TorchSharp;
using static TorchSharp.torch;

namespace Probabilistic.Torch;

/// <summary>
/// <c>Infer.TensorSmc</c>'s population by re-execution (Wood, van de Meent and Mansinghka 2014): step t re-runs the
/// program with every choice made so far replayed (unscored) from the resampled values and draws the choices up to
/// observation t, so no model state needs re-indexing, at O(t) program steps per observation.
/// </summary>
internal sealed class InterpretedTensorPopulation<T>(Model<T> model) : ITensorPopulation
{
    private readonly Dictionary<Address, Tensor> _values = [];
    private bool _taken;

    public Tensor? Step(int t, TensorRunOptions stepRun, DisposeScope scope)
    {
        using var h = TensorRun.Step(model, _values, skip: t, stopAfter: t, stepRun);
        foreach (var (a, v) in h.Values)
            if (!_values.ContainsKey(a)) _values[a] = v.DetachFromDisposeScope();
        // With skip = stopAfter = t the first observation weighed is t, where the run stops: an increment means it stopped.
        return h.Increment;
    }

    public void Resample(Tensor ancestors, DisposeScope scope)
    {
        foreach (var a in _values.Keys.ToArray())
        {
            var old = _values[a];
            _values[a] = old.index_select(0, ancestors).DetachFromDisposeScope();
            old.Dispose();
        }
    }

    public Dictionary<Address, Tensor> TakeParticles()
    {
        _taken = true;
        return _values;
    }

    public void Dispose()
    {
        if (_taken) return;
        foreach (var v in _values.Values) v.Dispose();
    }
}
