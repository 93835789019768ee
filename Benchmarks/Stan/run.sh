#!/usr/bin/env bash
# NUTS side by side with Stan on the same machine: eight schools (non-centred) and sblrc-blr from
# posteriordb, 2 chains × (1,000 warmup + 1,000 draws) per run, several seeds.
# Installs Debian's r-cran-rstan (Stan 2.21) and r-cran-posterior when missing, runs Stan, then ours,
# and prints the ratios. Usage: Benchmarks/Stan/run.sh [seeds, default 1,2,3]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
seeds="${1:-1,2,3}"
db="$root/data/posteriordb"
out="$here/out"
mkdir -p "$out"
if ! Rscript -e 'library(rstan); library(posterior); library(jsonlite); stopifnot(nzchar(system.file(package = "BH")))' >/dev/null 2>&1; then
  echo "installing r-cran-rstan, r-cran-posterior, r-cran-jsonlite (Debian packages)"
  if [ "$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q r-cran-rstan r-cran-bh r-cran-posterior r-cran-jsonlite
  else sudo apt-get update -q && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q r-cran-rstan r-cran-bh r-cran-posterior r-cran-jsonlite; fi
fi
Rscript "$here/stan_side_by_side.R" "$db" "$out/stan.json" "$seeds"
dotnet run -c Release --project "$root/Benchmarks" -- nuts-vs-stan --stan "$out/stan.json" --posteriordb "$db" --seeds "$seeds"
