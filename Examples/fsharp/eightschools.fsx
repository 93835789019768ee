// Eight schools (Rubin 1981), non-centred, under NUTS: 4 chains x (300 warmup + 300 draws), seed 1.
// Run from the repository root after `dotnet build Probabilistic.sln`:
//   dotnet fsi Examples/fsharp/eightschools.fsx [output-directory]
// Prints the posterior summary (mean, sd, quantiles, MCSE, ESS, R-hat) and the sampler diagnostics; writes
// summary.txt and the draws in CmdStan's CSV layout (eight_schools_1.csv ... eight_schools_4.csv).
#load "References.fsx"

open System.Globalization
open System.IO
open Probabilistic
open Probabilistic.Distributions
open Probabilistic.Inference
open Probabilistic.FSharp
open References

let y = [| 28.0; 8.0; -3.0; 7.0; -1.0; 1.0; 18.0; 12.0 |]
let sigma = [| 15.0; 10.0; 16.0; 11.0; 9.0; 11.0; 10.0; 18.0 |]

let eightSchools (y: float[]) (sigma: float[]) =
    prob {
        let! thetaTrans = plate "theta_trans" y.Length (Dist.Normal(0.0, 1.0))
        let! mu = sample "mu" (Dist.Normal(0.0, 5.0))
        let! tau = sample "tau" (Dist.HalfCauchy(5.0))
        let theta = thetaTrans |> Array.map (fun t -> mu + tau * t)
        for j in 0 .. y.Length - 1 do
            do! observe (Dist.Normal(theta.[j], Real sigma.[j])) (Real y.[j])
        return theta
    }

let posterior =
    eightSchools y sigma
    |> Infer.nuts (NutsOptions(Chains = 4, Warmup = 300, Draws = 300, Seed = 1UL))

let summary = posterior.Summary()
printfn "%O" summary
printfn "%O" posterior.SamplerDiagnostics
let inv = CultureInfo.InvariantCulture
for name in [ "mu"; "tau" ] do
    printfn "%s" (System.String.Format(inv, "mean({0}) = {1:F4}", name, Array.average posterior.[name]))

let dir = outputDirectory "eightschools"
Directory.CreateDirectory dir |> ignore
File.WriteAllText(Path.Combine(dir, "summary.txt"), string summary)
posterior.WriteCsv(dir, "eight_schools")
printfn "wrote %s" dir
