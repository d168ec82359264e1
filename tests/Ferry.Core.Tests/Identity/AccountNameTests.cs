using Ferry.Core.Identity;

namespace Ferry.Core.Tests.Identity;

public sealed class AccountNameTests
{
    [Theory]
    [InlineData("alice")]
    [InlineData("Bob42")]
    [InlineData("7")]
    [InlineData("_svc")]
    [InlineData("john.doe")]
    [InlineData("a..b")]
    [InlineData("first-last_2")]
    [InlineData("alice@example.com")]
    [InlineData("anonymous")]
    [InlineData("console")]
    [InlineData("nulled")]
    public void Names_of_letters_digits_and_dot_underscore_dash_at_are_valid(string name)
    {
        Assert.True(AccountName.IsValid(name));
        Assert.Null(AccountName.Problem(name));
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("../x")]
    [InlineData("/etc")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("C:")]
    [InlineData("C:x")]
    [InlineData(".hidden")]
    [InlineData("-rf")]
    [InlineData("@home")]
    [InlineData("alice.")]
    [InlineData("bad name")]
    [InlineData("bad:name")]
    [InlineData("tab\tname")]
    [InlineData("nul\0name")]
    [InlineData("esc\u001bname")]
    [InlineData("caf\u00e9")]
    [InlineData("\u0430lice")] // Cyrillic a: looks like "alice"
    [InlineData("CON")]
    [InlineData("nul.txt")]
    [InlineData("Com1")]
    [InlineData("lpt9.x")]
    [InlineData("")]
    public void Paths_separators_controls_non_ascii_and_device_names_are_invalid(string name)
    {
        Assert.False(AccountName.IsValid(name));
        var problem = AccountName.Problem(name);
        Assert.NotNull(problem);
        Assert.Contains("not a valid account name", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_is_invalid()
    {
        Assert.False(AccountName.IsValid(null));
    }

    [Fact]
    public void The_length_bound_is_inclusive()
    {
        Assert.True(AccountName.IsValid(new string('a', AccountName.MaxLength)));
        Assert.False(AccountName.IsValid(new string('a', AccountName.MaxLength + 1)));
    }

    [Fact]
    public void The_problem_names_the_rule_and_hides_control_characters()
    {
        var problem = AccountName.Problem("a\u001b[2Jb/c")!;

        Assert.Contains("'a?[2Jb/c'", problem, StringComparison.Ordinal);
        Assert.Contains(AccountName.Rule, problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', problem);
    }

    [Fact]
    public void ThrowIfInvalid_throws_an_argument_exception_with_the_problem()
    {
        var error = Assert.Throws<ArgumentException>(() => AccountName.ThrowIfInvalid("..", "name"));

        Assert.Equal("name", error.ParamName);
        Assert.Contains("'..' is not a valid account name", error.Message, StringComparison.Ordinal);
        AccountName.ThrowIfInvalid("alice", "name");
    }
}
