# Stan's side of the GLM gradient comparison (run by run.sh after the panel; GLM=0 skips it).
# For each of the three GLM likelihoods of issue #16's target, normal_id_glm_lpdf, bernoulli_logit_glm_lpmf and
# poisson_log_glm_lpmf, on the data that `nuts-vs-stan`'s C# side wrote (glm-vs-stan --write-data: N = 5,000 rows,
# K = 25 correlated predictors, y simulated, and one evaluation point on the unconstrained space), this script
# compiles a Stan program whose model block is only `target += <glm>(y | X, alpha, beta[, sigma])` (flat priors;
# sigma > 0 is on the log scale, with its Jacobian), and times grad_log_prob(fit, u) in CPU microseconds per call,
# minus the CPU cost of an R call into the same compiled module that does no work (get_num_upars(fit)), as
# stan_side_by_side.R times the panel's gradients: the Rcpp dispatch and argument conversion a C++ caller would not pay.
# Rounds of at least 0.5 CPU s alternate gradient and empty calls (7 rounds each); the JSON keeps every round.
# grad_log_prob's R wrapper does more than an empty module call (argument checks, the log_prob attribute), so the
# difference overstates Stan's gradient by that R code: as a second figure, each round also times grad_log_prob on a
# program with the same parameters (K + 2 of them; the Bernoulli and Poisson points padded with a 0) and an empty
# model block (glm_null: no work but R's, the call's and sigma's log transform), and
# the JSON and the log give the gradient less that call too (gradient_us_null_*), a figure that understates Stan's
# gradient only by the null program's own few nanoseconds.
# It also writes log_prob and the gradient at the point, so that our side checks that it computes the same function.
# Compiled models are cached in the output folder as glm_<family>.rds (keyed by the program text); compiles run one
# at a time. Usage: Rscript glm_gradients.R <data folder with glm_<family>.json> <output json>
suppressPackageStartupMessages({ library(rstan); library(jsonlite) })
if (!file.exists(rstan_options("boost_lib"))) rstan_options(boost_lib = "/usr/include")
if (!file.exists(rstan_options("eigen_lib"))) rstan_options(eigen_lib = "/usr/include/eigen3")
args <- commandArgs(trailingOnly = TRUE)
folder <- args[1]; out <- args[2]
cpu <- function() { t <- proc.time(); t[["user.self"]] + t[["sys.self"]] }

programs <- list(
  normal = c("data { int<lower=0> N; int<lower=1> K; matrix[N, K] X; vector[N] y; }",
             "parameters { real alpha; vector[K] beta; real<lower=0> sigma; }",
             "model { target += normal_id_glm_lpdf(y | X, alpha, beta, sigma); }"),
  bernoulli = c("data { int<lower=0> N; int<lower=1> K; matrix[N, K] X; int<lower=0, upper=1> y[N]; }",
                "parameters { real alpha; vector[K] beta; }",
                "model { target += bernoulli_logit_glm_lpmf(y | X, alpha, beta); }"),
  poisson = c("data { int<lower=0> N; int<lower=1> K; matrix[N, K] X; int<lower=0> y[N]; }",
              "parameters { real alpha; vector[K] beta; }",
              "model { target += poisson_log_glm_lpmf(y | X, alpha, beta); }"),
  null = c("data { int<lower=1> K; }", "parameters { real alpha; vector[K] beta; real<lower=0> sigma; }", "model { }"))

compiled <- function(family) {
  code <- paste(programs[[family]], collapse = "\n")
  rds <- file.path(dirname(out), paste0("glm_", family, ".rds"))
  if (file.exists(rds)) {
    cached <- readRDS(rds)
    if (identical(cached$code, code)) return(cached$model)
  }
  model <- stan_model(model_code = code, model_name = paste0("glm_", family))
  saveRDS(list(code = code, model = model), rds)
  model
}

# CPU microseconds per call of f() over one round of at least `seconds` CPU seconds.
round_of <- function(f, seconds = 0.5) {
  n <- 0; start <- cpu()
  repeat {
    for (i in 1:200) f()
    n <- n + 200
    if (cpu() - start >= seconds) break
  }
  1e6 * (cpu() - start) / n
}

results <- list()
for (family in c("normal", "bernoulli", "poisson")) {
  model <- compiled(family)
  d <- fromJSON(file.path(folder, paste0("glm_", family, ".json")))
  data <- list(N = d$N, K = d$K, X = d$X, y = d$y)
  stopifnot(is.matrix(data$X), nrow(data$X) == d$N, ncol(data$X) == d$K, length(data$y) == d$N)
  # A stanfit over the data without sampling (one fixed-parameter iteration), for grad_log_prob.
  fit <- sampling(model, data = data, chains = 1, iter = 1, warmup = 0, algorithm = "Fixed_param", refresh = 0, seed = 1)
  u <- d$point
  stopifnot(length(u) == get_num_upars(fit))
  lp <- log_prob(fit, u)
  grad <- as.numeric(grad_log_prob(fit, u))
  null_fit <- sampling(compiled("null"), data = list(K = d$K), chains = 1, iter = 1, warmup = 0, algorithm = "Fixed_param",
                       refresh = 0, seed = 1)
  # The null program has alpha, beta and sigma: the Bernoulli and Poisson points get one more coordinate (0).
  u_null <- c(u, rep(0, get_num_upars(null_fit) - length(u)))
  for (i in 1:200) { grad_log_prob(fit, u); get_num_upars(fit); grad_log_prob(null_fit, u_null) }
  grad_rounds <- c(); empty_rounds <- c(); null_rounds <- c()
  for (r in 1:7) {
    grad_rounds <- c(grad_rounds, round_of(function() grad_log_prob(fit, u)))
    empty_rounds <- c(empty_rounds, round_of(function() get_num_upars(fit)))
    null_rounds <- c(null_rounds, round_of(function() grad_log_prob(null_fit, u_null)))
  }
  net <- grad_rounds - median(empty_rounds)
  net_null <- grad_rounds - median(null_rounds)
  results[[length(results) + 1]] <- list(family = family, N = d$N, K = d$K, log_prob = lp, gradient = grad,
    grad_log_prob_us = grad_rounds, empty_call_us = empty_rounds, null_grad_log_prob_us = null_rounds,
    gradient_us_min = min(net), gradient_us_median = median(net),
    gradient_us_null_min = min(net_null), gradient_us_null_median = median(net_null))
  cat(sprintf("stan %s_glm (N = %d, K = %d): grad_log_prob %.2f us per call (median of 7 rounds), an empty module call %.2f us, grad_log_prob of an empty model %.2f us: %.2f us per gradient less the empty call (min %.2f), %.2f less the empty model's (min %.2f)\n",
    family, d$N, d$K, median(grad_rounds), median(empty_rounds), median(null_rounds), median(net), min(net), median(net_null), min(net_null)))
}
write_json(list(stan_version = as.character(packageVersion("rstan")), glm = results), out, auto_unbox = TRUE, digits = NA, pretty = TRUE)
