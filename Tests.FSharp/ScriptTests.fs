/// Runs each F# script in Examples/fsharp with `dotnet fsi` and checks what it prints and writes.
/// The scripts #r the Debug build of FSharp/, which this test project's build produces.
module Probabilistic.FSharp.Tests.ScriptTests

open System
open System.Globalization
open System.IO
open Xunit
open Probabilistic.Inference
open Probabilistic.Examples.Gallery

let private fsi (script: string) (outDir: string) =
    let code, output = Repository.run (TimeSpan.FromMinutes 3.0) "dotnet" [ "fsi"; Path.Combine("Examples", "fsharp", script); outDir ]
    Assert.True((code = 0), $"dotnet fsi {script} exited with {code}:\n{output}")
    output

[<Fact>]
let ``coinflip.fsx prints the exact posterior and writes it as CSV`` () =
    let dir = Repository.tempDirectory "coinflip"
    let output = fsi "coinflip.fsx" dir
    // Prior (1/4, 1/2, 1/4) times the likelihood b^7 (1-b)^3 of 7 heads in 10, normalized.
    let joint = [ 0.3, 0.25; 0.5, 0.5; 0.7, 0.25 ] |> List.map (fun (b, prior) -> b, prior * b ** 7.0 * (1.0 - b) ** 3.0)
    let z = joint |> List.sumBy snd
    for b, w in joint do
        Assert.Contains(String.Format(CultureInfo.InvariantCulture, "P(bias = {0} | 7 heads of 10) = {1:F6}", b, w / z), output)
    Assert.Contains(String.Format(CultureInfo.InvariantCulture, "log evidence = {0:F6}", log z), output)
    let csv = File.ReadAllLines(Path.Combine(dir, "posterior.csv"))
    Assert.Equal("bias,probability", csv.[0])
    Assert.Equal(4, csv.Length)

[<Fact>]
let ``eightschools.fsx prints the NUTS summary that the C# model gives for the same seed`` () =
    let dir = Repository.tempDirectory "eightschools"
    let output = fsi "eightschools.fsx" dir
    let cs = Infer.Nuts(EightSchoolsModel.Model(EightSchoolsModel.Y, EightSchoolsModel.Sigma),
                        options = NutsOptions(Chains = 4, Warmup = 300, Draws = 300, Seed = 1UL))
    for name in [ "mu"; "tau" ] do
        Assert.Contains(String.Format(CultureInfo.InvariantCulture, "mean({0}) = {1:F4}", name, Array.average cs.[name]), output)
    Assert.Contains("ess_bulk", output)
    Assert.Contains("SamplerDiagnostics: 1200 transitions", output)
    for chain in 1 .. 4 do
        Assert.True(File.Exists(Path.Combine(dir, $"eight_schools_{chain}.csv")), $"eight_schools_{chain}.csv missing")
    Assert.Equal(string (cs.Summary()), File.ReadAllText(Path.Combine(dir, "summary.txt")))

[<Fact>]
let ``hmm.fsx prints the particle filter that the C# model gives and the exact Kalman filter`` () =
    let dir = Repository.tempDirectory "hmm"
    let output = fsi "hmm.fsx" dir
    let y = GaussianHmm.Simulate(100, 1UL)
    let cs = Infer.Smc(GaussianHmm.Model(y), SmcOptions(Particles = 2000, Seed = 1UL))
    let struct (exactLogZ, exactMean, _) = KalmanFilter.Run(y, 1.0, 1.0, 1.0)
    let inv = CultureInfo.InvariantCulture
    Assert.Contains(String.Format(inv, "log p(y): SMC {0:F4} +- {1:F4}, Kalman {2:F4}",
                                  cs.LogEvidence, cs.LogEvidenceStandardError, exactLogZ), output)
    Assert.Contains(String.Format(inv, "E[x_T | y]: SMC {0:F4}, Kalman {1:F4}", cs.Expectation(fun x -> x.Value), exactMean), output)
    Assert.Equal(3, File.ReadAllLines(Path.Combine(dir, "filter.csv")).Length)
