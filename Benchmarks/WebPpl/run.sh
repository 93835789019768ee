#!/usr/bin/env bash
# SMC side by side with WebPPL 0.9.15 on the same machine: the Gaussian random walk (T = 200) of SmcBenchmarks,
# 1,000 and 10,000 particles, interleaved (WebPPL, ours, WebPPL, ours, …) for several rounds. WebPPL is installed from
# npm into Benchmarks/WebPpl/node_modules (ignored by git) when missing. Both sides are timed in process CPU seconds
# (wall beside) of the inference alone: WebPPL's through Node's process.cpuUsage around Infer (hmm.wppl), ours
# (SmcVersusWebPpl.cs) around Infer.Smc after warm-up runs. Usage: Benchmarks/WebPpl/run.sh [rounds, default 3] [particle counts, default 1000,10000]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds="${1:-3}"
counts="${2:-1000,10000}"
if [ ! -x "$here/node_modules/.bin/webppl" ]; then
  echo "installing webppl@0.9.15 from npm into $here/node_modules"
  (cd "$here" && npm install --no-audit --no-fund --no-save webppl@0.9.15 >/dev/null)
fi
dotnet build -c Release "$root/Benchmarks" >/dev/null
bench="dotnet $root/Benchmarks/bin/Release/net10.0/Probabilistic.Benchmarks.dll"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
$bench smc-vs-webppl --write-data "$work/y.json"
for n in ${counts//,/ }; do
  sed -e "s/Y_DATA/$(cat "$work/y.json")/" -e "s/N_PARTICLES/$n/" "$here/hmm.wppl" > "$work/hmm_$n.wppl"
done
for r in $(seq 1 "$rounds"); do
  for n in ${counts//,/ }; do
    "$here/node_modules/.bin/webppl" "$work/hmm_$n.wppl"
    $bench smc-vs-webppl --particles "$n" --runs 1
  done
done
