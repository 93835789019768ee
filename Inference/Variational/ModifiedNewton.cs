namespace Probabilistic.Inference.Variational;

/// <summary>
/// Minimizes f = −log p by Newton's method with Hessian modification and a backtracking line search (Nocedal &amp;
/// Wright, <i>Numerical Optimization</i>, 2nd ed.: Algorithm 3.3, "Cholesky with added multiple of the identity",
/// and Algorithm 3.1, backtracking with the Armijo condition). The Hessian is <see cref="FiniteDifferenceHessian"/>'s.
/// Far from the mode, where H is not positive definite, τI is added until it is, which turns the step towards steepest
/// descent; near a mode with a positive-definite Hessian the steps are Newton's and converge quadratically.
/// </summary>
internal static class ModifiedNewton
{
    private const double Armijo = 1e-4;        // c₁ of the sufficient-decrease condition (N&W's suggested 10⁻⁴)
    private const double Backtrack = 0.5;      // ρ, the step's contraction
    private const double MinimumStep = 1e-12;  // α below which the line search has stalled (f cannot be decreased in doubles)
    private const double ShiftFraction = 1e-3; // β of Algorithm 3.3 (N&W's 10⁻³), relative to the largest |Hᵢᵢ|

    /// <summary>The result: the minimizer, the Newton iterations taken, and max |∂ log p| there.</summary>
    public readonly record struct Result(double[] Theta, int Iterations, double GradientNorm);

    /// <exception cref="UnnamedModelException">The density is not finite at the start, or no point with a gradient below
    /// <paramref name="tolerance"/> was found within <paramref name="maxIterations"/> iterations (the coordinate with
    /// the largest derivative is named); the caller's entry point names the algorithm.</exception>
    public static Result Minimize(IDifferentiableDensity density, double[] start, int maxIterations, double tolerance, Func<int, string> describe)
    {
        int d = start.Length;
        var theta = (double[])start.Clone();
        var gradient = new double[d]; // of log p
        double logp = density.LogDensityGradient(theta, gradient);
        if (!double.IsFinite(logp))
            throw new UnnamedModelException($"the log density is {logp:R} at the starting point; give initial values where the model has a density.");
        var trial = new double[d];
        var trialGradient = new double[d];
        for (int iteration = 0; ; iteration++)
        {
            int worst = ArgMaxAbs(gradient);
            double norm = Math.Abs(gradient[worst]);
            if (norm <= tolerance) return new Result(theta, iteration, norm);
            if (iteration == maxIterations)
                throw new UnnamedModelException($"the mode was not found in {maxIterations} Newton iterations: the largest derivative of log p is {gradient[worst]:G4} along {describe(worst)} (tolerance {tolerance:G3}). The posterior may be improper, or raise MaxIterations.");
            var h = FiniteDifferenceHessian.Compute(density, theta, describe);
            var l = ShiftedCholesky(h);
            var p = CholeskyFactor.Solve(l, gradient);                  // p = −(H + τI)⁻¹ ∇f (∇ log p = −∇f): a descent direction
            double slope = 0;                                           // ∇fᵀp < 0
            for (int i = 0; i < d; i++) slope -= gradient[i] * p[i];
            double alpha = 1;
            while (true)
            {
                for (int i = 0; i < d; i++) trial[i] = theta[i] + alpha * p[i];
                double trialLogp = density.LogDensityGradient(trial, trialGradient);
                if (double.IsFinite(trialLogp) && -trialLogp <= -logp + Armijo * alpha * slope)
                {
                    (theta, trial) = (trial, theta);
                    (gradient, trialGradient) = (trialGradient, gradient);
                    logp = trialLogp;
                    break;
                }
                alpha *= Backtrack;
                if (alpha < MinimumStep)
                    throw new UnnamedModelException($"the line search stalled after {iteration} Newton iterations with the largest derivative of log p {gradient[worst]:G4} along {describe(worst)} above the tolerance {tolerance:G3}: log p cannot be increased further in double precision there. Loosen GradientTolerance.");
            }
        }
    }

    /// <summary>The Cholesky factor of H + τI for the least τ of the sequence 0 (when every Hᵢᵢ &gt; 0), β, 2β, 4β, … that makes it positive definite (Algorithm 3.3).</summary>
    private static double[,] ShiftedCholesky(double[,] h)
    {
        int d = h.GetLength(0);
        double minDiagonal = double.PositiveInfinity, maxDiagonal = 0;
        for (int i = 0; i < d; i++)
        {
            minDiagonal = Math.Min(minDiagonal, h[i, i]);
            maxDiagonal = Math.Max(maxDiagonal, Math.Abs(h[i, i]));
        }
        double beta = ShiftFraction * Math.Max(1, maxDiagonal);
        double tau = minDiagonal > 0 ? 0 : beta - minDiagonal;
        var shifted = (double[,])h.Clone();
        while (true)
        {
            for (int i = 0; i < d; i++) shifted[i, i] = h[i, i] + tau;
            if (CholeskyFactor.TryLower(shifted, out var l, out _, out _)) return l;
            tau = Math.Max(2 * tau, beta);
        }
    }

    private static int ArgMaxAbs(double[] v)
    {
        int k = 0;
        for (int i = 1; i < v.Length; i++) if (Math.Abs(v[i]) > Math.Abs(v[k])) k = i;
        return k;
    }
}
