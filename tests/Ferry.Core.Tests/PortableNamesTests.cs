using Ferry.Core.Storage;

namespace Ferry.Core.Tests;

public sealed class PortableNamesTests
{
    [Theory]
    [InlineData("report.pdf")]
    [InlineData("CONSOLE.txt")]
    [InlineData("nullable")]
    [InlineData("COM10")]
    [InlineData("LPT")]
    [InlineData(".hidden")]
    [InlineData("été 2026.txt")]
    [InlineData("a.b.c")]
    public void Ordinary_names_are_portable(string name) => Assert.True(PortableNames.IsPortable(name));

    [Theory]
    [InlineData("CON")]
    [InlineData("con")]
    [InlineData("Nul.txt")]
    [InlineData("PRN.tar.gz")]
    [InlineData("AUX")]
    [InlineData("COM1")]
    [InlineData("com9.log")]
    [InlineData("LPT1")]
    [InlineData("COM\u00B9")]
    [InlineData("NUL .txt")]
    [InlineData("name.")]
    [InlineData("name ")]
    [InlineData("file::$DATA")]
    [InlineData("a:b")]
    [InlineData("a<b")]
    [InlineData("a>b")]
    [InlineData("a\"b")]
    [InlineData("a|b")]
    [InlineData("a?b")]
    [InlineData("a*b")]
    [InlineData("a\\b")]
    [InlineData("tab\there")]
    [InlineData("\u0001")]
    [InlineData("")]
    public void Names_windows_cannot_hold_are_not(string name) => Assert.False(PortableNames.IsPortable(name));
}
