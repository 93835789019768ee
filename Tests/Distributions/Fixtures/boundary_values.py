"""Log densities at and around the ends of each continuous distribution's support, from SciPy.

Prints the rows of the fixture table in Tests/Distributions/Supports/SupportBoundaryTests.cs:
    python3 Tests/Distributions/Fixtures/boundary_values.py
Each row: the distribution as Dist.* builds it, the point x, and scipy's logpdf(x) ("inf", "-inf" or a value).
"""
import math
import scipy
from scipy import stats

CASES = [
    # (C# expression, scipy frozen distribution, points)
    ("Exponential(2.5)", stats.expon(scale=1 / 2.5), [0.0, -1e-300, 1e-300, 1.0]),
    ("HalfNormal(2.5)", stats.halfnorm(scale=2.5), [0.0, -1e-300, 1.0]),
    ("HalfCauchy(5)", stats.halfcauchy(scale=5), [0.0, -1e-300, 1.0]),
    ("Gamma(0.5, 2)", stats.gamma(0.5, scale=1 / 2), [0.0, -1e-300, 1.0]),
    ("Gamma(1, 2)", stats.gamma(1, scale=1 / 2), [0.0, -1e-300, 1.0]),
    ("Gamma(2.5, 2)", stats.gamma(2.5, scale=1 / 2), [0.0, -1e-300, 1.0]),
    ("Weibull(0.5, 2)", stats.weibull_min(0.5, scale=2), [0.0, -1e-300, 1.0]),
    ("Weibull(1, 2)", stats.weibull_min(1, scale=2), [0.0, -1e-300, 1.0]),
    ("Weibull(3, 2)", stats.weibull_min(3, scale=2), [0.0, -1e-300, 1.0]),
    ("ChiSquared(1)", stats.chi2(1), [0.0, -1e-300, 1.0]),
    ("ChiSquared(2)", stats.chi2(2), [0.0, -1e-300, 1.0]),
    ("ChiSquared(5)", stats.chi2(5), [0.0, -1e-300, 1.0]),
    ("Beta(1, 3)", stats.beta(1, 3), [0.0, 1.0, -1e-300, 1.0000000000000002, 0.25]),
    ("Beta(2, 1)", stats.beta(2, 1), [0.0, 1.0, 0.25]),
    ("Beta(0.5, 0.5)", stats.beta(0.5, 0.5), [0.0, 1.0, 0.25]),
    ("Beta(2, 3)", stats.beta(2, 3), [0.0, 1.0, 0.25]),
    ("Uniform(-3, 5)", stats.uniform(loc=-3, scale=8), [-3.0, 5.0, -3.00000000000001, 5.00000000000001, 0.0]),
    ("LogNormal(0, 1)", stats.lognorm(1), [0.0, -1e-300, 1.0]),
    ("InverseGamma(2, 1)", stats.invgamma(2, scale=1), [0.0, -1e-300, 1.0]),
    ("Truncated(Normal(0, 1), -1, 2)", stats.truncnorm(-1, 2), [-1.0, 2.0, -1.0000000000000002, 2.0000000000000004, 0.5]),
    ("Normal(0, 1)", stats.norm(), [math.inf, -math.inf]),
    ("Laplace(0, 1)", stats.laplace(), [math.inf, -math.inf]),
    ("Cauchy(0, 1)", stats.cauchy(), [math.inf, -math.inf]),
    ("Logistic(0, 1)", stats.logistic(), [math.inf, -math.inf]),
    ("StudentT(3, 0, 1)", stats.t(3), [math.inf, -math.inf]),
]


def fmt(v):
    if math.isinf(v):
        return "double.PositiveInfinity" if v > 0 else "double.NegativeInfinity"
    return repr(float(v))


def point(x):
    if math.isinf(x):
        return "double.PositiveInfinity" if x > 0 else "double.NegativeInfinity"
    return repr(float(x))


print(f"// scipy {scipy.__version__}")
for expr, dist, xs in CASES:
    for x in xs:
        print(f'        ["{expr}", {point(x)}, {fmt(dist.logpdf(x))}],')
