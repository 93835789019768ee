#!/usr/bin/env bash
# Runs every notebook in this folder headless with dotnet-repl (the local tool in .config/dotnet-tools.json, restored
# here), writing the executed notebooks to out/notebooks/. Fails when a cell throws (dotnet-repl exits 2) or an
# executed notebook holds an error output. The cells #r the Debug build of the libraries, so this builds FSharp/
# (and with it Core, Distributions and Inference) and Reports/ (the notebook formatters) first. About a minute once built.
#   bash Examples/notebooks/run.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT=1

dotnet tool restore
dotnet build FSharp/Probabilistic.FSharp.fsproj --nologo -v quiet
dotnet build Reports/Probabilistic.Reports.csproj --nologo -v quiet

out="$root/out/notebooks"
mkdir -p "$out"
cd Examples/notebooks    # the cells' #r paths are relative to this folder
failed=0
for nb in *.ipynb; do
  echo "== $nb"
  status=0
  dotnet dotnet-repl --run "$nb" --exit-after-run --output-path "$out/$nb" > "$out/${nb%.ipynb}.log" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    echo "FAILED: $nb (dotnet-repl exited $status; see $out/${nb%.ipynb}.log and $out/$nb)"; failed=1
  elif grep -q '"output_type": "error"' "$out/$nb"; then
    echo "FAILED: $nb (an error output in $out/$nb)"; failed=1
  else
    echo "passed: $nb -> $out/$nb"
  fi
done
exit "$failed"
