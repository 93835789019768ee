// Is the coin fair? A prior over three biases, ten observed flips, the exact posterior by enumeration.
// Run from the repository root after `dotnet build Probabilistic.sln`:
//   dotnet fsi Examples/fsharp/coinflip.fsx [output-directory]
// Prints P(bias = b | data) and the log evidence; writes posterior.csv (bias,probability).
#load "References.fsx"

open System.Globalization
open System.IO
open Probabilistic.Distributions
open Probabilistic.FSharp
open References

let flips = [| true; true; false; true; true; true; false; true; false; true |]

let coinFlip (flips: bool[]) =
    prob {
        let! index = sample "bias" (Dist.Categorical(0.25, 0.5, 0.25))
        let bias = [| 0.3; 0.5; 0.7 |].[index]
        for flip in flips do
            do! observe (Dist.Bernoulli(Probabilistic.Real bias)) flip
        return bias
    }

let posterior = coinFlip flips |> Infer.exact

let inv = CultureInfo.InvariantCulture
let lines = [ for b in Seq.sort posterior.Values -> b, posterior.Probability b ]
for b, p in lines do
    printfn "%s" (System.String.Format(inv, "P(bias = {0} | 7 heads of 10) = {1:F6}", b, p))
printfn "%s" (System.String.Format(inv, "log evidence = {0:F6}", posterior.LogEvidence))

let dir = outputDirectory "coinflip"
Directory.CreateDirectory dir |> ignore
let csv = Path.Combine(dir, "posterior.csv")
File.WriteAllLines(csv, "bias,probability" :: [ for b, p in lines -> System.String.Format(inv, "{0},{1:R}", b, p) ])
printfn "wrote %s" csv
