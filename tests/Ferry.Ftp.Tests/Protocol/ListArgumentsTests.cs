using Ferry.Ftp.Protocol;

namespace Ferry.Ftp.Tests.Protocol;

public class ListArgumentsTests
{
    [Theory]
    [InlineData(null, "", null)]
    [InlineData("", "", null)]
    [InlineData("   ", "", null)]
    [InlineData("pub", "", "pub")]
    [InlineData("-la", "la", null)]
    [InlineData("-al", "al", null)]
    [InlineData("-a -l", "al", null)]
    [InlineData("-la pub", "la", "pub")]
    [InlineData("-la my dir", "la", "my dir")]
    [InlineData("  -l\t-a   my dir  ", "la", "my dir")]
    [InlineData("my -la dir", "", "my -la dir")]
    [InlineData("-", "", "-")]
    [InlineData("-l -", "l", "-")]
    [InlineData("-- -la", "", "-la")]
    [InlineData("-l -- -a b", "l", "-a b")]
    [InlineData("--", "", null)]
    [InlineData("--all pub", "", "pub")]
    [InlineData("--color=auto -l", "l", null)]
    [InlineData("-1", "1", null)]
    public void SplitsLeadingOptionWordsFromThePath(string? argument, string options, string? path)
    {
        Assert.Equal(new ListArguments(options, path), ListArguments.Parse(argument));
    }

    [Theory]
    [InlineData("-a", true)]
    [InlineData("-la", true)]
    [InlineData("-l", false)]
    [InlineData("all", false)]
    [InlineData("--all", false)]
    public void ShowHiddenFollowsTheALetter(string argument, bool showHidden)
    {
        Assert.Equal(showHidden, ListArguments.Parse(argument).ShowHidden);
    }
}
