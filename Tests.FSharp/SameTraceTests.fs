/// The same model written with the F# builder and with C# LINQ gives identical traces for the same seed.
module Probabilistic.FSharp.Tests.SameTraceTests

open Xunit
open Probabilistic
open Probabilistic.Examples.Gallery
open Probabilistic.FSharp

/// A trace as comparable rows: address, value (Real as its double), log density; then the totals.
let private rows (trace: Trace<'T>) =
    let value (v: obj) = match v with :? Real as r -> box r.Value | v -> v
    [ for c in trace.ChoiceRecords -> string c.Address, value c.BoxedValue, c.LogProb ],
    (trace.LogPrior, trace.LogLikelihood)

[<Theory>]
[<InlineData(1UL)>]
[<InlineData(2UL)>]
[<InlineData(12345UL)>]
let ``eight schools: F# observeEach and C# LINQ give identical traces`` (seed: uint64) =
    let fs = Models.eightSchools EightSchoolsModel.Y EightSchoolsModel.Sigma |> simulate seed
    let cs = EightSchoolsModel.Model(EightSchoolsModel.Y, EightSchoolsModel.Sigma).Simulate(Rng(seed))
    Assert.Equal(rows cs, rows fs)
    Assert.Equal<float[]>(cs.ReturnValue |> Array.map (fun r -> r.Value), fs.ReturnValue |> Array.map (fun r -> r.Value))
    Assert.Equal(10, fs.Count)

[<Theory>]
[<InlineData(1UL)>]
[<InlineData(99UL)>]
let ``eight schools: an F# for loop over the data gives the C# model's trace`` (seed: uint64) =
    let fs = Models.eightSchoolsFor EightSchoolsModel.Y EightSchoolsModel.Sigma |> simulate seed
    let cs = EightSchoolsModel.Model(EightSchoolsModel.Y, EightSchoolsModel.Sigma).Simulate(Rng(seed))
    Assert.Equal(rows cs, rows fs)

[<Fact>]
let ``eight schools: different seeds give different traces (the comparison can fail)`` () =
    let a = Models.eightSchools EightSchoolsModel.Y EightSchoolsModel.Sigma |> simulate 1UL
    let b = EightSchoolsModel.Model(EightSchoolsModel.Y, EightSchoolsModel.Sigma).Simulate(Rng(2UL))
    Assert.NotEqual(rows b, rows a)

[<Theory>]
[<InlineData(3UL)>]
[<InlineData(4UL)>]
let ``coin flip: F# and C# give identical traces`` (seed: uint64) =
    let fs = Models.coinFlip CoinFlip.Flips |> simulate seed
    let cs = CoinFlip.Model(CoinFlip.Flips).Simulate(Rng(seed))
    Assert.Equal(rows cs, rows fs)
    Assert.Equal(cs.ReturnValue, fs.ReturnValue)
