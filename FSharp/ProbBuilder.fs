namespace Probabilistic.FSharp

open System
open Probabilistic

/// <summary>
/// The <c>prob { }</c> computation expression over <see cref="T:Probabilistic.Model`1"/>: <c>let!</c> binds a
/// random choice (or any sub-model), <c>do!</c> runs an observation or a factor, <c>for x in data do ...</c>
/// runs a model per datum in order (in the current namespace, as <c>Model.Sequence</c> does), <c>return</c> and
/// <c>return!</c> end the program. Every construct maps onto the C# DSL's nodes (<c>Return</c>, <c>SelectMany</c>),
/// so a model written here gives the same traces as the same model written with LINQ.
/// </summary>
type ProbBuilder() =
    /// <summary>A program that returns <paramref name="value"/> and makes no choice (<c>Model.Return</c>).</summary>
    member _.Return(value: 'T) : Model<'T> = Model.Return value

    /// <summary><c>return! m</c>: the program <paramref name="model"/> itself.</summary>
    member _.ReturnFrom(model: Model<'T>) : Model<'T> = model

    /// <summary><c>let! x = m</c>: runs <paramref name="model"/>, then the program <paramref name="next"/> builds from its value (<c>SelectMany</c>).</summary>
    member _.Bind(model: Model<'A>, next: 'A -> Model<'B>) : Model<'B> =
        ModelLinq.SelectMany(model, Func<'A, Model<'B>>(next))

    /// <summary>The empty statement (an <c>if</c> without <c>else</c>, the end of a <c>for</c> body).</summary>
    member _.Zero() : Model<unit> = Model.Return(())

    /// <summary>Sequences a statement before the rest of the program; the rest is built only when the statement has run.</summary>
    member _.Combine(first: Model<unit>, rest: unit -> Model<'B>) : Model<'B> =
        ModelLinq.SelectMany(first, Func<unit, Model<'B>>(rest))

    /// <summary>Defers building the program (see <c>Run</c>).</summary>
    member _.Delay(body: unit -> Model<'T>) : unit -> Model<'T> = body

    /// <summary>Builds the program: a <c>prob { }</c> block is an immutable <c>Model</c> value.</summary>
    member _.Run(body: unit -> Model<'T>) : Model<'T> = body ()

    /// <summary>
    /// <c>for x in data do body</c>: runs <c>body x</c> for each element in order, each in the current namespace (give
    /// choices distinct addresses, e.g. <c>sample $"x/{i}"</c>, or use <c>plate</c>). The data are copied when the
    /// model is built, so the model stays re-runnable; each body is built only when its turn comes.
    /// </summary>
    member _.For(data: seq<'A>, body: 'A -> Model<unit>) : Model<unit> =
        let items = Seq.toArray data
        let rec from i : Model<unit> =
            if i = items.Length then Model.Return(())
            else ModelLinq.SelectMany(body items.[i], Func<unit, Model<unit>>(fun () -> from (i + 1)))
        from 0

/// <summary>The <c>prob { }</c> builder instance and its <c>do!</c> for the C# DSL's statements; opened with <c>Probabilistic.FSharp</c>.</summary>
[<AutoOpen>]
module ProbBuilderInstance =
    // An optional extension, not a member: F# prefers intrinsic members when an argument's type is not yet known,
    // so `let! a = m` in a generic function still resolves to the generic Bind instead of being ambiguous.
    type ProbBuilder with
        /// <summary><c>do! m</c> for the C# DSL's statements (<c>Observe</c>, <c>Factor</c>, <c>Condition</c>), which return <see cref="T:Probabilistic.Unit"/>.</summary>
        member _.Bind(model: Model<Probabilistic.Unit>, next: unit -> Model<'B>) : Model<'B> =
            ModelLinq.SelectMany(model, Func<Probabilistic.Unit, Model<'B>>(fun _ -> next ()))

    /// <summary>Builds a <c>Model</c> from a <c>prob { }</c> block.</summary>
    let prob = ProbBuilder()
