using TorchSharp;
using static TorchSharp.torch;

namespace Probabilistic.Torch;

/// <summary>
/// A tensor model's log joint over the unconstrained space, batched over chains: θ ∈ ℝ^{C×D} (one row per chain) is
/// split by address, mapped to each choice's support (exp for positive, logistic for (0, 1)), and the model is scored
/// at those values with the log-Jacobians added; the gradient comes from autograd. The latent addresses and shapes are
/// found by one prior run, so the model's structure must be static.
/// </summary>
internal sealed class UnconstrainedTensorDensity<T>
{
    private readonly Model<T> _model;
    private readonly TensorRunOptions _run;
    private readonly List<(Address Address, TensorConstraint Support, long[] Shape, long Offset, long Size)> _blocks = [];

    public UnconstrainedTensorDensity(Model<T> model, TensorRunOptions run)
    {
        _model = model;
        _run = run;
        int chains = run.Particles ?? throw new ArgumentException("UnconstrainedTensorDensity: the run needs Particles (the chains).");
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var trace = TensorRun.Simulate(model, run);
        long offset = 0;
        foreach (var site in trace.Sites)
        {
            if (site.IsObserved || site.Address is null) continue;
            var support = site.Distribution?.Support
                ?? throw new ModelException($"Gradient MCMC: the choice at '{site.Address}' is {(site.Distribution?.Name ?? "a scalar distribution")}, which has no support mapped to the real line.", site.Address);
            var shape = site.Value!.shape;
            if (shape.Length == 0 || shape[0] != chains)
                throw new ModelException($"Gradient MCMC: the choice at '{site.Address}' has shape {Shapes.Show(shape)}, without the leading chain dimension {chains}.", site.Address);
            long size = shape.Skip(1).Aggregate(1L, (a, b) => a * b);
            _blocks.Add((site.Address, support, shape, offset, size));
            offset += size;
        }
        Dimension = offset;
    }

    /// <summary>D, the number of unconstrained coordinates per chain.</summary>
    public long Dimension { get; }

    /// <summary>The latent addresses with their element counts per chain, in θ's column order.</summary>
    public IEnumerable<(Address Address, long Size)> Blocks => _blocks.Select(b => (b.Address, b.Size));

    /// <summary>The constrained values of θ, flattened per chain: shape [C, D].</summary>
    public Tensor Constrained(Tensor theta) =>
        cat(_blocks.Select(b => Forward(theta[.., (int)b.Offset..(int)(b.Offset + b.Size)], b.Support)).ToArray(), 1);

    /// <summary>log p(T(θ)) + log|det J_T(θ)| per chain ([C]) and its gradient ([C, D]).</summary>
    public (Tensor LogDensity, Tensor Gradient) Evaluate(Tensor theta)
    {
        using var grad = enable_grad();
        var th = theta.detach().requires_grad_();
        var values = new Dictionary<Address, Tensor>();
        Tensor logJ = zeros(theta.shape[0], dtype: theta.dtype, device: theta.device);
        foreach (var b in _blocks)
        {
            var u = th[.., (int)b.Offset..(int)(b.Offset + b.Size)];
            values[b.Address] = Forward(u, b.Support).reshape(b.Shape);
            logJ = b.Support switch
            {
                TensorConstraint.Positive => logJ + u.sum(1),
                TensorConstraint.UnitInterval => logJ + (nn.functional.logsigmoid(u) + nn.functional.logsigmoid(-u)).sum(1),
                _ => logJ,
            };
        }
        var trace = TensorRun.Generate(_model, values, _run);
        var logp = trace.LogJoint + logJ;
        var g = autograd.grad([logp.sum()], [th])[0];
        return (logp.detach(), g.detach());
    }

    private static Tensor Forward(Tensor u, TensorConstraint support) => support switch
    {
        TensorConstraint.Positive => u.exp(),
        TensorConstraint.UnitInterval => u.sigmoid(),
        _ => u,
    };
}
