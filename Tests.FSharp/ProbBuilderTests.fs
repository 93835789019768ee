/// Each construct of the prob { } builder and each F# model function, checked on traces or exact posteriors.
module Probabilistic.FSharp.Tests.ProbBuilderTests

open System
open Xunit
open Probabilistic
open Probabilistic.Distributions
open Probabilistic.FSharp

let private normalLogPdf (mu: float) (sigma: float) (x: float) =
    -0.5 * ((x - mu) / sigma) ** 2.0 - log sigma - 0.5 * log (2.0 * Math.PI)

[<Fact>]
let ``return makes no choice and returns its value`` () =
    let trace = prob { return 42 } |> simulate 1UL
    Assert.Equal(42, trace.ReturnValue)
    Assert.Equal(0, trace.Count)
    Assert.Equal(0.0, trace.LogJoint)

[<Fact>]
let ``let! records the choice at its address and binds its value`` () =
    let model = prob {
        let! x = sample "x" (Dist.Normal(0.0, 1.0))
        return x.Value * 2.0 }
    let trace = model |> simulate 7UL
    let x = trace.Get<Real>(address "x").Value
    Assert.Equal(2.0 * x, trace.ReturnValue)
    Assert.Equal(normalLogPdf 0.0 1.0 x, trace.LogPrior, 12)

[<Fact>]
let ``do! observe adds the datum's log density to the likelihood`` () =
    let model = prob {
        let! mu = sample "mu" (Dist.Normal(0.0, 1.0))
        do! observe (Dist.Normal(mu, Real 2.0)) (Real 0.5)
        return mu }
    let trace = model |> simulate 3UL
    Assert.Equal(normalLogPdf trace.ReturnValue.Value 2.0 0.5, trace.LogLikelihood, 12)

[<Fact>]
let ``observeAt names the datum in the trace's scores`` () =
    let model = prob {
        do! observeAt "y" (Dist.Bernoulli(Real 0.25)) true
        return () }
    let trace = model |> simulate 1UL
    let score = Assert.Single(trace.Scores)
    Assert.Equal(address "y", score.Address)
    Assert.Equal(log 0.25, score.LogWeight, 12)

[<Fact>]
let ``do! factor and condition weigh executions`` () =
    // Two fair coins; factor log 3 when the first is heads, condition out both tails.
    let model = prob {
        let! a = sample "a" (Dist.Bernoulli(Real 0.5))
        let! b = sample "b" (Dist.Bernoulli(Real 0.5))
        do! factor (Real (if a then log 3.0 else 0.0))
        do! condition (a || b)
        return a }
    let posterior = Infer.exact model
    // weights: (T,T)=3, (T,F)=3, (F,T)=1, (F,F)=0, each times 1/4  =>  P(a) = 6/7, Z = 7/4
    Assert.Equal(6.0 / 7.0, posterior.Probability true, 12)
    Assert.Equal(log (7.0 / 4.0), posterior.LogEvidence, 12)

[<Fact>]
let ``if without else (Zero and Combine) runs the rest of the program after it`` () =
    let model = prob {
        let! a = sample "a" (Dist.Bernoulli(Real 0.5))
        if a then
            do! factor (Real (log 3.0))
        let! b = sample "b" (Dist.Bernoulli(Real 0.5))
        return a, b }
    let posterior = Infer.exact model
    Assert.Equal(0.75, posterior.Probability(fun (a, _) -> a), 12)
    Assert.Equal(0.5, posterior.Probability(fun (_, b) -> b), 12)

[<Fact>]
let ``return! returns the sub-model's value and keeps its choices`` () =
    let coin p = prob { let! c = sample "c" (Dist.Bernoulli(Real p)) in return c }
    let model = prob {
        let! heavy = sample "heavy" (Dist.Bernoulli(Real 0.5))
        return! coin (if heavy then 0.9 else 0.1) }
    let posterior = Infer.exact model
    Assert.Equal(0.5, posterior.Probability true, 12)
    let trace = model |> simulate 5UL
    Assert.Equal(2, trace.Count)
    Assert.Equal(trace.Get<bool>(address "c"), trace.ReturnValue)

[<Fact>]
let ``for runs the body once per datum, in order, in the current namespace`` () =
    let model = prob {
        for i in [ 0; 1; 2 ] do
            let! _ = sample $"x/{i}" (Dist.Normal(float i, 1.0))
            ()
        return () }
    let trace = model |> simulate 11UL
    let addresses = trace.ChoiceRecords |> Seq.map (fun c -> string c.Address) |> List.ofSeq
    Assert.Equal<string list>([ "x/0"; "x/1"; "x/2" ], addresses)

[<Fact>]
let ``for over observations equals the product of their likelihoods`` () =
    let data = [| 0.3; -1.2; 2.0 |]
    let model = prob {
        let! mu = sample "mu" (Dist.Normal(0.0, 1.0))
        for y in data do
            do! observe (Dist.Normal(mu, Real 1.0)) (Real y)
        return mu }
    let trace = model |> simulate 2UL
    let mu = trace.ReturnValue.Value
    Assert.Equal(data |> Array.sumBy (normalLogPdf mu 1.0), trace.LogLikelihood, 10)

