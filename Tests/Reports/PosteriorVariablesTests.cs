using Probabilistic.Reports;
using Xunit;

namespace Probabilistic.Tests.Reports;

public class PosteriorVariablesTests
{
    /// <summary>Columns group into variables with every index removed, so a plate's member columns form one variable.</summary>
    [Theory]
    [InlineData("mu", "mu")]
    [InlineData("theta[2]", "theta")]
    [InlineData("L[1,2]", "L")]
    [InlineData("y[3].z", "y.z")]
    [InlineData("return.mu", "return.mu")]
    [InlineData("odd[", "odd[")]
    public void VariableOfRemovesEveryIndex(string column, string variable) =>
        Assert.Equal(variable, PosteriorVariables.VariableOf(column));
}
