using MathNet.Numerics.LinearAlgebra;
using Probabilistic.Numerics;
using Xunit;
using static Probabilistic.Tests.Numerics.TapeProgramCheck;

namespace Probabilistic.Tests.Numerics;

/// <summary>
/// The public linear algebra on <see cref="Real"/>: values against MathNet to 1e−10, gradients against central finite
/// differences, and compiled tapes that replay them as a fresh tape (1e−12).
/// </summary>
public sealed class RealMathLinearAlgebraTests
{
    private const int K = 4;

    // A symmetric positive-definite K×K matrix from the K(K+1)/2 + K parameters p: A = B·Bᵀ + K·I with B lower triangular from p.
    private static Real[,] Spd(ReadOnlySpan<Real> p)
    {
        var b = new Real[K, K];
        int n = 0;
        for (int i = 0; i < K; i++)
            for (int j = 0; j < K; j++) b[i, j] = j <= i ? p[n++] : 0.0;
        var a = new Real[K, K];
        for (int i = 0; i < K; i++)
            for (int j = 0; j < K; j++)
            {
                Real s = i == j ? K : 0.0;
                for (int m = 0; m < K; m++) s += b[i, m] * b[j, m];
                a[i, j] = s;
            }
        return a;
    }

    private const int Tri = K * (K + 1) / 2;
    private static readonly double[] Point = Points(3, 1, Tri + K, -1, 1)[0];

    private static double[,] Values(Real[,] a)
    {
        var v = new double[a.GetLength(0), a.GetLength(1)];
        for (int i = 0; i < v.GetLength(0); i++)
            for (int j = 0; j < v.GetLength(1); j++) v[i, j] = a[i, j].Value;
        return v;
    }

    [Fact]
    public void Cholesky_and_triangular_solves_match_MathNet()
    {
        var p = Point.Select(v => (Real)v).ToArray();
        var a = Spd(p);
        var b = p.AsSpan(Tri, K).ToArray();
        var l = RealMath.Cholesky(a);
        var reference = Matrix<double>.Build.DenseOfArray(Values(a)).Cholesky().Factor;
        for (int i = 0; i < K; i++)
            for (int j = 0; j < K; j++) Assert.Equal(reference[i, j], l[i, j].Value, 1e-10);

        var lm = Matrix<double>.Build.DenseOfArray(Values(l));
        var bv = Vector<double>.Build.Dense(b.Select(x => x.Value).ToArray());
        var forward = RealMath.SolveLowerTriangular(l, b);
        var expectedForward = lm.Solve(bv);
        var lt = new Real[K, K];
        for (int i = 0; i < K; i++)
            for (int j = 0; j < K; j++) lt[i, j] = l[j, i];
        var back = RealMath.SolveUpperTriangular(lt, b);
        var expectedBack = lm.Transpose().Solve(bv);
        var product = RealMath.MatVec(a, b);
        var expectedProduct = Matrix<double>.Build.DenseOfArray(Values(a)) * bv;
        for (int i = 0; i < K; i++)
        {
            Assert.Equal(expectedForward[i], forward[i].Value, 1e-10);
            Assert.Equal(expectedBack[i], back[i].Value, 1e-10);
            Assert.Equal(expectedProduct[i], product[i].Value, 1e-10);
        }
    }

    // A scalar function of everything: the log density of b under N(0, A) written with the factor and a solve, plus a
    // quadratic form through MatVec and Dot.
    private static Real Composite(ReadOnlySpan<Real> p)
    {
        var a = Spd(p);
        var b = p.Slice(Tri, K).ToArray();
        var l = RealMath.Cholesky(a);
        var z = RealMath.SolveLowerTriangular(l, b);
        Real logDet = 0.0;
        for (int i = 0; i < K; i++) logDet += RealMath.Log(l[i, i]);
        var lt = new Real[K, K];
        for (int i = 0; i < K; i++)
            for (int j = 0; j < K; j++) lt[i, j] = l[j, i];
        var w = RealMath.SolveUpperTriangular(lt, z);
        return -0.5 * RealMath.Dot(z, z) - logDet + 0.1 * RealMath.Dot(w, RealMath.MatVec(a, b));
    }

