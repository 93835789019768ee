/// Finding the repository and running `dotnet` commands from tests.
module Probabilistic.FSharp.Tests.Repository

open System
open System.Diagnostics
open System.IO

/// The repository root: the first folder above the test assembly that holds Probabilistic.sln.
let root =
    let rec up (dir: DirectoryInfo) =
        if isNull dir then failwith "Probabilistic.sln not found above the test assembly."
        elif File.Exists(Path.Combine(dir.FullName, "Probabilistic.sln")) then dir.FullName
        else up dir.Parent
    up (DirectoryInfo AppContext.BaseDirectory)

/// A fresh temporary folder.
let tempDirectory (name: string) =
    let dir = Path.Combine(Path.GetTempPath(), $"probabilistic-{name}-{Guid.NewGuid():N}")
    Directory.CreateDirectory dir |> ignore
    dir

/// Runs a program in the repository root; returns (exit code, stdout + stderr). Fails after the timeout.
let run (timeout: TimeSpan) (fileName: string) (arguments: string list) =
    let info = ProcessStartInfo(fileName, WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true)
    for a in arguments do info.ArgumentList.Add a
    info.Environment.["DOTNET_CLI_TELEMETRY_OPTOUT"] <- "1"
    info.Environment.["DOTNET_NOLOGO"] <- "1"
    use p = Process.Start info
    let out = p.StandardOutput.ReadToEndAsync()
    let err = p.StandardError.ReadToEndAsync()
    if not (p.WaitForExit(int timeout.TotalMilliseconds)) then
        p.Kill true
        failwith $"{fileName} {String.Join(' ', arguments)} did not finish within {timeout}."
    p.ExitCode, out.Result + err.Result
