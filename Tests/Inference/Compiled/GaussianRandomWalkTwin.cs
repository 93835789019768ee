using Probabilistic.Compilation;
using Probabilistic.Tests.Inference.Algorithms;

namespace Probabilistic.Tests.Inference.Compiled;

/// <summary>
/// The compiled twin of <see cref="HmmSmcTests.GaussianRandomWalk"/> (x₀ ~ N(0, s0), x_t ~ N(x_{t−1}, q),
/// y_t ~ N(x_t, r)), written by hand as the <c>[Compiled]</c> generator emits it: a particle is (x, t); a step draws x_t
/// as <c>Normal.Sample</c> does (μ + σ·ε, ε from <see cref="Rng.NextGaussian"/>) and returns y_t's Normal log density as
/// <c>Normal.LogProb</c> computes it (−z²/2 − (log σ + ½ log 2π), z = (y − x)·(1/σ)), so it matches the interpreter bit for bit.
/// </summary>
public static class GaussianRandomWalkTwin
{
    /// <summary>The DSL model with its twin attached.</summary>
    public static Model<Real> Model(double[] y, double s0, double q, double r) =>
        CompiledModels.Attach(HmmSmcTests.GaussianRandomWalk(y, s0, q, r), new Twin(y, s0, q, r));

    /// <summary>A particle: the last state and the step index.</summary>
    public struct State
    {
        /// <summary>x_{t−1} (0 before the first step).</summary>
        public double X;

        /// <summary>The next step t.</summary>
        public int T;
    }

    /// <summary>The particle program.</summary>
    public readonly struct Program(double[] y, double s0, double q, double r) : IParticleProgram<State, Real>
    {
        private readonly double _invR = 1.0 / r, _logNormalizer = Math.Log(r) + 0.91893853320467274;

        /// <inheritdoc />
        public int Steps => y.Length;

        /// <inheritdoc />
        public void Start(ref State state) => state = default;

        /// <inheritdoc />
        public double Advance(ref State state, Rng rng)
        {
            int t = state.T;
            double x = (t == 0 ? 0.0 : state.X) + (t == 0 ? s0 : q) * rng.NextGaussian();
            state.X = x;
            state.T = t + 1;
            double z = (y[t] - x) * _invR;
            return -0.5 * z * z - _logNormalizer;
        }

        /// <inheritdoc />
        public Real Result(ref State state, Rng rng) => state.X;
    }

    private sealed class Twin(double[] y, double s0, double q, double r) : CompiledModel<Real>
    {
        public override string Name => "HmmSmcTests.GaussianRandomWalk";

        public override TOut Accept<TOut>(ICompiledModelVisitor<Real, TOut> visitor) =>
            visitor.VisitParticleProgram<State, Program>(new Program(y, s0, q, r));
    }
}
