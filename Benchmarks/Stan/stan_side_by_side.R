# Stan's side of the NUTS side-by-side benchmark (run by run.sh).
# For each posterior: compile model_stan221.stan once (not timed), then for each seed run 2 chains of
# 1,000 warmup + 1,000 draws one after the other and record, per run: the sampling time (warmup + sampling,
# summed over chains, from get_elapsed_time), the total number of leapfrog steps (= gradient evaluations),
# and the minimum bulk ESS over the model's parameters (posterior::ess_bulk, the same estimator as ours).
# Usage: Rscript stan_side_by_side.R <posteriordb dir> <output json> <seeds>
suppressPackageStartupMessages({ library(rstan); library(posterior); library(jsonlite) })
# Debian's r-cran-bh ships no headers (it depends on the system's libboost-dev instead): point rstan at them.
if (!file.exists(rstan_options("boost_lib"))) rstan_options(boost_lib = "/usr/include")
if (!file.exists(rstan_options("eigen_lib"))) rstan_options(eigen_lib = "/usr/include/eigen3")
args <- commandArgs(trailingOnly = TRUE)
db <- args[1]; out <- args[2]; seeds <- as.integer(strsplit(args[3], ",")[[1]])
posteriors <- list(
  list(name = "eight_schools-eight_schools_noncentered", pars = c("theta_trans", "mu", "tau")),
  list(name = "sblrc-blr", pars = c("beta", "sigma")))
results <- list()
for (p in posteriors) {
  dir <- file.path(db, p$name)
  model <- stan_model(file.path(dir, "model_stan221.stan"))
  data <- fromJSON(file.path(dir, "data.json"))
  for (seed in seeds) {
    fit <- sampling(model, data = data, chains = 2, iter = 2000, warmup = 1000, seed = seed,
                    cores = 1, refresh = 0, pars = p$pars)
    seconds <- sum(get_elapsed_time(fit))
    sp <- get_sampler_params(fit, inc_warmup = TRUE)
    leapfrog <- sum(sapply(sp, function(s) sum(s[, "n_leapfrog__"])))
    divergent <- sum(sapply(get_sampler_params(fit, inc_warmup = FALSE), function(s) sum(s[, "divergent__"])))
    draws <- as_draws_array(as.array(fit))
    draws <- subset_draws(draws, variable = setdiff(variables(draws), "lp__"))
    ess <- summarise_draws(draws, ess_bulk)$ess_bulk
    results[[length(results) + 1]] <- list(posterior = p$name, seed = seed, seconds = seconds,
      leapfrog = leapfrog, min_ess_bulk = min(ess), divergent = divergent)
    cat(sprintf("stan %s seed %d: %.3f s, %d gradients (%.3f us each), min bulk ESS %.0f, %.0f min-ESS/s\n",
      p$name, seed, seconds, leapfrog, 1e6 * seconds / leapfrog, min(ess), min(ess) / seconds))
  }
}
write_json(list(stan_version = as.character(packageVersion("rstan")), runs = results), out, auto_unbox = TRUE, digits = NA, pretty = TRUE)
