namespace Probabilistic.FSharp

open System
open Probabilistic

/// <summary>
/// The model DSL as curried F# functions (the same nodes as <see cref="T:Probabilistic.Model"/>'s methods).
/// Addresses are strings parsed as C#'s <c>"a/b/3"</c> conversion parses them; the <c>...At</c> forms take an
/// <see cref="T:Probabilistic.Address"/>.
/// </summary>
[<AutoOpen>]
module Prob =
    /// <summary>Converts a string to an address as the C# DSL's implicit conversion does.</summary>
    let address (path: string) : Address = Address.op_Implicit path

    /// <summary>A random choice at <paramref name="address"/> drawn from <paramref name="distribution"/>.</summary>
    let sampleAt (address: Address) (distribution: #IDistribution<'T>) : Model<'T> =
        Model.Sample<'T>(address, distribution :> IDistribution<'T>)

    /// <summary>A random choice named <paramref name="name"/> drawn from <paramref name="distribution"/>: <c>let! mu = sample "mu" (Dist.Normal(0.0, 5.0))</c>.</summary>
    let sample (name: string) (distribution: #IDistribution<'T>) : Model<'T> =
        sampleAt (address name) distribution

    /// <summary>Scores the datum <paramref name="value"/> under <paramref name="distribution"/>: <c>do! observe (Dist.Normal(mu, 1.0)) y</c>.</summary>
    let observe (distribution: #IDistribution<'T>) (value: 'T) : Model<Probabilistic.Unit> =
        Model.Observe<'T>(distribution :> IDistribution<'T>, value)

    /// <summary>Scores the datum <paramref name="value"/> and names it <paramref name="name"/> (a per-datum likelihood in the trace).</summary>
    let observeAt (name: string) (distribution: #IDistribution<'T>) (value: 'T) : Model<Probabilistic.Unit> =
        Model.Observe<'T>(address name, distribution :> IDistribution<'T>, value)

    /// <summary>Observes each real datum under the distribution <paramref name="likelihood"/> gives it and its index (<c>Model.ObserveEach</c>).</summary>
    let observeEach (likelihood: float -> int -> IDistribution<Real>) (data: float[]) : Model<Probabilistic.Unit> =
        Model.ObserveEach(data, Func<float, int, IDistribution<Real>>(likelihood))

    /// <summary>Multiplies the program's weight by exp(<paramref name="logWeight"/>) (−∞ rules the execution out).</summary>
    let factor (logWeight: Real) : Model<Probabilistic.Unit> = Model.Factor logWeight

    /// <summary>Rules out executions where <paramref name="condition"/> is false.</summary>
    let condition (condition: bool) : Model<Probabilistic.Unit> = Model.Condition condition

    /// <summary><paramref name="count"/> independent choices from <paramref name="distribution"/> at <c>name/0 … name/(count−1)</c>.</summary>
    let plate (name: string) (count: int) (distribution: #IDistribution<'T>) : Model<'T[]> =
        Model.Plate<'T>(address name, count, distribution :> IDistribution<'T>)

    /// <summary><paramref name="count"/> choices, the i-th from <c>distribution i</c>, at <c>name/i</c>.</summary>
    let plateOf (name: string) (count: int) (distribution: int -> IDistribution<'T>) : Model<'T[]> =
        Model.Plate<'T>(address name, count, Func<int, IDistribution<'T>>(distribution))

    /// <summary><paramref name="count"/> sub-models, the i-th with its choices under <c>name/i</c>; returns their values.</summary>
    let plateWith (name: string) (count: int) (body: int -> Model<'T>) : Model<'T[]> =
        Model.Plate<'T>(address name, count, Func<int, Model<'T>>(body))

    /// <summary>A Markov chain: <c>s(t+1) = step s(t) t</c> for <paramref name="steps"/> steps, step t's choices under <c>name/t</c>; returns the last state.</summary>
    let fold (name: string) (steps: int) (init: 'S) (step: 'S -> int -> Model<'S>) : Model<'S> =
        Model.Fold<'S>(address name, steps, init, Func<'S, int, Model<'S>>(step))

    /// <summary>Runs <paramref name="model"/> with its addresses under <paramref name="name"/>.</summary>
    let call (name: string) (model: Model<'T>) : Model<'T> = Model.Call<'T>(address name, model)

    /// <summary>A learnable real parameter (for variational inference) with initial value <paramref name="init"/>, on the real line.</summary>
    let param (name: string) (init: float) : Model<Real> = Model.Param(address name, Real.op_Implicit init, null)

    /// <summary>A learnable real parameter kept inside <paramref name="support"/> (e.g. <c>Support.Positive</c>).</summary>
    let paramIn (support: IParameterConstraint) (name: string) (init: float) : Model<Real> =
        Model.Param(address name, Real.op_Implicit init, support)

    /// <summary>A learnable vector parameter (a simplex constraint keeps it on the simplex; null for ℝⁿ).</summary>
    let paramVector (support: IParameterConstraint) (name: string) (init: float[]) : Model<Real[]> =
        Model.Param(address name, init |> Array.map Real.op_Implicit, support)

    /// <summary>Maps a model's return value.</summary>
    let map (f: 'A -> 'B) (model: Model<'A>) : Model<'B> = ModelLinq.Select(model, Func<'A, 'B>(f))

    /// <summary>Runs the model once from the prior with a seeded generator and returns its trace.</summary>
    let simulate (seed: uint64) (model: Model<'T>) : Trace<'T> = model.Simulate(Rng(seed))
