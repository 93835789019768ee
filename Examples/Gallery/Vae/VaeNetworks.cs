using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Probabilistic.Examples.Gallery.Vae;

/// <summary>The encoder q(z | x) = N(μ(x), diag σ(x)²): a one-hidden-layer MLP giving [μ, log σ] (Kingma &amp; Welling 2014, App. C.2).</summary>
public sealed class Encoder : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _hidden, _out;

    /// <summary>An encoder from <paramref name="pixels"/> inputs through <paramref name="hidden"/> tanh units to 2 × <paramref name="latent"/> outputs.</summary>
    public Encoder(int pixels, int hidden, int latent) : base(nameof(Encoder))
    {
        _hidden = Linear(pixels, hidden);
        _out = Linear(hidden, 2 * latent);
        RegisterComponents();
    }

    /// <summary>[μ, log σ] for each row of <paramref name="x"/>.</summary>
    public override Tensor forward(Tensor x) => _out.forward(_hidden.forward(x).tanh());
}

/// <summary>The decoder p(x | z) = Bernoulli(logits(z)): a one-hidden-layer MLP.</summary>
public sealed class Decoder : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _hidden, _out;

    /// <summary>A decoder from <paramref name="latent"/> inputs through <paramref name="hidden"/> tanh units to <paramref name="pixels"/> logits.</summary>
    public Decoder(int latent, int hidden, int pixels) : base(nameof(Decoder))
    {
        _hidden = Linear(latent, hidden);
        _out = Linear(hidden, pixels);
        RegisterComponents();
    }

    /// <summary>Pixel logits for each row of <paramref name="z"/>.</summary>
    public override Tensor forward(Tensor z) => _out.forward(_hidden.forward(z).tanh());
}
