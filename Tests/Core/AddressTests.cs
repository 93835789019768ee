using Xunit;

namespace Probabilistic.Tests.Core;

public class AddressTests
{
    [Fact]
    public void ParsesPrintsAndComparesStructurally()
    {
        var a = Address.Parse("theta/3/x");
        Assert.Equal("theta/3/x", a.ToString());
        Assert.Equal(3, a.Depth);
        Assert.Equal(Address.Of("theta", 3, "x"), a);
        Assert.Equal(((Address)"theta" / 3 / "x").GetHashCode(), a.GetHashCode());
        Assert.NotEqual(Address.Parse("theta/4/x"), a);
        Assert.NotEqual(Address.Parse("theta/3"), a);
        Assert.Equal(new object[] { "theta", 3, "x" }, a.Components());
    }

    [Fact]
    public void IndexAndNameComponentsDiffer()
    {
        Assert.NotEqual(Address.Root.Child(3), Address.Root.Child("x"));
        Assert.Equal(Address.Parse("3"), Address.Root.Child(3));
    }

    [Fact]
    public void PrefixesAndConcatenation()
    {
        var a = Address.Parse("a/b/2");
        Assert.True(a.StartsWith(Address.Parse("a/b")));
        Assert.True(a.StartsWith(Address.Root));
        Assert.True(a.StartsWith(a));
        Assert.False(a.StartsWith(Address.Parse("a/c")));
        Assert.Equal(a, Address.Parse("a") / Address.Parse("b/2"));
    }

    [Fact]
    public void RejectsEmptyComponents()
    {
        Assert.Throws<ArgumentException>(() => Address.Parse("a//b"));
        Assert.Throws<ArgumentException>(() => Address.Root.Child(""));
    }

    [Fact]
    public void SelectionsCombine()
    {
        var s = Selection.Prefix("x") | Selection.Of("y");
        Assert.True(s.Contains(Address.Parse("x/1")));
        Assert.True(s.Contains("y"));
        Assert.False(s.Contains("z"));
        Assert.True((!s).Contains("z"));
        Assert.False((s & Selection.Of("y")).Contains(Address.Parse("x/1")));
        Assert.True(Selection.All.Contains("anything"));
        Assert.False(Selection.None.Contains("anything"));
    }

    [Fact]
    public void ChoiceMapsAreImmutableAndStructural()
    {
        var m = ChoiceMap.Of(("a", true), (Address.Parse("b/1"), 2));
        var n = m.With("c", 3);
        Assert.Equal(2, m.Count);
        Assert.Equal(3, n.Count);
        Assert.Equal(2, n.Get<int>(Address.Parse("b/1")));
        Assert.Equal(ChoiceMap.Of((Address.Parse("b/1"), 2), ("a", true)), m);
        Assert.Equal(ChoiceMap.Of(("1", 2)), m.Submap("b"));
        var e = Assert.Throws<InvalidCastException>(() => m.Get<int>("a"));
        Assert.Contains("'a'", e.Message);
        Assert.Throws<ArgumentException>(() => ChoiceMap.Of(("a", 1), ("a", 2)));
    }
}
