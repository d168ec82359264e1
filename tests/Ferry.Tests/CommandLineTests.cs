using Ferry.Cli;

namespace Ferry.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void Words_and_flags_are_told_apart()
    {
        var line = CommandLine.Parse(["account", "add", "alice", "--home", "alice-home"]);

        Assert.Equal(["account", "add", "alice"], line.Words);
        Assert.Equal("alice-home", line.Get("home"));
        Assert.Equal(["home"], line.Names);
    }

    [Fact]
    public void A_lone_dash_is_a_word()
    {
        var line = CommandLine.Parse(["-"]);

        Assert.Equal(["-"], line.Words);
        Assert.Empty(line.Names);
    }

    [Fact]
    public void Flag_value_may_follow_as_the_next_argument()
    {
        var line = CommandLine.Parse(["serve", "--ftp-port", "2200"]);

        Assert.Equal("2200", line.Get("ftp-port"));
        Assert.Equal(["serve"], line.Words);
    }

    [Fact]
    public void Flag_value_may_follow_an_equals_sign()
    {
        var line = CommandLine.Parse(["--ftp-port=2200", "serve"]);

        Assert.Equal("2200", line.Get("ftp-port"));
        Assert.Equal(["serve"], line.Words);
    }

    [Fact]
    public void Equals_form_keeps_later_equals_signs_in_the_value()
    {
        var line = CommandLine.Parse(["--user=alice:a=b"]);

        Assert.Equal("alice:a=b", line.Get("user"));
    }

    [Fact]
    public void Next_argument_is_taken_as_the_value_even_when_it_starts_with_a_dash()
    {
        var line = CommandLine.Parse(["--user", "-odd:pw"]);

        Assert.Equal("-odd:pw", line.Get("user"));
    }

    [Fact]
    public void Repeated_flags_keep_every_value_in_order()
    {
        var line = CommandLine.Parse(["--listen", "127.0.0.1", "--listen=::1", "--user", "a:1"]);

        Assert.Equal(["127.0.0.1", "::1"], line.GetAll("listen"));
        Assert.Equal("::1", line.Get("listen"));
        Assert.Equal(["a:1"], line.GetAll("user"));
    }

    [Fact]
    public void Absent_flag_has_no_value()
    {
        var line = CommandLine.Parse(["serve"]);

        Assert.False(line.Has("root"));
        Assert.Null(line.Get("root"));
        Assert.Empty(line.GetAll("root"));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("--generate")]
    [InlineData("--version")]
    public void Switches_take_no_value(string flag)
    {
        var line = CommandLine.Parse(["account", flag, "alice"]);

        Assert.True(line.Has(flag.TrimStart('-')));
        Assert.Equal(["account", "alice"], line.Words);
    }

    [Fact]
    public void Switch_at_the_end_needs_no_value()
    {
        var line = CommandLine.Parse(["serve", "--help"]);

        Assert.True(line.Has("help"));
    }

    [Fact]
    public void Flag_missing_its_value_throws_a_usage_error_naming_it()
    {
        var error = Assert.Throws<UsageException>(() => CommandLine.Parse(["serve", "--root"]));

        Assert.Contains("--root", error.Message);
    }

    [Fact]
    public void RequireOnly_accepts_known_flags_and_help()
    {
        var line = CommandLine.Parse(["serve", "--root", "/srv", "--help"]);

        line.RequireOnly(["root"]);

        Assert.True(line.Has("root"));
    }

    [Fact]
    public void RequireOnly_rejects_an_unknown_flag_by_name()
    {
        var line = CommandLine.Parse(["serve", "--root", "/srv", "--roto", "/x"]);

        var error = Assert.Throws<UsageException>(() => line.RequireOnly(["root"]));

        Assert.Contains("--roto", error.Message);
    }

    [Fact]
    public void RequireOnly_compares_names_exactly()
    {
        var line = CommandLine.Parse(["--Root", "/srv"]);

        var error = Assert.Throws<UsageException>(() => line.RequireOnly(["root"]));

        Assert.Contains("--Root", error.Message);
    }

    [Fact]
    public void Double_dash_ends_the_options()
    {
        var parsed = CommandLine.Parse(["account", "remove", "--data", "d", "--", "-odd-name"]);
        Assert.Equal(["account", "remove", "-odd-name"], parsed.Words);
        Assert.Equal("d", parsed.Get("data"));
    }
}
