using Probabilistic.Compilation;
using Probabilistic.Tests.Inference.Algorithms;

namespace Probabilistic.Tests.Inference.Compiled;

/// <summary>
/// The compiled twin of <see cref="HmmSmcTests.TwoStateHmm"/> (z₀ ~ [.5, .5], z_t | z_{t−1} ~ [[.9, .1], [.2, .8]],
/// y_t ~ N(∓1, 1)), written by hand as the <c>[Compiled]</c> generator emits it: a particle is (z, t); a step draws z_t
/// as <c>Categorical.Sample</c> does (u = U·(p₀ + p₁); 0 when u &lt; p₀) and returns y_t's Normal log density as
/// <c>Normal.LogProb</c> computes it.
/// </summary>
public static class TwoStateHmmTwin
{
    private const double HalfLogTwoPi = 0.91893853320467274;

    /// <summary>The DSL model with its twin attached.</summary>
    public static Model<int> Model(double[] y) => CompiledModels.Attach(HmmSmcTests.TwoStateHmm(y), new Twin(y));

    /// <summary>A particle: the last state and the step index.</summary>
    public struct State
    {
        /// <summary>z_{t−1} (0 before the first step, the fold's initial state).</summary>
        public int Z;

        /// <summary>The next step t.</summary>
        public int T;
    }

    /// <summary>The particle program.</summary>
    public readonly struct Program(double[] y) : IParticleProgram<State, int>
    {
        /// <inheritdoc />
        public int Steps => y.Length;

        /// <inheritdoc />
        public void Start(ref State state) => state = default;

        /// <inheritdoc />
        public double Advance(ref State state, Rng rng)
        {
            int t = state.T;
            double p0 = t == 0 ? 0.5 : state.Z == 0 ? 0.9 : 0.2, p1 = t == 0 ? 0.5 : state.Z == 0 ? 0.1 : 0.8;
            double u = rng.NextDouble() * (p0 + p1);
            int z = u < p0 ? 0 : 1;
            state.Z = z;
            state.T = t + 1;
            double d = (y[t] - (z == 0 ? -1.0 : 1.0)) * 1.0;
            return -0.5 * d * d - (0.0 + HalfLogTwoPi);
        }

        /// <inheritdoc />
        public int Result(ref State state, Rng rng) => state.Z;
    }

    private sealed class Twin(double[] y) : CompiledModel<int>
    {
        public override string Name => "HmmSmcTests.TwoStateHmm";

        public override TOut Accept<TOut>(ICompiledModelVisitor<int, TOut> visitor) =>
            visitor.VisitParticleProgram<State, Program>(new Program(y));
    }
}
