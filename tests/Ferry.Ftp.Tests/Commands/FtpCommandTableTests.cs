using Ferry.Core.Storage;
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

    [Fact]
    public void Feat_leaves_out_a_command_whose_storage_capability_is_missing()
    {
        var table = new FtpCommandTable(
        [
            new FtpCommandSpec("PLAIN", ArgumentRule.None, "", "help", (_, _, _) => ValueTask.CompletedTask, Feature: "PLAIN"),
            new FtpCommandSpec("TIMED", ArgumentRule.None, "", "help", (_, _, _) => ValueTask.CompletedTask, Feature: "TIMED", Requires: StorageCapabilities.SetTimes),
        ]);

        Assert.Equal(["PLAIN", "TIMED"], table.FeaturesFor(tlsEnabled: false, StorageCapabilities.SetTimes | StorageCapabilities.Append));
        Assert.Equal(["PLAIN"], table.FeaturesFor(tlsEnabled: false, StorageCapabilities.Append));
    }

    [Fact]
    public void The_standard_table_names_what_each_storage_bound_command_needs()
    {
        Assert.Equal(StorageCapabilities.Append, FtpCommandTable.Default.Find("APPE")!.Requires);
        Assert.Equal(StorageCapabilities.SetTimes, FtpCommandTable.Default.Find("MFMT")!.Requires);
        Assert.Equal(StorageCapabilities.None, FtpCommandTable.Default.Find("STOR")!.Requires);
    }
}
