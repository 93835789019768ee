# Makes loo.json, the reference values the Workflow tests compare with (run once; the tests need no R):
#   apt-get install -y r-cran-loo r-cran-posterior     (Debian 12: loo 2.5.1)
#   Rscript Tests/Inference/Workflow/Fixtures/make_loo_fixtures.R Tests/Inference/Workflow/Fixtures/loo.json
# Each case is a log-likelihood array [chain][draw][observation] generated here from a seeded RNG (posterior-like draws
# of a normal model's mu and sigma, autocorrelated within chains so that r_eff < 1), with loo's psis, loo, waic,
# relative_eff and loo_compare outputs for it.
suppressPackageStartupMessages(library(loo))
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args) > 0) args[1] else "loo.json"

num <- function(x) ifelse(is.finite(x), sprintf("%.17g", x), ifelse(is.na(x), "null", ifelse(x > 0, "\"Infinity\"", "\"-Infinity\"")))
vec <- function(x) paste0("[", paste(num(x), collapse = ","), "]")

# Draws of (mu, log sigma) from AR(1) chains around the posterior of a normal model for y.
make_ll <- function(y, chains, iters, rho, model = "normal") {
  n <- length(y)
  ll <- array(0, dim = c(iters, chains, n))
  mu_hat <- mean(y); s_hat <- sd(y)
  for (c in 1:chains) {
    mu <- mu_hat; ls <- log(s_hat)
    for (t in 1:iters) {
      mu <- mu_hat + rho * (mu - mu_hat) + sqrt(1 - rho^2) * rnorm(1, 0, s_hat / sqrt(n))
      ls <- log(s_hat) + rho * (ls - log(s_hat)) + sqrt(1 - rho^2) * rnorm(1, 0, 1 / sqrt(2 * n))
      ll[t, c, ] <- if (model == "normal") dnorm(y, mu, exp(ls), log = TRUE) else dt((y - mu) / exp(ls), df = 4, log = TRUE) - ls
    }
  }
  ll
}

case_json <- function(name, ll, compare_with = NULL) {
  iters <- dim(ll)[1]; chains <- dim(ll)[2]; n <- dim(ll)[3]
  r_eff <- relative_eff(exp(ll))
  l <- suppressWarnings(loo(ll, r_eff = r_eff))
  w <- suppressWarnings(waic(ll))
  p <- suppressWarnings(psis(-as.vector(ll[, , 1]), r_eff = r_eff[1]))
  lw1 <- as.vector(weights(p, log = TRUE, normalize = FALSE))
  draws <- paste0("[", paste(sapply(1:chains, function(c) paste0("[", paste(sapply(1:iters, function(t) vec(ll[t, c, ])), collapse = ","), "]")), collapse = ","), "]")
  est <- function(obj, rows) paste(sapply(rows, function(r) sprintf("\"%s\":[%s,%s]", r, num(obj$estimates[r, 1]), num(obj$estimates[r, 2]))), collapse = ",")
  s <- sprintf(paste0("{\"name\":\"%s\",\"loglik\":%s,\"r_eff\":%s,\"pareto_k\":%s,\"elpd_loo_i\":%s,\"p_loo_i\":%s,",
                      "\"loo\":{%s},\"waic\":{%s},\"elpd_waic_i\":%s,\"p_waic_i\":%s,\"psis_log_weights_1\":%s,\"psis_k_1\":%s,\"tail_len_1\":%s"),
               name, draws, vec(r_eff), vec(l$diagnostics$pareto_k), vec(l$pointwise[, "elpd_loo"]), vec(l$pointwise[, "p_loo"]),
               est(l, c("elpd_loo", "p_loo", "looic")), est(w, c("elpd_waic", "p_waic", "waic")),
               vec(w$pointwise[, "elpd_waic"]), vec(w$pointwise[, "p_waic"]), vec(lw1), num(p$diagnostics$pareto_k), num(attr(p, "tail_len")[1]))
  if (!is.null(compare_with)) {
    l2 <- suppressWarnings(loo(compare_with, r_eff = relative_eff(exp(compare_with))))
    cmp <- loo_compare(list(first = l, second = l2))
    s <- paste0(s, sprintf(",\"compare_loglik\":%s,\"compare\":{\"order\":[%s],\"elpd_diff\":%s,\"se_diff\":%s}",
                           paste0("[", paste(sapply(1:dim(compare_with)[2], function(c) paste0("[", paste(sapply(1:dim(compare_with)[1], function(t) vec(compare_with[t, c, ])), collapse = ","), "]")), collapse = ","), "]"),
                           paste0("\"", rownames(cmp), "\"", collapse = ","), vec(cmp[, "elpd_diff"]), vec(cmp[, "se_diff"])))
  }
  paste0(s, "}")
}

set.seed(20261207)
y_good <- rnorm(20, 1, 2)
y_outliers <- c(rnorm(18, 0, 1), 7, 11)
y_small <- rnorm(5, 0, 1)
cases <- c(
  case_json("normal_4x250", make_ll(y_good, 4, 250, 0.5)),
  case_json("outliers_2x500", make_ll(y_outliers, 2, 500, 0.3), compare_with = make_ll(y_outliers, 2, 500, 0.3, model = "t")),
  case_json("small_1x100", make_ll(y_small, 1, 100, 0.0)),
  case_json("correlated_4x100", make_ll(y_good, 4, 100, 0.9))
)
writeLines(paste0("{\"loo_version\":\"", as.character(packageVersion("loo")), "\",\"cases\":[", paste(cases, collapse = ",\n"), "]}"), out)
