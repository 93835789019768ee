namespace Probabilistic.FSharp

open Probabilistic
open Probabilistic.Inference
open Probabilistic.Inference.Variational

/// <summary>
/// Inference as pipelines over a model: <c>model |> Infer.nuts (NutsOptions(Chains = 4, Seed = 1UL))</c>.
/// Each function is the C# entry point of the same name (<see cref="T:Probabilistic.Inference.Infer"/>,
/// <c>Infer.Svi</c> included) with the model last, so results, seeds and errors are theirs.
/// </summary>
[<RequireQualifiedAccess>]
module Infer =
    /// <summary>Exact inference by enumerating every execution of a finite discrete model (<c>Infer.Enumerate</c>).</summary>
    let exact (model: Model<'T>) : ExactPosterior<'T> = Probabilistic.Inference.Infer.Enumerate model

    /// <summary>Importance sampling from the prior (likelihood weighting, <c>Infer.Importance</c>).</summary>
    let importance (options: ImportanceOptions) (model: Model<'T>) : WeightedSample<'T> =
        Probabilistic.Inference.Infer.Importance(model, options)

    /// <summary>The bootstrap particle filter: SMC that resamples on low ESS at each observation (<c>Infer.Smc</c>).</summary>
    let smc (options: SmcOptions) (model: Model<'T>) : WeightedSample<'T> =
        Probabilistic.Inference.Infer.Smc(model, options)

    /// <summary>Single-site Metropolis–Hastings over traces (<c>Infer.Mh</c>).</summary>
    let mh (options: MhOptions) (model: Model<'T>) : MhChain<'T> =
        Probabilistic.Inference.Infer.Mh(model, options)

    /// <summary>The No-U-Turn Sampler over the model's continuous choices (<c>Infer.Nuts</c>).</summary>
    let nuts (options: NutsOptions) (model: Model<'T>) : Posterior =
        Probabilistic.Inference.Infer.Nuts(model, null, options)

    /// <summary>NUTS with some choices fixed to <paramref name="observations"/> (conditioning on a choice map).</summary>
    let nutsGiven (observations: ChoiceMap) (options: NutsOptions) (model: Model<'T>) : Posterior =
        Probabilistic.Inference.Infer.Nuts(model, observations, options)

    /// <summary>Static HMC with Stan's warmup (<c>Infer.Hmc</c>).</summary>
    let hmc (options: HmcOptions) (model: Model<'T>) : Posterior =
        Probabilistic.Inference.Infer.Hmc(model, null, options)

    /// <summary>Gibbs: discrete choices from their exact conditionals, continuous ones by NUTS (<c>Infer.Gibbs</c>).</summary>
    let gibbs (options: GibbsOptions) (model: Model<'T>) : Posterior =
        Probabilistic.Inference.Infer.Gibbs(model, null, options)

    /// <summary>Stochastic variational inference: fits <paramref name="guide"/> to the model (<c>Infer.Svi</c>).</summary>
    let svi (options: SviOptions) (guide: Guide) (model: Model<'T>) : VariationalFit =
        Probabilistic.Inference.Infer.Svi(model, guide, null, options)

    /// <summary>A guide from a model over the same latent addresses with learnable <c>param</c>s (<c>Guide.FromModel</c>).</summary>
    let guide (model: Model<'T>) : Guide = Guide.FromModel model
