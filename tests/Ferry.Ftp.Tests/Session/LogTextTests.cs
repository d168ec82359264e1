using Ferry.Ftp.Session;

namespace Ferry.Ftp.Tests.Session;

public sealed class LogTextTests
{
    [Theory]
    [InlineData("PASS secret", "PASS")]
    [InlineData("pass secret", "PASS")]
    [InlineData("PaSs\tsecret", "PASS")]
    [InlineData("PASS\0secret", "PASS")]
    [InlineData("PASS", "PASS")]
    [InlineData("PASSWORD=secret", "PASS")]
    [InlineData("   PASS secret", "PASS")]
    [InlineData("\t\0PASS secret", "PASS")]
    [InlineData("ACCT secret", "ACCT")]
    [InlineData("aCcT\u001bsecret", "ACCT")]
    public void A_line_starting_with_the_letters_PASS_or_ACCT_holds_a_secret(string line, string verb)
    {
        Assert.Equal(verb, LogText.SecretVerb(line));
    }

    [Theory]
    [InlineData("")]
    [InlineData("USER alice")]
    [InlineData("PAS secret")]
    [InlineData("XPASS secret")]
    [InlineData("RETR PASS")]
    [InlineData("ACC secret")]
    public void Other_lines_hold_none(string line)
    {
        Assert.Null(LogText.SecretVerb(line));
    }

    [Theory]
    [InlineData("plain text/é", "plain text/é")]
    [InlineData("a\u001b[2Jb", "a\\x1B[2Jb")]
    [InlineData("bell\u0007", "bell\\x07")]
    [InlineData("nul\0", "nul\\x00")]
    [InlineData("cr\rlf\n", "cr\\x0Dlf\\x0A")]
    [InlineData("tab\t", "tab\\x09")]
    [InlineData("del\u007f", "del\\x7F")]
    [InlineData("c1\u009b31m", "c1\\x9B31m")]
    [InlineData("rtl\u202Etxt.exe", "rtl\\u202Etxt.exe")]
    [InlineData("line\u2028sep", "line\\u2028sep")]
    [InlineData("pair\uD83D\uDE00", "pair\uD83D\uDE00")]
    public void Escape_shows_control_and_format_characters_as_escapes(string text, string expected)
    {
        Assert.Equal(expected, LogText.Escape(text));
    }

    [Fact]
    public void Escape_shows_a_lone_surrogate_as_an_escape()
    {
        // Built at run time: a test case string with a lone surrogate does not survive the runner's serialisation.
        var text = "lone" + (char)0xD800 + "x" + (char)0xDC00;

        Assert.Equal("lone\\uD800x\\uDC00", LogText.Escape(text));
    }

    [Fact]
    public void Escape_clips_a_long_line()
    {
        var escaped = LogText.Escape(new string('a', 5000));

        Assert.Equal(new string('a', 200) + "...", escaped);
    }
}
