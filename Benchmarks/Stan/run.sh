#!/usr/bin/env bash
# NUTS side by side with Stan on the same machine: the twelve posteriordb posteriors of data/posteriordb
# (Examples/Gallery/PosteriorDb), 2 chains × (1,000 warmup + 1,000 draws) per run, chains one after the other,
# several seeds, each posterior with its reference's adapt_delta and max_treedepth.
# Both sides are timed in process CPU seconds (Stan 2.21's get_elapsed_time uses clock(); ours reads the
# process's CPU time), with wall seconds beside; our JIT is warmed up per posterior until two identical runs
# agree within 3% (NutsVersusStan.cs). Stan's compiled models are cached in out/<posterior>.rds.
# Installs Debian's r-cran-rstan (Stan 2.21) and r-cran-posterior when missing, runs Stan, then ours,
# and prints the table. Usage: Benchmarks/Stan/run.sh [seeds, default 1,2,3] [posterior,posterior,... default all]
# Per seed ours runs three times: the user's call with Stan's default (diagonal) metric, the model's density alone, and
# the user's call with the low-rank-plus-diagonal metric (MetricKind.LowRank); the table has a column for each, and
# summary lines (median ours/Stan ratio over the panel, posteriors below 1.0x, gradient-cost ratios) follow it.
# Then the GLM gradients against Stan's (issue #16's target): our side writes N = 5,000 x K = 25 correlated data for
# normal_id_glm, bernoulli_logit_glm and poisson_log_glm to out/glm_*.json, glm_gradients.R times Stan's gradients on
# them, and ours are timed on the same files (GlmVersusStan.cs).
# Environment:
#   STAN_JSON=FILE  reuse Stan's panel results in FILE (a stan_side_by_side.R output) instead of running Stan's side;
#                   it must hold every requested posterior and seed (checked), e.g. STAN_JSON=Benchmarks/Stan/out/stan.json
#   GLM=0           skip the GLM gradient comparison
#   GLM_STAN_JSON=FILE  reuse Stan's GLM timings in FILE (a glm_gradients.R output)
#   OURS_JSON=FILE  reuse our panel results (nuts-vs-stan --save output) and only print the table
# Tiered compilation and dynamic PGO stay at .NET's defaults (on); set DOTNET_TieredPGO=0 or
# DOTNET_TieredCompilation=0 in the environment to compare, the run prints what was in force.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
seeds="${1:-1,2,3}"
posteriors="${2:-}"
db="$root/data/posteriordb"
out="$here/out"
mkdir -p "$out"
if ! Rscript -e 'library(rstan); library(posterior); library(jsonlite); stopifnot(nzchar(system.file(package = "BH")))' >/dev/null 2>&1; then
  echo "installing r-cran-rstan, r-cran-posterior, r-cran-jsonlite (Debian packages)"
  if [ "$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q r-cran-rstan r-cran-bh r-cran-posterior r-cran-jsonlite
  else sudo apt-get update -q && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q r-cran-rstan r-cran-bh r-cran-posterior r-cran-jsonlite; fi
fi
stan_json="${STAN_JSON:-}"
if [ -n "$stan_json" ]; then
  # Every requested posterior and seed must be in the reused file.
  Rscript -e 'args <- commandArgs(TRUE); r <- jsonlite::fromJSON(args[1])$runs
    ps <- if (nzchar(args[4])) strsplit(args[4], ",")[[1]] else list.dirs(args[2], full.names = FALSE, recursive = FALSE)
    ps <- ps[file.exists(file.path(args[2], ps, "model_stan221.stan"))]
    want <- expand.grid(posterior = ps, seed = as.integer(strsplit(args[3], ",")[[1]]), stringsAsFactors = FALSE)
    missing <- want[!paste(want$posterior, want$seed) %in% paste(r$posterior, r$seed), ]
    if (nrow(missing) > 0) { print(missing); stop("STAN_JSON lacks the runs above") }' "$stan_json" "$db" "$seeds" "$posteriors"
  echo "reusing Stan's side from $stan_json"
else
  stan_json="$out/stan.json"
  Rscript "$here/stan_side_by_side.R" "$db" "$stan_json" "$seeds" "$posteriors"
fi
dotnet build -c Release "$root/Benchmarks" >/dev/null
bench() { dotnet run -c Release --no-build --project "$root/Benchmarks" -- "$@"; }
ours=(nuts-vs-stan --stan "$stan_json" --posteriordb "$db" --seeds "$seeds")
if [ -n "$posteriors" ]; then ours+=(--posteriors "$posteriors"); fi
if [ -n "${OURS_JSON:-}" ]; then ours+=(--load "$OURS_JSON"); else ours+=(--save "$out/ours.json"); fi
bench "${ours[@]}"
if [ "${GLM:-1}" != 0 ]; then
  bench glm-vs-stan --write-data "$out"
  glm_json="${GLM_STAN_JSON:-}"
  if [ -z "$glm_json" ]; then
    glm_json="$out/glm_stan.json"
    Rscript "$here/glm_gradients.R" "$out" "$glm_json"
  fi
  bench glm-vs-stan --data "$out" --stan "$glm_json"
fi
