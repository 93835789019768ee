/// The gallery's C# models written again in F#, for the same-trace tests.
module Probabilistic.FSharp.Tests.Models

open Probabilistic
open Probabilistic.Distributions
open Probabilistic.FSharp

/// Eight schools, non-centred: Examples/Gallery/EightSchoolsModel.cs in F#.
let eightSchools (y: float[]) (sigma: float[]) : Model<Real[]> =
    prob {
        let! thetaTrans = plate "theta_trans" y.Length (Dist.Normal(0.0, 1.0))
        let! mu = sample "mu" (Dist.Normal(0.0, 5.0))
        let! tau = sample "tau" (Dist.HalfCauchy(5.0))
        let theta = thetaTrans |> Array.map (fun t -> mu + tau * t)
        do! observeEach (fun _ j -> Dist.Normal(theta.[j], Real sigma.[j])) y
        return theta
    }

/// Eight schools with the likelihood as a `for` loop over the data instead of observeEach.
let eightSchoolsFor (y: float[]) (sigma: float[]) : Model<Real[]> =
    prob {
        let! thetaTrans = plate "theta_trans" y.Length (Dist.Normal(0.0, 1.0))
        let! mu = sample "mu" (Dist.Normal(0.0, 5.0))
        let! tau = sample "tau" (Dist.HalfCauchy(5.0))
        let theta = thetaTrans |> Array.map (fun t -> mu + tau * t)
        for j in 0 .. y.Length - 1 do
            do! observe (Dist.Normal(theta.[j], Real sigma.[j])) (Real y.[j])
        return theta
    }

/// The coin flip: Examples/Gallery/CoinFlip.cs in F#.
let coinFlip (flips: bool[]) : Model<float> =
    prob {
        let! index = sample "bias" (Dist.Categorical(0.25, 0.5, 0.25))
        let bias = [| 0.3; 0.5; 0.7 |].[index]
        for flip in flips do
            do! observe (Dist.Bernoulli(Real bias)) flip
        return bias
    }
