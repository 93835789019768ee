#!/usr/bin/env bash
# Packs the libraries (Core, Distributions, Inference, Reports, Torch, FSharp) into out/packages and runs consume.fsx, which
# references them from that folder feed only (#i "nuget: ..."; #r "nuget: Probabilistic.Inference, 0.1.0"):
# the package story works without the source tree. Takes about two minutes (a Release build, then a restore).
#   bash Examples/packages/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

feed=out/packages
rm -rf "$feed"
dotnet pack Probabilistic.sln -c Release -o "$feed" --nologo -v quiet
ls "$feed"
for id in Probabilistic.Core Probabilistic.Distributions Probabilistic.Inference Probabilistic.Reports Probabilistic.Torch Probabilistic.FSharp; do
  nupkg="$feed/$id.0.1.0.nupkg"
  [ -f "$nupkg" ] || { echo "missing $nupkg" >&2; exit 1; }
  # Each package carries its assembly, its XML docs and the README.
  files="$(unzip -Z1 "$nupkg")"
  for f in "lib/net10.0/$id.dll" "lib/net10.0/$id.xml" README.md; do
    grep -qx "$f" <<<"$files" || { echo "$nupkg lacks $f" >&2; exit 1; }
  done
done
if ls "$feed" | grep -qiE 'Tests|Examples|Benchmarks'; then echo "a test, example or benchmark project was packed" >&2; exit 1; fi

# A fresh package cache: the packages just packed are used, not an older 0.1.0 cached under ~/.nuget.
cache="$(mktemp -d)"
trap 'rm -rf "$cache"' EXIT
NUGET_PACKAGES="$cache" dotnet fsi Examples/packages/consume.fsx
echo "packages: OK"
