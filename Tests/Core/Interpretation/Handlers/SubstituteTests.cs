using Probabilistic.Interpretation;
using Probabilistic.Interpretation.Handlers;
using Xunit;
using static Probabilistic.Model;

namespace Probabilistic.Tests.Core.Interpretation.Handlers;

public class SubstituteTests
{
    private static readonly Model<(double, double)> Parameters =
        from s in Param("s", 1.0)
        from v in Param("v", [new Real(1.0), new Real(2.0)])
        select (s.Value, v[1].Value);

    [Fact]
    public void ParamsAreAnsweredByTheSource()
    {
        var m = new Machine(new Substitute(new MachineTests.Constant(4), new Seed(new Rng(1))));
        m.Start(Parameters);
        m.Run();
        Assert.Equal((4.0, 4.0), m.Result<(double, double)>());
    }

    [Fact]
    public void WithoutASourceParamsAreTheirInitialValues()
    {
        var m = new Machine(new Seed(new Rng(1)));
        m.Start(Parameters);
        m.Run();
        Assert.Equal((1.0, 2.0), m.Result<(double, double)>());
    }
}
