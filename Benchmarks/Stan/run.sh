#!/usr/bin/env bash
# NUTS side by side with Stan on the same machine: the twelve posteriordb posteriors of data/posteriordb
# (Examples/Gallery/PosteriorDb), 2 chains × (1,000 warmup + 1,000 draws) per run, chains one after the other,
# several seeds, each posterior with its reference's adapt_delta and max_treedepth.
# Both sides are timed in process CPU seconds (Stan 2.21's get_elapsed_time uses clock(); ours reads the
# process's CPU time), with wall seconds beside; our JIT is warmed up per posterior until two identical runs
# agree within 3% (NutsVersusStan.cs). Stan's compiled models are cached in out/<posterior>.rds.
# Installs Debian's r-cran-rstan (Stan 2.21) and r-cran-posterior when missing, runs Stan, then ours,
# and prints the table. Usage: Benchmarks/Stan/run.sh [seeds, default 1,2,3] [posterior,posterior,... default all]
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
Rscript "$here/stan_side_by_side.R" "$db" "$out/stan.json" "$seeds" "$posteriors"
ours=(nuts-vs-stan --stan "$out/stan.json" --posteriordb "$db" --seeds "$seeds")
if [ -n "$posteriors" ]; then ours+=(--posteriors "$posteriors"); fi
dotnet run -c Release --project "$root/Benchmarks" -- "${ours[@]}"