    [Fact]
    public void Gradients_match_central_finite_differences()
    {
        var gradient = new double[Point.Length];
        new Tape().ValueAndGradient(Composite, Point, gradient);
        for (int i = 0; i < Point.Length; i++)
        {
            // Central differences with h = 1e−5: truncation O(h²·f‴) ≈ 1e−10, rounding O(ε|f|/h) ≈ 1e−11, so 1e−7 is ample.
            const double h = 1e-5;
            var up = (double[])Point.Clone();
            var down = (double[])Point.Clone();
            up[i] += h;
            down[i] -= h;
            double fd = (Composite(up.Select(v => (Real)v).ToArray()).Value - Composite(down.Select(v => (Real)v).ToArray()).Value) / (2 * h);
            Assert.True(Math.Abs(fd - gradient[i]) <= 1e-7 * Math.Max(1, Math.Abs(fd)), $"∂/∂p{i}: tape {gradient[i]:R}, finite differences {fd:R}");
        }
    }

    [Fact]
    public void The_linear_algebra_replays_as_a_fresh_tape() =>
        RecordAndReplay(Composite, Point, Points(4, 10, Point.Length, -1, 1));

    public static TheoryData<string> Kernels() => ["exp quad", "exponential", "matern 3/2"];

    private static Real[,] Covariance(string name, ReadOnlySpan<double> x, Real alpha, Real rho) => name switch
    {
        "exp quad" => RealMath.CovExpQuad(x, alpha, rho),
        "exponential" => RealMath.CovExponential(x, alpha, rho),
        _ => RealMath.CovMatern32(x, alpha, rho),
    };

    private static readonly double[] Locations = [-1.2, -0.3, 0.0, 0.4, 1.7];

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Covariance_kernels_match_their_formulas_and_replay(string name)
    {
        double alpha = 1.3, rho = 0.7, s3 = Math.Sqrt(3);
        var k = Covariance(name, Locations, alpha, rho);
        for (int i = 0; i < Locations.Length; i++)
            for (int j = 0; j < Locations.Length; j++)
            {
                double d = Math.Abs(Locations[i] - Locations[j]);
                double expected = name switch
                {
                    "exp quad" => alpha * alpha * Math.Exp(-d * d / (2 * rho * rho)),
                    "exponential" => alpha * alpha * Math.Exp(-d / rho),
                    _ => alpha * alpha * (1 + s3 * d / rho) * Math.Exp(-s3 * d / rho),
                };
                Assert.Equal(expected, k[i, j].Value, 1e-12);
            }
        // A GP marginal likelihood term through the kernel, the factor and a solve; against finite differences too.
        Func<ReadOnlySpan<Real>, Real> f = p =>
        {
            var c = Covariance(name, Locations, RealMath.Exp(p[0]), RealMath.Exp(p[1]));
            for (int i = 0; i < Locations.Length; i++) c[i, i] += 0.1;
            var l = RealMath.Cholesky(c);
            var z = RealMath.SolveLowerTriangular(l, [(Real)0.3, -0.2, 0.5, 0.1, -0.4]);
            return -0.5 * RealMath.Dot(z, z) - RealMath.Log(l[2, 2]);
        };
        RecordAndReplay(f, [0.1, -0.2], Points(name.Length, 10, 2, -1, 1));
        var g = new double[2];
        new Tape().ValueAndGradient(f, [0.1, -0.2], g);
        for (int i = 0; i < 2; i++)
        {
            const double h = 1e-5;
            double[] up = [0.1, -0.2], down = [0.1, -0.2];
            up[i] += h;
            down[i] -= h;
            double fd = (f(up.Select(v => (Real)v).ToArray()).Value - f(down.Select(v => (Real)v).ToArray()).Value) / (2 * h);
            Assert.True(Math.Abs(fd - g[i]) <= 1e-7 * Math.Max(1, Math.Abs(fd)), $"{name} ∂/∂p{i}: tape {g[i]:R}, finite differences {fd:R}");
        }
    }

    [Fact]
    public void Bad_matrices_are_rejected_with_a_clear_message()
    {
        var notSpd = new Real[,] { { 1.0, 2.0 }, { 2.0, 1.0 } };
        var e = Assert.Throws<ArgumentException>(() => RealMath.Cholesky(notSpd));
        Assert.Contains("pivot at row 1", e.Message);
        var asymmetric = new Real[,] { { 2.0, 0.5 }, { 0.4, 2.0 } };
        e = Assert.Throws<ArgumentException>(() => RealMath.Cholesky(asymmetric));
        Assert.Contains("not symmetric", e.Message);
        e = Assert.Throws<ArgumentException>(() => RealMath.SolveLowerTriangular(new Real[2, 2], new Real[3]));
        Assert.Contains("must be 3×3", e.Message);
        e = Assert.Throws<ArgumentException>(() => RealMath.CovExpQuad([0.0, 1.0], 1.0, 0.0));
        Assert.Equal("rho", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => RealMath.Dot(new Real[2], new Real[3]));
        Assert.Equal("b", e.ParamName);
    }
}
