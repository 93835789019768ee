// The built libraries, referenced from the F# project's Debug output (which also holds MathNet.Numerics and
// FSharp.Core). Build first: `dotnet build Probabilistic.sln` (or `dotnet build FSharp`) from the repository root.
#r "../../FSharp/bin/Debug/net10.0/MathNet.Numerics.dll"
#r "../../FSharp/bin/Debug/net10.0/Probabilistic.Core.dll"
#r "../../FSharp/bin/Debug/net10.0/Probabilistic.Distributions.dll"
#r "../../FSharp/bin/Debug/net10.0/Probabilistic.Inference.dll"
#r "../../FSharp/bin/Debug/net10.0/Probabilistic.FSharp.dll"

/// Where a script writes its output: the first argument after the script, or out/fsharp/<name> in the repository.
let outputDirectory (name: string) =
    match fsi.CommandLineArgs |> Array.tryItem 1 with
    | Some dir -> dir
    | None -> System.IO.Path.Combine(__SOURCE_DIRECTORY__, "..", "..", "out", "fsharp", name)
