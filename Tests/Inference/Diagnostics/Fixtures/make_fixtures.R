# Generates diagnostics.json: draw matrices and the values that R's `posterior` package computes for them.
# The C# test ConvergenceDiagnosticsTests reads the JSON; it never runs R.
#
#   apt-get install -y r-cran-posterior r-cran-jsonlite
#   Rscript make_fixtures.R        (run in this folder)
#
# Draws are rounded to 12 significant digits before anything is computed, so the JSON text (15 significant
# digits) holds exactly the numbers R used.
suppressPackageStartupMessages({ library(posterior); library(jsonlite) })

set.seed(20260125)

ar1 <- function(n, phi, sd = 1) {
  x <- numeric(n)
  x[1] <- rnorm(1, 0, sd / sqrt(1 - phi^2))
  for (i in 2:n) x[i] <- phi * x[i - 1] + rnorm(1, 0, sd)
  x
}

# Each case is a matrix [iteration, chain].
cases <- list(
  normal_4x1000 = matrix(rnorm(4000), 1000, 4),
  ar1_phi09_4x500 = sapply(1:4, function(c) ar1(500, 0.9)),
  antithetic_phi_m03_2x400 = sapply(1:2, function(c) ar1(400, -0.3)),
  bad_mixing_4x300 = sapply(c(0, 0, 0.5, 3), function(m) m + ar1(300, 0.5)),
  odd_draws_3x101 = sapply(1:3, function(c) ar1(101, 0.3)),
  heavy_tails_t1_5_4x500 = matrix(rt(2000, df = 1.5), 500, 4),
  single_chain_1x200 = matrix(ar1(200, 0.6), 200, 1),
  ties_poisson_4x250 = matrix(rpois(1000, 2), 250, 4),
  short_2x7 = matrix(rnorm(14), 7, 2),
  constant_2x50 = matrix(1.5, 50, 2)
)

probs <- c(0.05, 0.5, 0.95)
na_to_null <- function(v) as.numeric(v)

results <- lapply(names(cases), function(name) {
  x <- signif(cases[[name]], 12)
  q <- function(f, ...) suppressWarnings(unname(f(x, ...)))
  list(
    name = name,
    draws = lapply(seq_len(ncol(x)), function(c) x[, c]),
    rhat = q(rhat),
    rhat_basic = q(rhat_basic),
    ess_bulk = q(ess_bulk),
    ess_tail = q(ess_tail),
    ess_basic = q(ess_basic),
    ess_mean = q(ess_mean),
    ess_sd = q(ess_sd),
    probs = probs,
    ess_quantile = q(ess_quantile, probs = probs),
    mcse_mean = q(mcse_mean),
    mcse_sd = q(mcse_sd),
    mcse_quantile = q(mcse_quantile, probs = probs),
    mean = mean(x),
    sd = stats::sd(x),
    quantile = unname(stats::quantile(x, probs))
  )
})

out <- list(posterior_version = as.character(packageVersion("posterior")),
            r_version = paste(R.version$major, R.version$minor, sep = "."),
            cases = results)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, na = "null", pretty = FALSE), "diagnostics.json")
