using Probabilistic.Torch.Compilation;
using TorchSharp;
using static TorchSharp.torch;

namespace Probabilistic.Torch;

/// <summary>
/// <c>Infer.TensorSmc</c>'s population as a compiled tensor particle program (<see cref="ITensorParticleProgram"/>,
/// generated from a <c>[Compiled]</c> tensor model): one state holds all N particles, each step advances it from where
/// the previous one stopped (O(1) program steps per observation) and resampling index-selects only the state's
/// per-particle tensors. The choices drawn are kept per step with each step's ancestors; the returned values are
/// each choice's rows along its particles' genealogy (traced back once at the end, O(T) in all), which is what resampling
/// every choice at every step, as the interpreter does, leaves.
/// </summary>
internal sealed class CompiledTensorPopulation : ITensorPopulation
{
    private readonly ITensorParticleProgram _program;
    private readonly ITensorParticleState _state;
    private readonly List<(Address Address, Tensor Value)[]> _draws = [];
    private readonly List<Tensor?> _ancestors = []; // per step: the resampling after its observation, if any
    // Tensors of the state that this population made (not the choices, not the caller's): disposed once the state drops them.
    private readonly HashSet<Tensor> _owned = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<Address> _addresses = [];
    private int _advanced;

    public CompiledTensorPopulation(ITensorParticleProgram program)
    {
        _program = program;
        _state = program.Start();
    }

    public Tensor? Step(int t, TensorRunOptions stepRun, DisposeScope scope)
    {
        using var step = new TensorParticleStep(stepRun);
        Tensor? increment = null;
        if (_advanced < _program.Steps)
        {
            increment = _state.Advance(step);
            _advanced++;
        }
        else _state.Finish(step);
        var draws = step.Draws.ToArray();
        foreach (var (_, v) in draws) v.DetachFromDisposeScope();
        _draws.Add(draws);
        foreach (var (a, _) in draws)
            if (!_addresses.Add(a)) throw new ModelException($"The address '{a}' is used twice in one run of a tensor model.", a);
        _ancestors.Add(null);
        Keep(scope);
        return increment;
    }

    public void Resample(Tensor ancestors, DisposeScope scope)
    {
        _state.Resample(ancestors);
        _ancestors[^1] = ancestors.DetachFromDisposeScope();
        Keep(scope);
    }

    // Moves the state's tensors made in this step out of its scope, and disposes those the state no longer holds.
    private void Keep(DisposeScope scope)
    {
        var held = new HashSet<Tensor>(_state.Tensors, ReferenceEqualityComparer.Instance);
        foreach (var t in held)
        {
            if (!scope.Contains(t)) continue;
            t.DetachFromDisposeScope();
            _owned.Add(t);
        }
        _owned.RemoveWhere(t =>
        {
            if (held.Contains(t)) return false;
            t.Dispose();
            return true;
        });
    }

    public Dictionary<Address, Tensor> TakeParticles()
    {
        // A choice drawn at step s ends as its rows ancestors_s[ancestors_{s+1}[…[ancestors_last]]]: the composition of the
        // resamplings after it, built from the last step back.
        var finals = new (Address Address, Tensor Value)[_draws.Count][];
        Tensor? index = null;
        var composed = new List<Tensor>();
        for (int s = _draws.Count - 1; s >= 0; s--)
        {
            if (_ancestors[s] is { } a)
            {
                index = index is null ? a : a.index_select(0, index).DetachFromDisposeScope();
                if (!ReferenceEquals(index, a)) composed.Add(index);
            }
            var step = _draws[s];
            finals[s] = new (Address, Tensor)[step.Length];
            for (int k = 0; k < step.Length; k++)
            {
                var (address, value) = step[k];
                if (index is null) finals[s][k] = (address, value);
                else
                {
                    finals[s][k] = (address, value.index_select(0, index).DetachFromDisposeScope());
                    value.Dispose();
                }
            }
            _draws[s] = [];
        }
        foreach (var c in composed) c.Dispose();
        var values = new Dictionary<Address, Tensor>();
        foreach (var step in finals)
            foreach (var (address, value) in step) values[address] = value;
        return values;
    }

    public void Dispose()
    {
        foreach (var t in _owned) t.Dispose();
        _owned.Clear();
        foreach (var a in _ancestors) a?.Dispose();
        _ancestors.Clear();
        foreach (var step in _draws)
            foreach (var (_, v) in step) v.Dispose();
        _draws.Clear();
    }
}
