namespace Probabilistic.Inference;

/// <summary>One accepted iterate of L-BFGS: the position, log p there and ∇ log p there.</summary>
internal sealed record LbfgsIterate(double[] Theta, double LogDensity, double[] Gradient);

/// <summary>
/// L-BFGS ascent of log p (Nocedal &amp; Wright, <i>Numerical Optimization</i>, 2nd ed., Alg. 7.4 and 7.5; the
/// two-loop recursion with H₀ = (sᵀy / yᵀy) I) with a strong-Wolfe line search (Alg. 3.5/3.6), recording every
/// accepted iterate, as Pathfinder needs (Zhang et al. 2022). Convergence tests are Stan's L-BFGS ones
/// (<c>tol_obj</c>, <c>tol_rel_obj</c>, <c>tol_grad</c>, <c>tol_rel_grad</c>, <c>tol_param</c>).
/// </summary>
internal sealed class LbfgsPath
{
    private readonly IDifferentiableDensity _density;
    private readonly PathfinderOptions _o;

    public LbfgsPath(IDifferentiableDensity density, PathfinderOptions options)
    {
        _density = density;
        _o = options;
    }

    /// <summary>Evaluations of the density (with gradient) so far.</summary>
    public long Evaluations { get; private set; }

    /// <summary>Why the optimization stopped.</summary>
    public string Termination { get; private set; } = "";

