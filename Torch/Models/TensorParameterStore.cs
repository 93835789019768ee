using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Probabilistic.Torch;

/// <summary>The constraint a tensor parameter keeps: its unconstrained value u is mapped to the support.</summary>
public enum TensorConstraint
{
    /// <summary>The real line: the value is u.</summary>
    Real,

    /// <summary>Positive: exp(u).</summary>
    Positive,

    /// <summary>The unit interval: sigmoid(u).</summary>
    UnitInterval,
}

/// <summary>
/// The learnable state of tensor models and guides (Pyro's param store): tensor parameters by address, kept as
/// unconstrained leaf tensors with gradients, and whole <c>torch.nn.Module</c>s. <see cref="Parameters"/> hands every
/// leaf to a TorchSharp optimizer, e.g. <c>torch.optim.Adam(store.Parameters(), 0.01)</c>.
/// </summary>
public sealed class TensorParameterStore
{
    private readonly Dictionary<Address, (Parameter Unconstrained, TensorConstraint Constraint)> _tensors = [];
    private readonly Dictionary<Address, nn.Module> _modules = [];
    private readonly List<Address> _order = [];

    /// <summary>The addresses of tensor parameters and modules, in first-use order.</summary>
    public IReadOnlyList<Address> Addresses => _order;

    /// <summary>The constrained value of the tensor parameter at <paramref name="address"/> (an error naming it when absent).</summary>
    public Tensor this[Address address] =>
        _tensors.TryGetValue(address, out var p) ? Constrain(p.Unconstrained, p.Constraint)
        : throw new KeyNotFoundException($"TensorParameterStore: no tensor parameter at '{address}'.");

    /// <summary>The module registered at <paramref name="address"/>.</summary>
    public nn.Module Module(Address address) =>
        _modules.TryGetValue(address, out var m) ? m : throw new KeyNotFoundException($"TensorParameterStore: no module at '{address}'.");

    /// <summary>Every learnable leaf: the unconstrained tensor parameters and the modules' parameters.</summary>
    public IEnumerable<Parameter> Parameters()
    {
        foreach (var a in _order)
        {
            if (_tensors.TryGetValue(a, out var p)) yield return p.Unconstrained;
            else foreach (var q in _modules[a].parameters()) yield return q;
        }
    }

    internal Tensor Get(Address address, Tensor init, TensorConstraint constraint)
    {
        if (_modules.ContainsKey(address)) throw new ModelException($"Param '{address}': a module is already registered there.", address);
        if (!_tensors.TryGetValue(address, out var p))
        {
            using var _ = no_grad();
            var u = constraint switch
            {
                TensorConstraint.Positive => init.log(),
                TensorConstraint.UnitInterval => init.logit(),
                _ => init.clone(),
            };
            if (!u.isfinite().all().item<bool>())
                throw new ModelException($"Param '{address}': the initial value is not inside the constraint {constraint}.", address);
            // The store owns its leaves: they outlive the dispose scope of the run that created them.
            var leaf = new Parameter(u.detach().DetachFromDisposeScope(), requires_grad: true);
            leaf.DetachFromDisposeScope();
            p = (leaf, constraint);
            _tensors[address] = p;
            _order.Add(address);
        }
        else if (p.Constraint != constraint)
            throw new ModelException($"Param '{address}': used with constraint {constraint}, but created with {p.Constraint}.", address);
        return Constrain(p.Unconstrained, p.Constraint);
    }

    internal TModule Register<TModule>(Address address, TModule module) where TModule : nn.Module
    {
        if (_tensors.ContainsKey(address)) throw new ModelException($"Module '{address}': a tensor parameter is already there.", address);
        if (_modules.TryGetValue(address, out var existing))
        {
            if (!ReferenceEquals(existing, module)) throw new ModelException($"Module '{address}': a different module is already registered there.", address);
            return module;
        }
        _modules[address] = module;
        _order.Add(address);
        return module;
    }

    private static Tensor Constrain(Tensor u, TensorConstraint c) => c switch
    {
        TensorConstraint.Positive => u.exp(),
        TensorConstraint.UnitInterval => u.sigmoid(),
        _ => u,
    };
}
