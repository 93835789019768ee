/// The inference pipelines give what the C# entry points give for the same model and seed.
module Probabilistic.FSharp.Tests.InferTests

open Xunit
open Probabilistic
open Probabilistic.Distributions
open Probabilistic.Inference
open Probabilistic.Inference.Variational
open Probabilistic.Examples.Gallery
open Probabilistic.FSharp

type CsInfer = Probabilistic.Inference.Infer

[<Fact>]
let ``Infer.exact on the F# coin flip is the C# model's exact posterior`` () =
    let fs = Models.coinFlip CoinFlip.Flips |> Infer.exact
    let cs = CsInfer.Enumerate(CoinFlip.Model(CoinFlip.Flips))
    for b in [ 0.3; 0.5; 0.7 ] do
        Assert.Equal(cs.Probability b, fs.Probability b, 14)
    Assert.Equal(cs.LogEvidence, fs.LogEvidence, 14)
    // 0.7^7 0.3^3 / 4 + 0.5^10 / 2 + 0.3^7 0.7^3 / 4
    let z = 0.7 ** 7.0 * 0.3 ** 3.0 / 4.0 + 0.5 ** 10.0 / 2.0 + 0.3 ** 7.0 * 0.7 ** 3.0 / 4.0
    Assert.Equal(log z, fs.LogEvidence, 12)

[<Fact>]
let ``Infer.importance and Infer.smc reproduce the C# runs for the same seed`` () =
    let fsModel = Models.coinFlip CoinFlip.Flips
    let csModel = CoinFlip.Model(CoinFlip.Flips)
    let io = ImportanceOptions(Samples = 500, Seed = 5UL)
    let so = SmcOptions(Particles = 500, Seed = 5UL)
    let fi, ci = fsModel |> Infer.importance io, CsInfer.Importance(csModel, io)
    let fm, cm = fsModel |> Infer.smc so, CsInfer.Smc(csModel, so)
    Assert.Equal(ci.LogEvidence, fi.LogEvidence)
    Assert.Equal<float seq>(ci.Values, fi.Values)
    Assert.Equal(cm.LogEvidence, fm.LogEvidence)
    Assert.Equal<float seq>(cm.Weights, fm.Weights)

[<Fact>]
let ``Infer.nuts on the F# eight schools draws what C# draws`` () =
    let options = NutsOptions(Chains = 1, Warmup = 60, Draws = 40, Seed = 3UL)
    let fs = Models.eightSchools EightSchoolsModel.Y EightSchoolsModel.Sigma |> Infer.nuts options
    let cs = CsInfer.Nuts(EightSchoolsModel.Model(EightSchoolsModel.Y, EightSchoolsModel.Sigma), options = options)
    Assert.Equal<float[]>(cs.["tau"], fs.["tau"])
    Assert.Equal<float[]>(cs.["theta_trans[8]"], fs.["theta_trans[8]"])
    Assert.Equal(40, fs.["mu"].Length)

[<Fact>]
let ``Infer.svi fits a conjugate normal mean`` () =
    // mu ~ N(0, 1), y_i ~ N(mu, 1), n = 4, sum y = 4: the posterior is N(4/5, 1/5).
    let model = prob {
        let! mu = sample "mu" (Dist.Normal(0.0, 1.0))
        for y in [ 0.5; 1.5; 1.0; 1.0 ] do
            do! observe (Dist.Normal(mu, Real 1.0)) (Real y)
        return mu }
    let guide = Infer.guide (prob {
        let! m = param "m" 0.0
        let! s = paramIn Support.Positive "s" 1.0
        return! sample "mu" (Dist.Normal(m, s)) })
    let options = SviOptions(Steps = 1500, Seed = 1UL, Objective = Elbo(Particles = 8),
                             Optimizer = (fun () -> Adam(learningRate = 0.02) :> IOptimizer))
    let fit = model |> Infer.svi options guide
    // The ELBO's optimum is the exact posterior; SGD noise with 8 particles leaves a few hundredths.
    Assert.Equal(0.8, fit.Parameters.Get "m", 1)
    Assert.InRange(fit.Parameters.Get "s", sqrt 0.2 - 0.08, sqrt 0.2 + 0.08)
