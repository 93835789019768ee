using Probabilistic.Numerics;

namespace Probabilistic.Tests.Numerics;

/// <summary>Evaluates a function of one or two variables on a fresh tape: value, gradient and the number of nodes it recorded.</summary>
internal static class TapeDerivative
{
    public static (double Value, double Derivative, int Nodes) Of(Func<Real, Real> f, double x)
    {
        var tape = new Tape();
        var v = tape.Variable(x);
        int before = tape.Count;
        var y = f(v);
        int nodes = tape.Count - before;
        if (y.Tape is null) return (y.Value, 0, nodes);
        tape.Gradient(y);
        return (y.Value, tape.Adjoint(v), nodes);
    }

    public static (double Value, double DA, double DB, int Nodes) Of(Func<Real, Real, Real> f, double a, double b)
    {
        var tape = new Tape();
        var va = tape.Variable(a);
        var vb = tape.Variable(b);
        int before = tape.Count;
        var y = f(va, vb);
        int nodes = tape.Count - before;
        if (y.Tape is null) return (y.Value, 0, 0, nodes);
        tape.Gradient(y);
        return (y.Value, tape.Adjoint(va), tape.Adjoint(vb), nodes);
    }
}