[<Fact>]
let ``for over no data is the empty program`` () =
    let trace = prob { for y in Array.empty<float> do do! observe (Dist.Normal(0.0, 1.0)) (Real y) } |> simulate 1UL
    Assert.Equal(0, trace.Count)
    Assert.Equal(0.0, trace.LogJoint)

[<Fact>]
let ``a for loop over a hundred thousand data runs in constant stack`` () =
    let data = Array.create 100_000 true
    let model = prob {
        for y in data do
            do! observe (Dist.Bernoulli(Real 0.5)) y }
    let trace = model |> simulate 1UL
    Assert.Equal(100_000.0 * log 0.5, trace.LogLikelihood, 6)

[<Fact>]
let ``a model is a value: the same seed gives the same trace twice`` () =
    let model = prob {
        let! xs = plate "x" 3 (Dist.Normal(0.0, 1.0))
        return xs |> Array.sumBy (fun x -> x.Value) }
    Assert.Equal((model |> simulate 9UL).ReturnValue, (model |> simulate 9UL).ReturnValue)

[<Fact>]
let ``plate, plateOf and plateWith put choices at name/i`` () =
    let model = prob {
        let! a = plate "a" 2 (Dist.Normal(0.0, 1.0))
        let! b = plateOf "b" 2 (fun i -> Dist.Normal(float (10 * i), 1.0) :> IDistribution<Real>)
        let! c = plateWith "c" 2 (fun i -> sample "z" (Dist.Bernoulli(Real 0.5)))
        return a.Length + b.Length + c.Length }
    let trace = model |> simulate 4UL
    let addresses = trace.ChoiceRecords |> Seq.map (fun c -> string c.Address) |> Set.ofSeq
    Assert.Equal<Set<string>>(set [ "a/0"; "a/1"; "b/0"; "b/1"; "c/0/z"; "c/1/z" ], addresses)
    Assert.Equal(6, trace.ReturnValue)

[<Fact>]
let ``fold threads its state and call namespaces a sub-model`` () =
    let walk = fold "x" 3 (Real 0.0) (fun prev t -> sample "x" (Dist.Normal(prev, Real 1.0)))
    let model = call "walk" walk
    let trace = model |> simulate 6UL
    let addresses = trace.ChoiceRecords |> Seq.map (fun c -> string c.Address) |> List.ofSeq
    Assert.Equal<string list>([ "walk/x/0/x"; "walk/x/1/x"; "walk/x/2/x" ], addresses)
    Assert.Equal(trace.Get<Real>(address "walk/x/2/x").Value, trace.ReturnValue.Value)

[<Fact>]
let ``param without a parameter source is its initial value`` () =
    let model = prob {
        let! m = param "m" 1.5
        let! s = paramIn Support.Positive "s" 2.0
        return m.Value + s.Value }
    Assert.Equal(3.5, (model |> simulate 1UL).ReturnValue, 12)

[<Fact>]
let ``a duplicate address in a for loop is the DSL's error naming it`` () =
    let model = prob {
        for _ in 1 .. 2 do
            let! _ = sample "x" (Dist.Normal(0.0, 1.0))
            () }
    let e = Assert.ThrowsAny<exn>(fun () -> model |> simulate 1UL |> ignore)
    Assert.Contains("x", e.Message)

// No annotation on `m`: this compiles only because the do! overload for Model<Unit> is an extension, which F# ranks
// below the generic Bind when the argument's type is not yet known.
let private twice m =
    prob {
        let! a = call "a" m
        let! b = call "b" m
        return a, b }

[<Fact>]
let ``let! in a generic function binds a model of any type`` () =
    let trace = twice (sample "x" (Dist.Bernoulli(Real 0.5))) |> simulate 1UL
    let addresses = trace.ChoiceRecords |> Seq.map (fun c -> string c.Address) |> List.ofSeq
    Assert.Equal<string list>([ "a/x"; "b/x" ], addresses)

[<Fact>]
let ``do! runs a unit-valued prob block and match branches on a choice`` () =
    let penalty = prob { do! factor (Real (log 0.5)) }
    let model = prob {
        let! k = sample "k" (Dist.Categorical(0.5, 0.5))
        match k with
        | 0 -> do! penalty
        | _ -> ()
        return k }
    // weights 1/2 * 1/2 and 1/2: P(k = 1) = 2/3
    Assert.Equal(2.0 / 3.0, (Infer.exact model).Probability 1, 12)

[<Fact>]
let ``if then else with return! in one branch and return in the other`` () =
    let model = prob {
        let! c = sample "c" (Dist.Bernoulli(Real 0.25))
        if c then return! prob { let! d = sample "d" (Dist.Bernoulli(Real 0.5)) in return (if d then 2 else 1) }
        else return 0 }
    let posterior = Infer.exact model
    Assert.Equal(0.75, posterior.Probability 0, 12)
    Assert.Equal(0.125, posterior.Probability 2, 12)
