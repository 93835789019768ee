// Consumes the Probabilistic packages from a local folder feed only: no path into the source tree.
// Run by Examples/packages/run.sh, which packs the libraries into out/packages first and points NUGET_PACKAGES at a
// fresh folder so that the packages just packed are the ones used. The feed is named by NuGet.Config beside this
// script (relative to it): `#i "nuget: <folder>"` takes only an absolute path or URI (a relative one is error FS0999),
// so with the packages elsewhere, write `#i "nuget: /absolute/path/to/packages"` here instead.
#r "nuget: Probabilistic.Inference, 0.1.0"
#r "nuget: Probabilistic.FSharp, 0.1.0"

open System
open System.Globalization
open Probabilistic
open Probabilistic.Distributions
open Probabilistic.Inference
open Probabilistic.FSharp

// Where the assemblies came from: the package cache, not a bin/ folder of the repository.
for a in [ typeof<Model<int>>.Assembly; typeof<Dist>.Assembly; typeof<Posterior>.Assembly; typeof<ProbBuilder>.Assembly ] do
    printfn "%s %s from %s" (a.GetName().Name) (string (a.GetName().Version)) a.Location

// Burglary (Russell & Norvig): exact posterior of a burglary given that both neighbours called.
let burglary =
    prob {
        let! b = sample "burglary" (Dist.Bernoulli(Real 0.001))
        let! e = sample "earthquake" (Dist.Bernoulli(Real 0.002))
        let! alarm = sample "alarm" (Dist.Bernoulli(Real (if b then (if e then 0.95 else 0.94) else (if e then 0.29 else 0.001))))
        do! observeAt "johnCalls" (Dist.Bernoulli(Real (if alarm then 0.9 else 0.05))) true
        do! observeAt "maryCalls" (Dist.Bernoulli(Real (if alarm then 0.7 else 0.01))) true
        return b
    }
let exact = burglary |> Infer.exact
printfn "%s" (String.Format(CultureInfo.InvariantCulture, "P(burglary | both called) = {0:F7}", exact.Probability true))

// The same posterior by importance sampling, from C# (the Inference package's own entry point).
let lw = Probabilistic.Inference.Infer.Importance(burglary, ImportanceOptions(Samples = 100_000, Seed = 1UL))
printfn "%s" (String.Format(CultureInfo.InvariantCulture, "importance sampling: {0:F3}", lw.Probability(fun b -> b)))
if abs (exact.Probability true - 0.2841718) > 1e-6 then failwith "the exact posterior is not 0.2841718"
