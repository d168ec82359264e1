using Ferry.Ftp.Transfers;

namespace Ferry.Ftp.Tests.Transfers;

public sealed class NameGlobTests
{
    [Theory]
    [InlineData("*.txt", "a.txt", true)]
    [InlineData("*.txt", "a.txt.bak", false)]
    [InlineData("?.txt", "ab.txt", false)]
    [InlineData("a*b*c", "aXXbYYc", true)]
    [InlineData("a*b*c", "aXXbYY", false)]
    [InlineData("*", "", true)]
    [InlineData("**x", "yyx", true)]
    [InlineData("report", "report", true)]
    public void Matches_like_a_shell_glob(string pattern, string name, bool expected) =>
        Assert.Equal(expected, NameGlob.IsMatch(pattern, name));

    [Fact]
    public void A_pathological_pattern_stays_fast_enough_to_finish()
    {
        // Backtracking matchers explode on this; the iterative one is linear per star.
        Assert.False(NameGlob.IsMatch(string.Concat(Enumerable.Repeat("*a", 50)) + "b", new string('a', 200)));
    }

    [Theory]
    [InlineData("x*", true)]
    [InlineData("x?", true)]
    [InlineData("plain", false)]
    public void Detects_wildcards(string segment, bool expected) => Assert.Equal(expected, NameGlob.HasWildcards(segment));
}
