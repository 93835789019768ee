# Stan's side of the NUTS side-by-side benchmark (run by run.sh).
# For each posterior: compile model_stan221.stan once (not timed; the compiled model is cached in the output
# folder as <posterior>.rds, keyed by the program text), then for each seed run 2 chains of 1,000 warmup +
# 1,000 draws one after the other (cores = 1) with the reference's own adapt_delta and max_treedepth
# (reference_info.json), and record per run:
#   seconds       warmup + sampling summed over chains, from get_elapsed_time. Stan 2.21 measures these with
#                 clock() (stan/services/util/run_adaptive_sampler.hpp), i.e. the process's CPU seconds;
#   wall          the wall seconds of the whole sampling() call (R's proc.time), for reference;
#   leapfrog      the number of leapfrog steps (= gradient evaluations), warmup included;
#   min_ess_bulk  the minimum bulk ESS over the model's parameters (posterior::ess_bulk, the same estimator as ours;
#                 the parameters are those of the Stan program's parameters block, as ours are).
# And per posterior one tight-loop time of the gradient: grad_log_prob(fit, u) on an unconstrained point, in
# CPU microseconds per call, minus the CPU cost of an R call into the same compiled module that does no work
# (get_num_upars(fit)): the Rcpp dispatch and argument conversion that a C++ caller would not pay.
# Usage: Rscript stan_side_by_side.R <posteriordb dir> <output json> <seeds> [posterior,posterior,...]
suppressPackageStartupMessages({ library(rstan); library(posterior); library(jsonlite) })
# Debian's r-cran-bh ships no headers (it depends on the system's libboost-dev instead): point rstan at them.
if (!file.exists(rstan_options("boost_lib"))) rstan_options(boost_lib = "/usr/include")
if (!file.exists(rstan_options("eigen_lib"))) rstan_options(eigen_lib = "/usr/include/eigen3")
args <- commandArgs(trailingOnly = TRUE)
db <- args[1]; out <- args[2]; seeds <- as.integer(strsplit(args[3], ",")[[1]])
all_posteriors <- list.dirs(db, full.names = FALSE, recursive = FALSE)
all_posteriors <- all_posteriors[file.exists(file.path(db, all_posteriors, "model_stan221.stan"))]
posteriors <- if (length(args) >= 4 && nzchar(args[4])) strsplit(args[4], ",")[[1]] else all_posteriors
cache <- dirname(out)

cpu <- function() { t <- proc.time(); t[["user.self"]] + t[["sys.self"]] }

compiled <- function(name) {
  file <- file.path(db, name, "model_stan221.stan")
  code <- paste(readLines(file), collapse = "\n")
  rds <- file.path(cache, paste0(name, ".rds"))
  if (file.exists(rds)) {
    cached <- readRDS(rds)
    if (identical(cached$code, code)) return(cached$model)
  }
  model <- stan_model(model_code = code, model_name = gsub("[^A-Za-z0-9_]", "_", name))
  saveRDS(list(code = code, model = model), rds)
  model
}

# CPU microseconds per call of f(), over at least `seconds` CPU seconds.
per_call <- function(f, seconds = 1) {
  for (i in 1:200) f()
  n <- 0; start <- cpu()
  repeat {
    for (i in 1:1000) f()
    n <- n + 1000
    if (cpu() - start >= seconds) break
  }
  1e6 * (cpu() - start) / n
}

results <- list(); gradients <- list()
for (name in posteriors) {
  dir <- file.path(db, name)
  control <- fromJSON(file.path(dir, "reference_info.json"))$inference$method_arguments$control
  if (is.null(control$max_treedepth)) control$max_treedepth <- 10
  model <- compiled(name)
  data <- fromJSON(file.path(dir, "data.json"))
  # The ESS is taken over the program's parameters block only (not transformed parameters or generated
  # quantities): the names declared in the first "parameters {...}" block, which precedes the others.
  code <- model@model_code
  block <- regmatches(code, regexpr("parameters\\s*\\{[^}]*\\}", code))
  declared_in <- function(pars) pars[sapply(pars, function(p) grepl(paste0("\\b", p, "\\s*(\\[[^]]*\\])?\\s*;"), block))]
  for (seed in seeds) {
    wall0 <- proc.time()[["elapsed"]]
    fit <- sampling(model, data = data, chains = 2, iter = 2000, warmup = 1000, seed = seed, cores = 1,
                    refresh = 0, control = list(adapt_delta = control$adapt_delta, max_treedepth = control$max_treedepth))
    wall <- proc.time()[["elapsed"]] - wall0
    seconds <- sum(get_elapsed_time(fit))
    sp <- get_sampler_params(fit, inc_warmup = TRUE)
    leapfrog <- sum(sapply(sp, function(s) sum(s[, "n_leapfrog__"])))
    divergent <- sum(sapply(get_sampler_params(fit, inc_warmup = FALSE), function(s) sum(s[, "divergent__"])))
    draws <- as_draws_array(as.array(fit, pars = declared_in(fit@model_pars)))
    ess <- summarise_draws(draws, ess_bulk)$ess_bulk
    results[[length(results) + 1]] <- list(posterior = name, seed = seed, seconds = seconds, wall = wall,
      leapfrog = leapfrog, min_ess_bulk = min(ess), divergent = divergent)
    cat(sprintf("stan %s seed %d: %.3f CPU s (%.3f wall), %d gradients (%.3f us each in the sampler), min bulk ESS %.0f, %.0f min-ESS per CPU s, %d divergent\n",
      name, seed, seconds, wall, leapfrog, 1e6 * seconds / leapfrog, min(ess), min(ess) / seconds, divergent))
  }
  u <- unconstrain_pars(fit, get_inits(fit)[[1]])
  grad_call <- per_call(function() grad_log_prob(fit, u))
  empty_call <- per_call(function() get_num_upars(fit))
  gradients[[length(gradients) + 1]] <- list(posterior = name, grad_log_prob_us = grad_call, empty_call_us = empty_call,
    gradient_us = grad_call - empty_call)
  cat(sprintf("stan %s: grad_log_prob %.3f us per call, an empty module call %.3f us: %.3f us per gradient\n",
    name, grad_call, empty_call, grad_call - empty_call))
  # Written after each posterior, so that an interrupted panel keeps what it finished.
  write_json(list(stan_version = as.character(packageVersion("rstan")), runs = results, gradients = gradients),
    out, auto_unbox = TRUE, digits = NA, pretty = TRUE)
}
