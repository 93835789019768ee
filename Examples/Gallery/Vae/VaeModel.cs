using Probabilistic.Torch;
using static Probabilistic.Model;
using static Probabilistic.Torch.TensorModel;
using static TorchSharp.torch;

namespace Probabilistic.Examples.Gallery.Vae;

/// <summary>
/// The variational autoencoder as a model and an amortized guide in the model DSL (Kingma &amp; Welling 2014): for each
/// image in a (subsampled) plate, z ~ N(0, I) and x ~ Bernoulli(logits = decoder(z)); the guide draws
/// z ~ N(μ(x), σ(x)) from the encoder. Decoder and encoder are whole TorchSharp modules learned through <c>Module</c>.
/// </summary>
public static class VaeModel
{
    /// <summary>The generative model over the images <paramref name="data"/> ([N, 64], zeros and ones), a minibatch of <paramref name="batch"/> per step (null: all).</summary>
    public static Model<Tensor> Model(Tensor data, Decoder decoder, int latent, long? batch) =>
        from dec in Module("decoder", decoder)
        from z in Plate("data", data.shape[0], indices =>
            from z in Sample("z", TensorDist.Normal(zeros(indices.shape[0], latent, dtype: data.dtype), ones(indices.shape[0], latent, dtype: data.dtype)).ToEvent(1))
            from _ in Observe("x", TensorDist.BernoulliLogits(dec.forward(z)).ToEvent(1), data.index_select(0, indices))
            select z, batch)
        select z;

    /// <summary>The amortized guide: z ~ N(μ(x), σ(x)) per image, from the encoder.</summary>
    public static Model<Tensor> Guide(Tensor data, Encoder encoder, int latent, long? batch) =>
        from enc in Module("encoder", encoder)
        from z in Plate("data", data.shape[0], indices =>
        {
            var h = enc.forward(data.index_select(0, indices));
            var mu = h[.., ..latent];
            var sigma = h[.., latent..].exp();
            return Sample("z", TensorDist.Normal(mu, sigma).ToEvent(1));
        }, batch)
        select z;
}
