using Probabilistic.Interpretation;
using Probabilistic.Interpretation.Handlers;
using Xunit;
using static Probabilistic.Model;
using static Probabilistic.Distributions.Dist;

namespace Probabilistic.Tests.Core.Interpretation;

public class MachineTests
{
    /// <summary>A parameter source that answers every scalar with one value.</summary>
    internal sealed class Constant(double value) : IParameterSource
    {
        public Real Scalar(Address address, Real init, IParameterConstraint? constraint) => value;
        public Real[] Vector(Address address, Real[] init, IParameterConstraint? constraint) => Array.ConvertAll(init, _ => new Real(value));
    }

    // a = Param inside WithParameters(7), observe, b = Param inside, then c = Param outside (initial value 1).
    private static readonly Model<(double A, double B, double C)> Scoped =
        from inner in (
            from a in Param("a", 1.0)
            from _ in Observe(Normal(0, 1), 0.5)
            from b in Param("b", 1.0)
            select (a.Value, b.Value)).WithParameters(new Constant(7))
        from c in Param("c", 1.0)
        select (inner.Item1, inner.Item2, c.Value);

    [Fact]
    public void AScopedHandlerAnswersInsideItsSubProgramAndIsRemovedOnExit()
    {
        var m = new Machine(new Seed(new Rng(1)));
        m.Start(Scoped);
        m.Run();
        Assert.Equal((7.0, 7.0, 1.0), m.Result<(double, double, double)>());
        Assert.Same(m.RunHandler, m.Handler);
        Assert.Null(m.Scope);
    }

    [Fact]
    public void AScopedHandlerSurvivesSaveAndLoadOnAnotherMachine()
    {
        var first = new Machine(new Suspend(1, new Seed(new Rng(1))));
        first.Start(Scoped);
        first.Run();
        Assert.True(first.Suspended);
        var cursor = first.Save();
        Assert.IsType<Substitute>(cursor.Scope!.Handler);

        // Another machine, another run handler below: the cursor's scope is bound on it, and removed on exit.
        var seed = new Seed(new Rng(2));
        var second = new Machine(seed);
        second.Load(cursor);
        Assert.IsType<Substitute>(second.Handler);
        Assert.Same(seed, ((Substitute)second.Handler).Next);
        second.Run();
        Assert.Equal((7.0, 7.0, 1.0), second.Result<(double, double, double)>());
        Assert.Same(seed, second.Handler);

        // The cursor is a value: resuming it again gives the same run.
        var third = new Machine(new Seed(new Rng(3)));
        third.Load(cursor);
        third.Run();
        Assert.Equal((7.0, 7.0, 1.0), third.Result<(double, double, double)>());
    }

    [Fact]
    public void ALoadedCursorOutsideAnyScopeRunsOnTheRunHandlerAlone()
    {
        var model = from _ in Observe(Normal(0, 1), 0.5) from p in Param("p", 3.0) select p.Value;
        var first = new Machine(new Suspend(1, new Seed(new Rng(1))));
        first.Start(model, Scope.Of(new Constant(5)));
        first.Run();
        var cursor = first.Save();
        Assert.NotNull(cursor.Scope);

        var second = new Machine(new Seed(new Rng(1)));
        second.Load(cursor);
        second.Run();
        Assert.Equal(5.0, second.Result<double>());

        var fresh = new Machine(new Seed(new Rng(1)));
        fresh.Start(model);
        fresh.Run();
        Assert.Equal(3.0, fresh.Result<double>());
    }

    [Fact]
    public void ResolvingOneChoiceTwiceGivesTheSameAddress()
    {
        var m = new Machine(new Seed(new Rng(1)));
        m.Prefix = Address.Parse("plate/3");
        var local = Address.Parse("x");
        var a = m.Resolve(local);
        Assert.Equal("plate/3/x", a.ToString());
        Assert.Same(a, m.Resolve(local));
        m.Prefix = Address.Parse("plate/4");
        Assert.Equal("plate/4/x", m.Resolve(local).ToString());
    }
}
