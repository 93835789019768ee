// A Gaussian random walk observed with noise (x0 ~ N(0, 1), x_t ~ N(x_{t-1}, 1), y_t ~ N(x_t, 1)), 100 steps:
// the bootstrap particle filter (SMC, 2000 particles, seed 1) against the exact Kalman filter.
// Run from the repository root after `dotnet build Probabilistic.sln`:
//   dotnet fsi Examples/fsharp/hmm.fsx [output-directory]
// Prints log p(y) and E[x_T | y] from both; writes filter.csv (method,log_evidence,last_mean).
#load "References.fsx"

open System
open System.Globalization
open System.IO
open Probabilistic
open Probabilistic.Distributions
open Probabilistic.Inference
open Probabilistic.FSharp
open References

/// Observations simulated from the model with a seeded generator (as the C# gallery's GaussianHmm.Simulate).
let simulateData (steps: int) (seed: uint64) =
    let rng = Rng(seed)
    let mutable x = rng.NextGaussian()
    [| for t in 0 .. steps - 1 do
         if t > 0 then x <- x + rng.NextGaussian()
         yield x + rng.NextGaussian() |]

let randomWalk (y: float[]) =
    fold "x" y.Length (Real 0.0) (fun prev t ->
        prob {
            let! x = sample "x" (Dist.Normal((if t = 0 then Real 0.0 else prev), Real 1.0))
            do! observe (Dist.Normal(x, Real 1.0)) (Real y.[t])
            return x
        })

/// The exact filter: the predictive y_t ~ N(m, P + 1) gives log p(y); the last filtering mean is E[x_T | y].
let kalman (y: float[]) =
    let mutable m, p, logZ = 0.0, 1.0, 0.0
    for t in 0 .. y.Length - 1 do
        if t > 0 then p <- p + 1.0
        let s, e = p + 1.0, y.[t] - m
        logZ <- logZ - 0.5 * (log (2.0 * Math.PI * s) + e * e / s)
        let k = p / s
        m <- m + k * e
        p <- p * (1.0 - k)
    logZ, m

let y = simulateData 100 1UL
let filter = randomWalk y |> Infer.smc (SmcOptions(Particles = 2000, Seed = 1UL))
let smcMean = filter.Expectation(fun x -> x.Value)
let exactLogZ, exactMean = kalman y

let inv = CultureInfo.InvariantCulture
let line (format: string) (args: obj[]) = printfn "%s" (String.Format(inv, format, args))
line "log p(y): SMC {0:F4} +- {1:F4}, Kalman {2:F4}" [| filter.LogEvidence; filter.LogEvidenceStandardError; exactLogZ |]
line "E[x_T | y]: SMC {0:F4}, Kalman {1:F4}" [| smcMean; exactMean |]

let dir = outputDirectory "hmm"
Directory.CreateDirectory dir |> ignore
let csv = Path.Combine(dir, "filter.csv")
File.WriteAllLines(csv, [ "method,log_evidence,last_mean"
                          String.Format(inv, "smc,{0:R},{1:R}", filter.LogEvidence, smcMean)
                          String.Format(inv, "kalman,{0:R},{1:R}", exactLogZ, exactMean) ])
printfn "wrote %s" csv