    /// <summary>log p and ∇ log p at θ; NaN counts as −∞.</summary>
    public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        Evaluations++;
        double lp = _density.LogDensityGradient(theta, gradient);
        if (double.IsNaN(lp)) return double.NegativeInfinity;
        foreach (var g in gradient)
            if (!double.IsFinite(g)) return double.NegativeInfinity;
        return lp;
    }

    /// <summary>Runs from <paramref name="start"/> (log p and gradient finite there) and returns the iterates, the start first.</summary>
    public List<LbfgsIterate> Run(LbfgsIterate start)
    {
        int d = start.Theta.Length, m = _o.HistorySize;
        var path = new List<LbfgsIterate> { start };
        var s = new List<double[]>();
        var y = new List<double[]>();
        var x = start.Theta;
        double f = -start.LogDensity;
        var g = Negate(start.Gradient); // ∇f, f = −log p
        var direction = new double[d];
        for (int iteration = 1; iteration <= _o.MaxLbfgsIters; iteration++)
        {
            TwoLoop(g, s, y, direction);
            double slope = Dot(direction, g);
            if (!(slope < 0))
            {
                // Not a descent direction (curvature lost): restart from steepest descent.
                s.Clear();
                y.Clear();
                for (int i = 0; i < d; i++) direction[i] = -g[i];
                slope = Dot(direction, g);
            }
            // Without curvature pairs the direction is −∇f itself: start with Stan's init_alpha as its step length.
            double initialStep = s.Count == 0 ? _o.InitAlpha : 1.0;
            var step = LineSearch(x, f, g, direction, slope, initialStep);
            if (step is null)
            {
                Termination = "the line search found no point that satisfies the Wolfe conditions";
                break;
            }
            var (xNew, fNew, gNew) = step.Value;
            var sk = new double[d];
            var yk = new double[d];
            for (int i = 0; i < d; i++) { sk[i] = xNew[i] - x[i]; yk[i] = gNew[i] - g[i]; }
            path.Add(new LbfgsIterate(xNew, -fNew, Negate(gNew)));
            double sy = Dot(sk, yk);
            if (sy > 2.2e-16 * Dot(yk, yk))
            {
                if (s.Count == m) { s.RemoveAt(0); y.RemoveAt(0); }
                s.Add(sk);
                y.Add(yk);
            }
            double fOld = f;
            x = xNew;
            f = fNew;
            g = gNew;
            // Stan's convergence tests (stan::optimization::BFGSMinimizer), with ε the machine epsilon.
            const double eps = 2.220446049250313e-16;
            double df = Math.Abs(fNew - fOld);
            if (df < _o.TolObj) { Termination = "the change in log p was below tol_obj"; break; }
            if (df / Math.Max(Math.Max(Math.Abs(fOld), Math.Abs(fNew)), eps) < _o.TolRelObj * eps) { Termination = "the relative change in log p was below tol_rel_obj"; break; }
            if (Norm(g) < _o.TolGrad) { Termination = "the gradient norm was below tol_grad"; break; }
            TwoLoop(g, s, y, direction); // direction = −H g
            if (-Dot(direction, g) / Math.Max(Math.Abs(f), eps) < _o.TolRelGrad * eps) { Termination = "the relative gradient was below tol_rel_grad"; break; }
            if (Norm(sk) < _o.TolParam) { Termination = "the change in θ was below tol_param"; break; }
            if (iteration == _o.MaxLbfgsIters) Termination = "max_lbfgs_iters was reached";
        }
        if (Termination == "") Termination = "max_lbfgs_iters was reached";
        return path;
    }

    /// <summary>direction = −H g by the two-loop recursion (Nocedal &amp; Wright Alg. 7.4).</summary>
    private static void TwoLoop(double[] g, List<double[]> s, List<double[]> y, double[] direction)
    {
        int d = g.Length, k = s.Count;
        var q = (double[])g.Clone();
        var a = new double[k];
        for (int j = k - 1; j >= 0; j--)
        {
            a[j] = Dot(s[j], q) / Dot(y[j], s[j]);
            for (int i = 0; i < d; i++) q[i] -= a[j] * y[j][i];
        }
        double gamma = k == 0 ? 1.0 : Dot(s[k - 1], y[k - 1]) / Dot(y[k - 1], y[k - 1]);
        for (int i = 0; i < d; i++) q[i] *= gamma;
        for (int j = 0; j < k; j++)
        {
            double b = Dot(y[j], q) / Dot(y[j], s[j]);
            for (int i = 0; i < d; i++) q[i] += (a[j] - b) * s[j][i];
        }
        for (int i = 0; i < d; i++) direction[i] = -q[i];
    }

    private const double C1 = 1e-4, C2 = 0.9;

    /// <summary>A step length satisfying the strong Wolfe conditions (Nocedal &amp; Wright Alg. 3.5), or null.</summary>
    private (double[] X, double F, double[] G)? LineSearch(double[] x, double f0, double[] g0, double[] p, double slope0, double alpha1)
    {
        int d = x.Length;
        var xa = new double[d];
        var ga = new double[d];
        (double F, double Slope) Phi(double alpha)
        {
            for (int i = 0; i < d; i++) xa[i] = x[i] + alpha * p[i];
            double lp = Evaluate(xa, ga);
            if (!double.IsFinite(lp)) return (double.PositiveInfinity, double.NaN);
            for (int i = 0; i < d; i++) ga[i] = -ga[i];
            return (-lp, Dot(ga, p));
        }
        (double[], double, double[]) Here(double fa) => ((double[])xa.Clone(), fa, (double[])ga.Clone());

        double prevAlpha = 0, prevF = f0, prevSlope = slope0, alpha = alpha1;
        for (int i = 0; i < 40; i++)
        {
            var (fa, sa) = Phi(alpha);
            if (!double.IsFinite(fa))
            {
                // Left the domain (log p = −∞): shrink towards the last good point.
                alpha = prevAlpha + 0.1 * (alpha - prevAlpha);
                continue;
            }
            if (fa > f0 + C1 * alpha * slope0 || (i > 0 && fa >= prevF))
                return Zoom(prevAlpha, prevF, prevSlope, alpha, fa, sa, f0, slope0, Phi, Here);
            if (Math.Abs(sa) <= -C2 * slope0) return Here(fa);
            if (sa >= 0) return Zoom(alpha, fa, sa, prevAlpha, prevF, prevSlope, f0, slope0, Phi, Here);
            (prevAlpha, prevF, prevSlope) = (alpha, fa, sa);
            alpha *= 2;
        }
        return null;
    }

    private static (double[] X, double F, double[] G)? Zoom(double lo, double fLo, double sLo, double hi, double fHi, double sHi, double f0, double slope0,
        Func<double, (double F, double Slope)> phi, Func<double, (double[], double, double[])> here)
    {
        for (int i = 0; i < 40; i++)
        {
            double alpha = CubicMinimizer(lo, fLo, sLo, hi, fHi, sHi);
            double width = Math.Abs(hi - lo);
            double lower = Math.Min(lo, hi) + 0.1 * width, upper = Math.Max(lo, hi) - 0.1 * width;
            if (!(alpha >= lower && alpha <= upper)) alpha = 0.5 * (lo + hi);
            var (fa, sa) = phi(alpha);
            if (!double.IsFinite(fa) || fa > f0 + C1 * alpha * slope0 || fa >= fLo)
            {
                (hi, fHi, sHi) = (alpha, double.IsFinite(fa) ? fa : double.PositiveInfinity, sa);
                continue;
            }
            if (Math.Abs(sa) <= -C2 * slope0) return here(fa);
            if (sa * (hi - lo) >= 0) (hi, fHi, sHi) = (lo, fLo, sLo);
            (lo, fLo, sLo) = (alpha, fa, sa);
            if (Math.Abs(hi - lo) < 1e-16 * Math.Max(1, Math.Abs(lo))) return here(fa);
        }
        return null;
    }

    /// <summary>The minimizer of the cubic through (a, fa, sa) and (b, fb, sb) (Nocedal &amp; Wright eq. 3.59); NaN when undefined.</summary>
    private static double CubicMinimizer(double a, double fa, double sa, double b, double fb, double sb)
    {
        if (!double.IsFinite(fb) || !double.IsFinite(sb)) return double.NaN;
        double d1 = sa + sb - 3 * (fa - fb) / (a - b);
        double disc = d1 * d1 - sa * sb;
        if (disc < 0) return double.NaN;
        double d2 = Math.Sign(b - a) * Math.Sqrt(disc);
        return b - (b - a) * (sb + d2 - d1) / (sb - sa + 2 * d2);
    }

    internal static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    private static double Norm(double[] a) => Math.Sqrt(Dot(a, a));

    private static double[] Negate(double[] a) => Array.ConvertAll(a, v => -v);
}
