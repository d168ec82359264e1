using Ferry.Ftp.Commands;

namespace Ferry.Ftp.Tests.Commands;

public sealed class FtpCommandTableTests
{
    [Theory]
    [InlineData("RETR")]
    [InlineData("retr")]
    [InlineData("Stor")]
    [InlineData("pAsV")]
    [InlineData("ſyst")] // long s: upper-cases to 'S' under invariant rules, or stays; either way as the string path does
    [InlineData("ı")]
    [InlineData("RETRX")]
    [InlineData("FROB")]
    [InlineData("")]
    [InlineData("ÿ")]
    public void A_typed_verb_finds_what_the_upper_cased_string_finds(string typed) =>
        Assert.Same(FtpCommandTable.Default.Find(typed.ToUpperInvariant()), FtpCommandTable.Default.FindTyped(typed));

    [Fact]
    public void A_lower_case_verb_finds_its_row() =>
        Assert.Equal("RETR", FtpCommandTable.Default.FindTyped("retr")?.Verb);

    [Fact]
    public void A_verb_longer_than_any_in_the_table_is_not_found() =>
        Assert.Null(FtpCommandTable.Default.FindTyped(new string('R', 5000)));

    [Fact]
    public void A_table_with_a_long_verb_finds_it_in_any_case()
    {
        var verb = new string('X', 40);
        var table = new FtpCommandTable([new FtpCommandSpec(verb, ArgumentRule.None, "", "help", (_, _, _) => ValueTask.CompletedTask)]);
        Assert.Same(table.Find(verb), table.FindTyped(verb.ToLowerInvariant()));
        Assert.NotNull(table.FindTyped(verb.ToLowerInvariant()));
    }
}
